// The encrypted secret store on a real disk, with a stand-in for the OS keyring (AES-GCM under a
// key only the test holds): values are never readable in the file, each is tagged with its scheme,
// a weak backend keeps secrets in memory unless the user chose to store them, and a file that
// cannot be read is kept aside and reported, never dropped silently.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EncryptedSecretStore, type SecretCipher } from '../../electron/core';

const PASSWORD = 'correct horse battery staple';
const TOKEN = '5f0c7a8e-9d2b-4c1e-8f3a-6b7d9e0a1c2b';

/** A keyring stand-in: AES-256-GCM under a key of its own; backend and availability settable. */
function fakeKeyring(backend?: string): SecretCipher & {
  up: boolean;
  backendName: string | undefined;
  rotate: boolean;
} {
  const key = randomBytes(32);
  const ring = {
    up: true,
    backendName: backend,
    rotate: false,
    available: async () => ring.up,
    backend: () => ring.backendName,
    encrypt: async (plain: string) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt: async (data: Buffer) => {
      const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      d.setAuthTag(data.subarray(12, 28));
      const result = Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
      return { result, shouldReEncrypt: ring.rotate };
    },
  };
  return ring;
}

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'deckhand-secrets-'));
  file = path.join(dir, 'secrets.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('EncryptedSecretStore with a real keyring', () => {
  it('stores values encrypted and tagged, readable by a new store, never as plaintext', async () => {
    const ring = fakeKeyring('gnome_libsecret');
    const store = new EncryptedSecretStore({ file, cipher: ring });
    await store.set('profile:a:password', PASSWORD);
    await store.set('profile:b:token', TOKEN);
    expect(await store.persistence()).toBe('encrypted');

    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(TOKEN);
    const body = JSON.parse(text) as { version: number; secrets: Record<string, string> };
    expect(body.version).toBe(2);
    expect(Object.values(body.secrets).every((v) => v.startsWith('v1:os:'))).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    // A later start reads them back.
    const again = new EncryptedSecretStore({ file, cipher: ring });
    expect(await again.get('profile:a:password')).toBe(PASSWORD);
    expect(await again.get('profile:b:token')).toBe(TOKEN);
    await again.delete('profile:a:password');
    expect(await new EncryptedSecretStore({ file, cipher: ring }).get('profile:a:password')).toBe(
      undefined,
    );
  });

  it('reads the earlier electron-store format and rewrites it under the current tag', async () => {
    const ring = fakeKeyring();
    const legacy = `v1:safeStorage:${(await ring.encrypt(PASSWORD)).toString('base64')}`;
    await writeFile(file, JSON.stringify({ 'profile:a:password': legacy }));
    const store = new EncryptedSecretStore({ file, cipher: ring });
    expect(await store.get('profile:a:password')).toBe(PASSWORD);
    const body = JSON.parse(await readFile(file, 'utf8')) as { secrets: Record<string, string> };
    expect(body.secrets['profile:a:password']).toMatch(/^v1:os:/);
  });

  it('says clearly when the keyring is locked or a value has an unknown scheme', async () => {
    const ring = fakeKeyring();
    const store = new EncryptedSecretStore({ file, cipher: ring });
    await store.set('profile:a:password', PASSWORD);
    ring.up = false;
    const locked = new EncryptedSecretStore({ file, cipher: ring });
    await expect(locked.get('profile:a:password')).rejects.toThrow(
      'The system keyring that protects saved secrets is not available now; start it (GNOME Keyring / KWallet) and restart Deckhand, or enter the password or token again.',
    );
    ring.up = true;
    await writeFile(
      file,
      JSON.stringify({ version: 2, weakPolicy: 'session', secrets: { k: 'v9:rot13:abc' } }),
    );
    await expect(new EncryptedSecretStore({ file, cipher: ring }).get('k')).rejects.toThrow(
      'A stored secret has an unknown format; enter the password or token again.',
    );
  });
});

describe('EncryptedSecretStore on a weak backend (basic_text)', () => {
  it('keeps secrets in memory by default and stores them, tagged, once the user chooses', async () => {
    const ring = fakeKeyring('basic_text');
    const store = new EncryptedSecretStore({ file, cipher: ring });
    await store.set('profile:a:password', PASSWORD);
    expect(await store.get('profile:a:password')).toBe(PASSWORD);
    expect(await store.persistence()).toBe('memory');
    expect(await store.info()).toEqual({ weakBackend: true, weakPolicy: 'session' });
    // Nothing of it on disk.
    await expect(readFile(file, 'utf8')).rejects.toThrow(/ENOENT/);

    await store.setWeakPolicy('store');
    expect(await store.persistence()).toBe('encrypted');
    const body = JSON.parse(await readFile(file, 'utf8')) as {
      weakPolicy: string;
      secrets: Record<string, string>;
    };
    expect(body.weakPolicy).toBe('store');
    expect(body.secrets['profile:a:password']).toMatch(/^v1:basic_text:/);
    expect(JSON.stringify(body)).not.toContain(PASSWORD);
    expect(await new EncryptedSecretStore({ file, cipher: ring }).get('profile:a:password')).toBe(
      PASSWORD,
    );

    // Back to this session only: the weakly encrypted value leaves the disk, stays usable now.
    await store.setWeakPolicy('session');
    expect(await readFile(file, 'utf8')).not.toContain('profile:a:password');
    expect(await store.get('profile:a:password')).toBe(PASSWORD);
  });

  it('without any encryption keeps secrets in memory only', async () => {
    const ring = fakeKeyring();
    ring.up = false;
    const store = new EncryptedSecretStore({ file, cipher: ring });
    await store.set('profile:a:password', PASSWORD);
    expect(await store.get('profile:a:password')).toBe(PASSWORD);
    expect(await store.persistence()).toBe('memory');
    await expect(readFile(file, 'utf8')).rejects.toThrow(/ENOENT/);
  });
});

describe('a saved-secrets file that cannot be read', () => {
  it.each([
    ['not JSON', '{"profile:a:password": "v1:os:AAA'],
    ['the wrong shape', JSON.stringify({ version: 2, weakPolicy: 'always', secrets: [] })],
  ])('(%s) is kept aside with its bytes, reported, and a new file started', async (_, bytes) => {
    await writeFile(file, bytes);
    const ring = fakeKeyring();
    const store = new EncryptedSecretStore({
      file,
      cipher: ring,
      now: () => Date.UTC(2026, 11, 1, 14, 30, 0),
    });
    expect(await store.get('profile:a:password')).toBe(undefined);
    const aside = 'secrets.json.corrupt-2026-12-01T14-30-00-000Z';
    expect(await readFile(path.join(dir, aside), 'utf8')).toBe(bytes);
    expect((await store.info()).problem).toBe(
      `The saved passwords and tokens could not be read, so the file was kept as ${aside} and a new one started. Enter the password or token of each profile again (Edit credentials).`,
    );
    // The store goes on working, and the report goes once the user has seen it.
    await store.set('profile:a:password', PASSWORD);
    expect(await new EncryptedSecretStore({ file, cipher: ring }).get('profile:a:password')).toBe(
      PASSWORD,
    );
    store.dismissProblem();
    expect((await store.info()).problem).toBe(undefined);
    expect((await readdir(dir)).sort()).toEqual(['secrets.json', aside]);
  });
});
