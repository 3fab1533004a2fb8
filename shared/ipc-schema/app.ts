// Argument checks of the app's notifications (shared/ipc/app.ts).

import { z } from 'zod';

export const APP_NOTIFICATION_ARGS = {
  'app.visibility': z.object({ visible: z.boolean(), focused: z.boolean().optional() }).strict(),
};
