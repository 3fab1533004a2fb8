// What core needs from the host to keep profiles and secrets. Electron passes electron-store and
// safeStorage-backed implementations; plain Node hosts and tests pass others.

import type {
  ProfileInfo,
  SecretPersistence,
  SecretsInfo,
  WeakSecretPolicy,
} from '../../../shared/model';

/** Non-secret profile settings. */
export interface SettingsStore {
  loadProfiles(): Promise<ProfileInfo[]>;
  saveProfiles(profiles: ProfileInfo[]): Promise<void>;
}

/** Secrets (passwords, token secrets), keyed by profile id. Never plaintext on disk. */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Whether secrets outlive the process (encrypted by the OS) or are kept in memory only. */
  persistence(): Promise<SecretPersistence>;
  /** The weak-backend choice and a corrupt-file report, where the store has them. */
  info?(): Promise<SecretsInfo>;
  setWeakPolicy?(policy: WeakSecretPolicy): Promise<void>;
  dismissProblem?(): void;
}
