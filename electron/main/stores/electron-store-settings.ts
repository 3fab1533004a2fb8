// Profiles (never secrets) in electron-store's settings file under the user data directory.
// The file is user-editable, so what is read back is validated; invalid entries are dropped.

import Store from 'electron-store';
import { z } from 'zod';
import type { ProfileInfo } from '../../../shared/model';
import type { SettingsStore } from '../../core/store/ports';

const profileSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  url: z.string(),
  authMode: z.enum(['password', 'token']),
  username: z.string(),
  realm: z.string().optional(),
  fingerprint: z.string().optional(),
  isDemo: z.boolean(),
});

interface SettingsFile {
  profiles: unknown[];
}

export class ElectronStoreSettings implements SettingsStore {
  private readonly store = new Store<SettingsFile>({
    name: 'settings',
    defaults: { profiles: [] },
  });

  async loadProfiles(): Promise<ProfileInfo[]> {
    const stored: unknown = this.store.get('profiles');
    if (!Array.isArray(stored)) return [];
    const profiles: ProfileInfo[] = [];
    for (const entry of stored) {
      const parsed = profileSchema.safeParse(entry);
      if (parsed.success) profiles.push(stripUndefined(parsed.data));
    }
    return profiles;
  }

  async saveProfiles(profiles: ProfileInfo[]): Promise<void> {
    this.store.set('profiles', profiles);
  }
}

function stripUndefined(profile: z.infer<typeof profileSchema>): ProfileInfo {
  const result: ProfileInfo = {
    id: profile.id,
    name: profile.name,
    url: profile.url,
    authMode: profile.authMode,
    username: profile.username,
    isDemo: profile.isDemo,
  };
  if (profile.realm !== undefined) result.realm = profile.realm;
  if (profile.fingerprint !== undefined) result.fingerprint = profile.fingerprint;
  return result;
}
