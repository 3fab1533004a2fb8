// In-memory ports for tests, benches and throw-away hosts: nothing touches the disk.

import type { ProfileInfo, SecretPersistence } from '../../../shared/model';
import type { SecretStore, SettingsStore } from './ports';

export class MemorySettingsStore implements SettingsStore {
  private profiles: ProfileInfo[];

  constructor(initial: ProfileInfo[] = []) {
    this.profiles = structuredClone(initial);
  }

  async loadProfiles(): Promise<ProfileInfo[]> {
    return structuredClone(this.profiles);
  }

  async saveProfiles(profiles: ProfileInfo[]): Promise<void> {
    this.profiles = structuredClone(profiles);
  }
}

export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }

  async persistence(): Promise<SecretPersistence> {
    return 'memory';
  }

  /** Keys held, for tests that check secrets are cleaned up. */
  keys(): string[] {
    return [...this.values.keys()];
  }
}
