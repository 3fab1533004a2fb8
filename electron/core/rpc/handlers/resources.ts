// A profile's resources as a window sees them: its snapshot (structure, and metrics for what the
// window watches) and the window's metric subscription (electron/core/resources/metrics-room.ts).

import type { CallHandlers } from '../../../../shared/ipc';
import { DeckhandError } from '../../../../shared/errors';
import type { MetricsRoom } from '../../resources/metrics-room';
import type { ProfileRegistry } from '../registry';

export function resourceHandlers(
  registry: ProfileRegistry,
  room: MetricsRoom,
): Pick<CallHandlers, 'resources.snapshot' | 'resources.watchMetrics'> {
  return {
    'resources.snapshot': async ({ profileId }, ctx) => {
      registry.session(profileId);
      return room.snapshot(profileId, ctx?.clientId);
    },
    'resources.watchMetrics': async ({ profileId, ids }, ctx) => {
      if (!ctx)
        throw new DeckhandError({
          kind: 'internal',
          message: 'resources.watchMetrics needs a window',
        });
      registry.session(profileId);
      await room.watch(ctx.clientId, profileId, ids);
    },
  };
}
