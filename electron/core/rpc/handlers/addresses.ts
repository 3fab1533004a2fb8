// The address index of a profile (electron/core/addresses): its snapshot, and one guest read anew
// for the detail view. Changes reach windows as the 'addresses' broadcast event.

import type { CallHandlers } from '../../../../shared/ipc';
import type { ProfileRegistry } from '../registry';

type AddressCalls = 'addresses.snapshot' | 'addresses.guest';

/** A detail view opened within this long of the last read shows that read. */
const DETAIL_MAX_AGE_MS = 10_000;

export function addressHandlers(registry: ProfileRegistry): Pick<CallHandlers, AddressCalls> {
  return {
    'addresses.snapshot': async ({ profileId }) => registry.session(profileId).addresses.snapshot(),
    'addresses.guest': async ({ profileId, guestId }) =>
      (await registry.session(profileId).addresses.guest(guestId, DETAIL_MAX_AGE_MS)) ?? null,
  };
}
