// What a stored profile looks like. Every settings store reads back through this: the files are
// user-editable, so what comes back is validated before core trusts it.

import { z } from 'zod';
import { PROFILE_COLORS, type ProfileInfo } from '../../../shared/model';

export const storedProfileSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  url: z.string(),
  authMode: z.enum(['password', 'token']),
  username: z.string(),
  realm: z.string().optional(),
  fingerprint: z.string().optional(),
  nodeFingerprints: z.record(z.string(), z.string()).optional(),
  isDemo: z.boolean(),
  demo: z.string().max(40).optional(),
  // A colour outside the palette (hand-edited) is dropped, not the profile.
  color: z.enum(PROFILE_COLORS).optional().catch(undefined),
  readOnly: z.boolean().optional(),
  production: z.boolean().optional(),
  rememberSecret: z.boolean().optional(),
  disabled: z.boolean().optional(),
});

export type StoredProfile = z.infer<typeof storedProfileSchema>;

/** A parsed profile as core keeps it: optional fields that are absent stay absent. */
export function toProfileInfo(stored: StoredProfile): ProfileInfo {
  const profile: ProfileInfo = { ...stored };
  if (stored.realm === undefined) delete profile.realm;
  if (stored.fingerprint === undefined) delete profile.fingerprint;
  if (stored.nodeFingerprints === undefined) delete profile.nodeFingerprints;
  for (const key of [
    'demo',
    'color',
    'readOnly',
    'production',
    'rememberSecret',
    'disabled',
  ] as const)
    if (stored[key] === undefined) delete profile[key];
  return profile;
}
