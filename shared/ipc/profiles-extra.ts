// Profile calls beyond add/update/remove: duplicate one (same server, pins, settings and secret,
// a new name) and put the list in the user's order (the tree shows profiles in that order).

import type { ProfileInfo } from '../model';

export interface ProfileExtraCalls {
  /** A copy of a saved profile under a new name (default "<name> (copy)"), connected at once. */
  'profiles.duplicate': { args: { profileId: string; name?: string }; result: ProfileInfo };
  /** The profiles in this order (ids left out keep their order after the listed ones). */
  'profiles.reorder': { args: { profileIds: string[] }; result: ProfileInfo[] };
}

export const PROFILE_EXTRA_CALL_NAMES = [
  'profiles.duplicate',
  'profiles.reorder',
] as const satisfies readonly (keyof ProfileExtraCalls)[];
