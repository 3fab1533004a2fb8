// Argument checks of the metric subscription calls (shared/ipc/resources.ts).

import { z } from 'zod';
import { MAX_WATCHED_METRICS } from '../ipc/resources';
import { profileId } from './blocks';

const resourceId = z.string().min(1).max(200);

export const RESOURCES_CALL_ARGS = {
  'resources.watchMetrics': z
    .object({ profileId, ids: z.array(resourceId).max(MAX_WATCHED_METRICS) })
    .strict(),
};
