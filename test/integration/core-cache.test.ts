// Instant start: each profile's last known state is kept on disk (no secret, no ticket, no live
// metrics) and served at once by the next core, marked stale with when it was seen, until the
// live state replaces it; an unreachable profile keeps it, with its reason. A corrupt cache file
// is ignored and replaced, never fatal.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import {
  FileCacheStore,
  MemorySecretStore,
  MemorySettingsStore,
  type Core,
} from '../../electron/core';
import { startDemoCluster, type DemoCluster } from '../../electron/demo';
import { isGuest } from '../../shared/model';
import { createTestCore } from '../kit/core';
import { DEMO_OPTIONS } from './helpers';

/** Wait until the async probe gives something (a condition, never a sleep). */
function until<T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> {
  return vi.waitFor(
    async () => {
      const v = await probe();
      if (v === undefined || v === false) throw new Error(`timed out waiting for ${what}`);
      return v;
    },
    { timeout: 15_000, interval: 20 },
  );
}

let dir: string;
let demo: DemoCluster;
const cores: Core[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'deckhand-cache-'));
  demo = await startDemoCluster(DEMO_OPTIONS);
});

afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.dispose()));
  await demo.close();
  await rm(dir, { recursive: true, force: true });
});

const settings = new MemorySettingsStore();
const secrets = new MemorySecretStore();

async function startCore(): Promise<Core> {
  const { core } = await createTestCore({
    // The same cluster across both runs: a core's end must not close it.
    demo: new Proxy(demo, {
      get: (target, key) => (key === 'close' ? async () => undefined : Reflect.get(target, key)),
    }),
    settings,
    secrets,
    cache: new FileCacheStore(dir),
    cacheDelayMs: 50,
  });
  cores.push(core);
  return core;
}

/** A first run: the demo profile connected and refreshed, then core stopped (its cache written). */
async function firstRun(): Promise<{ profileId: string; names: string[]; file: string }> {
  const core = await startCore();
  const { id: profileId } = await core.handlers['profiles.addDemo']();
  const snap = await until('the first refresh', async () => {
    const s = await core.handlers['resources.snapshot']({ profileId });
    return s.seq > 0 ? s : undefined;
  });
  const live = snap;
  const names = live.items
    .filter(isGuest)
    .map((g) => g.name ?? '')
    .sort();
  const file = new FileCacheStore(dir).fileOf(profileId);
  cores.splice(cores.indexOf(core), 1);
  await core.dispose();
  return { profileId, names, file };
}

it('serves the last run’s tree at once, stale with its age, keeps it while unreachable, then goes live', async () => {
  const { profileId, names, file } = await firstRun();
  const text = await readFile(file, 'utf8');
  // Never a secret, a ticket or a live metric on disk.
  expect(text).not.toContain(demo.credentials.password);
  expect(text).not.toMatch(/PVE:|ticket|CSRF|password/i);
  expect(text).not.toMatch(/"cpu"|"mem"|"netin"/);
  expect(text).toContain(names[0]!);

  // The cluster is away (the VPN is down) when Deckhand starts again.
  demo.addFault({ kind: 'drop' });
  const core = await startCore();
  const first = await core.handlers['resources.snapshot']({ profileId });
  expect(first.seq).toBe(0);
  expect(first.stale?.savedAt).toBeGreaterThan(0);
  expect(
    first.items
      .filter(isGuest)
      .map((g) => g.name ?? '')
      .sort(),
  ).toEqual(names);
  const state = await core.handlers['session.state']({ profileId });
  expect(state.lastRefresh).toBe(first.stale?.savedAt);
  expect(state.version).toBe(demo.version);

  // Unreachable: offline with its reason, the last state still served (stale).
  const offline = await until('offline', async () => {
    const s = await core.handlers['session.state']({ profileId });
    return s.status === 'offline' ? s : undefined;
  });
  expect(offline.reason).toBeTruthy();
  const still = await core.handlers['resources.snapshot']({ profileId });
  expect(still.stale?.savedAt).toBe(first.stale?.savedAt);
  expect(still.items).toHaveLength(first.items.length);

  // Back: the live state replaces it.
  demo.clearFaults();
  await core.handlers['session.reconnect']({ profileId });
  const live = await core.handlers['resources.snapshot']({ profileId });
  expect(live.seq).toBeGreaterThan(0);
  expect(live.stale).toBeUndefined();
});

it('ignores a corrupt cache file (the profile starts as without one) and replaces it', async () => {
  const { profileId, file } = await firstRun();
  await writeFile(file, '{"format":"deckhand-profile-cache","version":1,"items":[{"id":');
  const core = await startCore();
  const first = await core.handlers['resources.snapshot']({ profileId });
  expect(first.stale).toBeUndefined();
  await until('the cache rewritten', async () => {
    const text = await readFile(file, 'utf8').catch(() => '');
    return text.includes('"items":[{') && JSON.parse(text).profileId === profileId;
  });
});
