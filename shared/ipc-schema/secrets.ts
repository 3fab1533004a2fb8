// Argument checks of the secret store's calls (shared/ipc/secrets.ts).

import { z } from 'zod';
import { noArgs } from './blocks';

export const SECRETS_CALL_ARGS = {
  'secrets.setWeakPolicy': z.object({ policy: z.enum(['session', 'store']) }).strict(),
  'secrets.dismissProblem': noArgs,
};
