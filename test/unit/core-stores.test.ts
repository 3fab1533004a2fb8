import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProfileInfo } from '../../shared/model';
import { JsonFileSettingsStore } from '../../electron/core/store/json-file';
import { MemorySecretStore, MemorySettingsStore } from '../../electron/core/store/memory';

const profile: ProfileInfo = {
  id: 'p1',
  name: 'Home lab',
  url: 'https://pve1:8006',
  authMode: 'password',
  username: 'root',
  realm: 'pam',
  fingerprint: 'AA:BB',
  isDemo: false,
};

describe('JsonFileSettingsStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'deckhand-store-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts empty when there is no file, then round-trips profiles', async () => {
    const store = new JsonFileSettingsStore(path.join(dir, 'sub', 'profiles.json'));
    expect(await store.loadProfiles()).toEqual([]);
    await store.saveProfiles([
      profile,
      { ...profile, id: 'p2', authMode: 'token', username: 'a@pve!t' },
    ]);
    const again = new JsonFileSettingsStore(path.join(dir, 'sub', 'profiles.json'));
    const loaded = await again.loadProfiles();
    expect(loaded[0]).toEqual(profile);
    expect(loaded[1]).toMatchObject({ id: 'p2', authMode: 'token' });
  });

  it('replaces the file whole and leaves no temporary files behind', async () => {
    const file = path.join(dir, 'profiles.json');
    const store = new JsonFileSettingsStore(file);
    await Promise.all([
      store.saveProfiles([profile]),
      store.saveProfiles([{ ...profile, name: 'second' }]),
      store.saveProfiles([{ ...profile, name: 'last' }]),
    ]);
    expect(await readdir(dir)).toEqual(['profiles.json']);
    const json = JSON.parse(await readFile(file, 'utf8')) as { profiles: ProfileInfo[] };
    expect(json.profiles.map((p) => p.name)).toEqual(['last']);
  });

  it('refuses a file that is not a profiles file, with its name in the message', async () => {
    const file = path.join(dir, 'profiles.json');
    await writeFile(file, '{"version":1,"profiles":[{"id":1}]}');
    await expect(new JsonFileSettingsStore(file).loadProfiles()).rejects.toThrow(file);
    await writeFile(file, 'not json');
    await expect(new JsonFileSettingsStore(file).loadProfiles()).rejects.toThrow('not valid JSON');
  });
});

describe('memory stores', () => {
  it('keep copies, not references', async () => {
    const settings = new MemorySettingsStore();
    const list = [profile];
    await settings.saveProfiles(list);
    list[0]!.name = 'mutated';
    expect((await settings.loadProfiles())[0]!.name).toBe('Home lab');
  });

  it('set, get and delete secrets', async () => {
    const secrets = new MemorySecretStore();
    await secrets.set('profile:p1:password', 's3cret');
    expect(await secrets.get('profile:p1:password')).toBe('s3cret');
    await secrets.delete('profile:p1:password');
    expect(await secrets.get('profile:p1:password')).toBeUndefined();
    expect(secrets.keys()).toEqual([]);
  });
});
