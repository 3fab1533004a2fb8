// Profiles (never secrets) in electron-store's settings file under the user data directory.
// The file is user-editable, so what is read back is validated; invalid entries are dropped.

import Store from 'electron-store';
import type { ProfileInfo } from '../../../shared/model';
import { storedProfileSchema, toProfileInfo, type SettingsStore } from '../../core/ui-thread';

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
      const parsed = storedProfileSchema.safeParse(entry);
      if (parsed.success) profiles.push(toProfileInfo(parsed.data));
    }
    return profiles;
  }

  async saveProfiles(profiles: ProfileInfo[]): Promise<void> {
    this.store.set('profiles', profiles);
  }
}
