// The browser host's cipher for saved secrets: AES-256-GCM under a random key in a file of its
// own (0600) in the data directory. Anyone who can read that directory can read the secrets, so
// core treats it as a weak backend (`key-file`): secrets stay in memory unless the user chooses to
// store them anyway, warned in the UI.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SecretCipher } from '../core/ui-thread';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export class KeyFileCipher implements SecretCipher {
  private key: Promise<Buffer> | undefined;

  constructor(private readonly file: string) {}

  async available(): Promise<boolean> {
    return true;
  }

  backend(): string {
    return 'key-file';
  }

  async encrypt(plain: string): Promise<Buffer> {
    const key = await this.loadKey(true);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  async decrypt(data: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    const key = await this.loadKey(false);
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAuthTag(data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(data.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]);
    return { result: plain.toString('utf8'), shouldReEncrypt: false };
  }

  /** The key from its file; made (owner-only) on the first encryption. */
  private loadKey(create: boolean): Promise<Buffer> {
    this.key ??= (async () => {
      try {
        const key = await readFile(this.file);
        if (key.length === 32) return key;
        throw new Error(`${this.file} is not a Deckhand key file`);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !create) throw err;
      }
      await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      const key = randomBytes(32);
      const handle = await open(this.file, 'wx', 0o600);
      try {
        await handle.writeFile(key);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return key;
    })();
    const pending = this.key;
    pending.catch(() => {
      if (this.key === pending) this.key = undefined;
    });
    return pending;
  }
}
