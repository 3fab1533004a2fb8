// Argument checks of the demo calls (shared/ipc/demos.ts).

import { z } from 'zod';
import { noArgs } from './blocks';

const demoId = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9-]+$/, 'a demo id such as "standalone"');

export const DEMO_CALL_ARGS = {
  'demos.list': noArgs,
  'demos.add': z.object({ demos: z.array(demoId).max(20).optional() }).strict(),
};
