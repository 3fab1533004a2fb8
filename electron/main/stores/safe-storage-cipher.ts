// Electron's safeStorage as core's SecretCipher: Keychain, DPAPI, libsecret or KWallet encrypt;
// on Linux the backend's name lets core tell a real keyring from `basic_text` (a built-in key).

import { safeStorage } from 'electron';
import type { SecretCipher } from '../../core/ui-thread';

export const safeStorageCipher: SecretCipher = {
  available: () => safeStorage.isAsyncEncryptionAvailable(),
  backend: () =>
    process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined,
  encrypt: (plain) => safeStorage.encryptStringAsync(plain),
  decrypt: (data) => safeStorage.decryptStringAsync(data),
};
