// The demo calls (shared/ipc/demos.ts), bound to the profile service.

import type { CallHandlers } from '../../../../shared/ipc';
import type { ProfileService } from '../profile-service';

export function demoHandlers(
  profiles: ProfileService,
): Pick<CallHandlers, 'demos.list' | 'demos.add'> {
  return {
    'demos.list': async () => profiles.demoOffers(),
    'demos.add': (args) => profiles.addDemos(args.demos),
  };
}
