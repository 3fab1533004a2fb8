// No secret at rest or in transit: a core with the browser host's real file stores (settings,
// secrets stored "anyway" under the key file, the last-state cache, the log) runs two profiles
// against the demo (a password and an API token), refreshes, runs a task and restarts; then every
// file it wrote and every payload it sent to the window is scanned for the secret strings and for
// tickets. The secrets file must hold the values only encrypted, and the next start reads them.

import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createCore,
  EncryptedSecretStore,
  FileCacheStore,
  FileLog,
  JsonFileSettingsStore,
  type Core,
} from '../../electron/core';
import { KeyFileCipher } from '../../electron/serve/key-file-cipher';
import { newDirectClient } from './contract-client';
import { useCores, waitFor } from './helpers';
import type { GuestResource } from '../../shared/model';

const { startDemo } = useCores();
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'deckhand-at-rest-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function allFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const p = path.join(root, entry.name);
    if (entry.isDirectory()) out.push(...(await allFiles(p)));
    else out.push(p);
  }
  return out;
}

async function startCore(): Promise<{ core: Core; log: FileLog }> {
  const log = new FileLog({ dir: path.join(dir, 'logs'), level: 'debug' });
  open.push(log);
  const core = await createCore({
    host: 'browser',
    appVersion: '0.0.0-test',
    refreshIntervalMs: 250,
    taskPollMs: 50,
    cacheDelayMs: 0,
    settings: new JsonFileSettingsStore(path.join(dir, 'settings.json')),
    secrets: new EncryptedSecretStore({
      file: path.join(dir, 'secrets.json'),
      cipher: new KeyFileCipher(path.join(dir, 'secrets.key')),
    }),
    cache: new FileCacheStore(path.join(dir, 'cache')),
    log: log.log,
  });
  open.push(core);
  return { core, log };
}

const open: Array<{ dispose(): Promise<void> | void }> = [];
afterEach(async () => {
  for (const d of open.splice(0).reverse()) await d.dispose();
});

describe('secrets at rest and in transit', () => {
  it('are in no file Deckhand writes and in no payload the window gets', async () => {
    const demo = await startDemo();
    const password = demo.credentials.password;
    const tokenSecret = demo.credentials.token.secret;

    let { core, log } = await startCore();
    let client = newDirectClient(core);
    await client.invoke('secrets.setWeakPolicy', { policy: 'store' });
    const withPassword = await client.invoke('profiles.add', {
      name: 'Lab password',
      url: demo.url,
      fingerprint: demo.fingerprint,
      auth: { mode: 'password', username: 'root', realm: 'pam', password },
    });
    const withToken = await client.invoke('profiles.add', {
      name: 'Lab token',
      url: demo.url,
      fingerprint: demo.fingerprint,
      auth: { mode: 'token', tokenId: demo.credentials.token.tokenId, secret: tokenSecret },
    });
    for (const p of [withPassword, withToken]) {
      await waitFor(`${p.name} connected`, () =>
        client.events.some(
          (e) => e.name === 'resources' && (e.payload as { profileId: string }).profileId === p.id,
        ),
      );
    }
    // A task, its log, the task list: what a user does on a first day.
    const { items } = await client.invoke('resources.snapshot', { profileId: withPassword.id });
    const stopped = items.find(
      (r): r is GuestResource => r.type === 'lxc' && r.status === 'stopped' && !r.template,
    );
    if (!stopped) throw new Error('the demo has no stopped container');
    const task = await client.invoke('guest.action', {
      profileId: withPassword.id,
      node: stopped.node,
      type: 'lxc',
      vmid: stopped.vmid,
      action: 'start',
    });
    await client.invoke('tasks.log', { profileId: withPassword.id, upid: task.upid });
    await client.invoke('tasks.list', { profileId: withToken.id });
    // The cache is written (no delay configured) once a profile refreshed.
    await waitFor('cache files', async () => (await allFiles(path.join(dir, 'cache'))).length >= 2);

    const payloads = JSON.stringify(client.events);
    await client.dispose();
    await core.dispose();
    await log.dispose();

    // The next start reads the stored secrets back and connects both profiles.
    ({ core, log } = await startCore());
    client = newDirectClient(core);
    for (const p of [withPassword, withToken]) {
      await waitFor(`${p.name} connected after restart`, () =>
        client.events.some(
          (e) =>
            e.name === 'connection' &&
            (e.payload as { profileId: string; status: string }).profileId === p.id &&
            (e.payload as { status: string }).status !== 'offline' &&
            (e.payload as { status: string }).status !== 'connecting',
        ),
      );
    }
    const payloadsAfter = JSON.stringify(client.events);
    await client.dispose();
    await core.dispose();
    await log.dispose();

    const files = await allFiles(dir);
    const names = files.map((f) => path.relative(dir, f)).sort();
    expect(names).toEqual(expect.arrayContaining(['settings.json', 'secrets.json', 'secrets.key']));
    expect(names.some((n) => n.startsWith('cache'))).toBe(true);
    expect(names.some((n) => n.startsWith('logs'))).toBe(true);
    for (const file of files) {
      const bytes = await readFile(file);
      const text = bytes.toString('utf8');
      for (const secret of [password, tokenSecret]) {
        expect(text, path.relative(dir, file)).not.toContain(secret);
        expect(bytes.includes(Buffer.from(secret)), path.relative(dir, file)).toBe(false);
      }
      expect(text, path.relative(dir, file)).not.toMatch(/PVE:[^:\s]+@[^:\s]+:[0-9A-F]{8}::/);
      // Everything Deckhand writes is for the user's eyes only.
      expect((await stat(file)).mode & 0o077, path.relative(dir, file)).toBe(0);
    }
    for (const p of [payloads, payloadsAfter]) {
      expect(p).not.toContain(password);
      expect(p).not.toContain(tokenSecret);
      expect(p).not.toMatch(/PVE:[^:\s]+@[^:\s]+:[0-9A-F]{8}::/);
    }
    // The secrets file: two values, encrypted and tagged with the scheme.
    const body = JSON.parse(await readFile(path.join(dir, 'secrets.json'), 'utf8')) as {
      secrets: Record<string, string>;
    };
    expect(Object.values(body.secrets)).toHaveLength(2);
    for (const v of Object.values(body.secrets)) expect(v).toMatch(/^v1:key-file:/);
  });
});
