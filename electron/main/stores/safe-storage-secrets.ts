// Secrets encrypted with Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet) and kept in
// their own electron-store file. Each value carries an algorithm tag so the format can change.
// Storing is refused when no real protection exists: on Linux, the `basic_text` backend encrypts
// with a hard-coded key and is no protection at all.

import Store from 'electron-store';
import { safeStorage } from 'electron';
import { DeckhandError } from '../../../shared/errors';
import type { SecretStore } from '../../core/store/ports';

const TAG = 'v1:safeStorage:';

export class SafeStorageSecrets implements SecretStore {
  private readonly store = new Store<Record<string, string>>({
    name: 'secrets',
    // Keys are profile ids; never interpret dots in them as paths.
    accessPropertiesByDotNotation: false,
  });

  async get(key: string): Promise<string | undefined> {
    const stored: unknown = this.store.get(key);
    if (stored === undefined) return undefined;
    if (typeof stored !== 'string' || !stored.startsWith(TAG)) {
      throw new DeckhandError({
        kind: 'internal',
        message: 'A stored secret has an unknown format; enter the password or token again.',
      });
    }
    await assertProtected();
    const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(
      Buffer.from(stored.slice(TAG.length), 'base64'),
    );
    if (shouldReEncrypt) await this.set(key, result);
    return result;
  }

  async set(key: string, value: string): Promise<void> {
    await assertProtected();
    const encrypted = await safeStorage.encryptStringAsync(value);
    this.store.set(key, `${TAG}${encrypted.toString('base64')}`);
  }

  async delete(key: string): Promise<void> {
    this.store.delete(key);
  }
}

async function assertProtected(): Promise<void> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    throw new DeckhandError({
      kind: 'internal',
      message: 'Secure storage is not available on this system, so secrets cannot be saved.',
    });
  }
  if (process.platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') {
      throw new DeckhandError({
        kind: 'internal',
        message:
          'No system keyring (GNOME Keyring / libsecret or KWallet) is available, so secrets ' +
          'cannot be saved securely. Start a keyring service and restart Deckhand.',
      });
    }
  }
}
