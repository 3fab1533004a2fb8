// Argument checks of the extra profile calls (shared/ipc/profiles-extra.ts).

import { z } from 'zod';
import { profileId, profileName } from './blocks';

export const PROFILE_EXTRA_CALL_ARGS = {
  'profiles.duplicate': z.object({ profileId, name: profileName.optional() }).strict(),
  'profiles.reorder': z.object({ profileIds: z.array(profileId).max(1000) }).strict(),
};
