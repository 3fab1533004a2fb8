// Secrets encrypted with Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet) and kept in
// their own electron-store file. Each value carries an algorithm tag so the format can change.
// Where no real protection exists (no encryption at all, or Linux's `basic_text` backend, which
// encrypts with a hard-coded key) nothing is written: secrets are kept in memory for this run
// only, and app.info tells the renderer so, which tells the user.

import Store from 'electron-store';
import { safeStorage } from 'electron';
import { DeckhandError } from '../../../shared/errors';
import type { SecretPersistence } from '../../../shared/model';
import type { SecretStore } from '../../core';

const TAG = 'v1:safeStorage:';

export class SafeStorageSecrets implements SecretStore {
  private readonly store = new Store<Record<string, string>>({
    name: 'secrets',
    // Keys are profile ids; never interpret dots in them as paths.
    accessPropertiesByDotNotation: false,
  });
  /** Used instead of the file when the OS offers no real protection. */
  private readonly memory = new Map<string, string>();

  async persistence(): Promise<SecretPersistence> {
    return (await isProtected()) ? 'encrypted' : 'memory';
  }

  async get(key: string): Promise<string | undefined> {
    if (this.memory.has(key)) return this.memory.get(key);
    const stored: unknown = this.store.get(key);
    if (stored === undefined) return undefined;
    if (typeof stored !== 'string' || !stored.startsWith(TAG)) {
      throw new DeckhandError({
        kind: 'internal',
        message: 'A stored secret has an unknown format; enter the password or token again.',
      });
    }
    if (!(await isProtected())) {
      throw new DeckhandError({
        kind: 'internal',
        message:
          'The system keyring that protects saved secrets is not available now; start it (GNOME ' +
          'Keyring / KWallet) and restart Deckhand, or enter the password or token again.',
      });
    }
    const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(
      Buffer.from(stored.slice(TAG.length), 'base64'),
    );
    if (shouldReEncrypt) await this.set(key, result);
    return result;
  }

  async set(key: string, value: string): Promise<void> {
    if (!(await isProtected())) {
      this.memory.set(key, value);
      this.store.delete(key);
      return;
    }
    const encrypted = await safeStorage.encryptStringAsync(value);
    this.store.set(key, `${TAG}${encrypted.toString('base64')}`);
    this.memory.delete(key);
  }

  async delete(key: string): Promise<void> {
    this.memory.delete(key);
    this.store.delete(key);
  }
}

async function isProtected(): Promise<boolean> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return false;
  if (process.platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') return false;
  }
  return true;
}
