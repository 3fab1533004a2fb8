// Failover from the start: the profile's own server is down when Deckhand starts, but the last
// run left the cluster's node addresses in the profile cache (no secret in it) and the nodes' pins
// in the settings. The session reaches the cluster through another node it vouched for before,
// says which and why, and moves back when asked. A node never pinned is never tried.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  FileCacheStore,
  MemorySecretStore,
  MemorySettingsStore,
  type Core,
} from '../../electron/core';
import { startDemoCluster, type DemoCluster } from '../../electron/demo';
import type { ConnectionState } from '../../shared/model';
import { createTestCore } from '../kit/core';
import { DEMO_OPTIONS, waitFor } from './helpers';

let dir: string;
let demo: DemoCluster;
let settings: MemorySettingsStore;
let secrets: MemorySecretStore;
const cores: Core[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'deckhand-failover-'));
  demo = await startDemoCluster({ ...DEMO_OPTIONS, directNodes: true, offlineNodes: 0 });
  settings = new MemorySettingsStore();
  secrets = new MemorySecretStore();
});

afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.dispose()));
  await demo.close();
  await rm(dir, { recursive: true, force: true });
});

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

async function stop(core: Core): Promise<void> {
  cores.splice(cores.indexOf(core), 1);
  await core.dispose();
}

/** An earlier run: the demo profile live, every node pinned, then core stopped (cache written). */
async function earlierRun(): Promise<{ profileId: string; cacheText: string }> {
  const core = await startCore();
  const { id: profileId } = await core.handlers['profiles.addDemo']();
  await waitFor(
    'live',
    async () => (await core.handlers['resources.snapshot']({ profileId })).seq > 0,
  );
  await waitFor('every node pinned', async () => {
    const list = await core.handlers['profiles.list']();
    const pins = list.find((p) => p.id === profileId)?.nodeFingerprints ?? {};
    return Object.keys(pins).length === 3;
  });
  await stop(core);
  const cacheText = await readFile(new FileCacheStore(dir).fileOf(profileId), 'utf8');
  return { profileId, cacheText };
}

function state(core: Core, profileId: string): Promise<ConnectionState> {
  return core.handlers['session.state']({ profileId });
}

it('starts through another pinned node when the profile’s own server is down, and moves back when asked', async () => {
  const { profileId, cacheText } = await earlierRun();
  // The cache holds the nodes' addresses, never a secret.
  expect(cacheText).toContain('"127.0.0.2"');
  expect(cacheText).not.toContain(demo.credentials.password);
  expect(cacheText).not.toMatch(/PVE:|ticket|CSRF|password/i);

  await demo.setNodeOnline('pve1', false);
  const core = await startCore();
  const via = await waitFor(
    'through pve2',
    async () => {
      const s = await state(core, profileId);
      return s.via === 'pve2' ? s : undefined;
    },
    20_000,
  );
  expect(via).toMatchObject({
    status: 'degraded',
    reason: 'pve1 is not answering; connected through pve2; Node pve1 is offline',
  });
  // Live through pve2, not the stale tree of the earlier run.
  const live = await waitFor('live through pve2', async () => {
    const snap = await core.handlers['resources.snapshot']({ profileId });
    return snap.seq > 0 ? snap : undefined;
  });
  expect(live.stale).toBeUndefined();
  // pve2's pin as the earlier run took it from the cluster: kept, not replaced.
  const profile = (await core.handlers['profiles.list']()).find((p) => p.id === profileId);
  expect(profile?.nodeFingerprints?.pve2).toBe(demo.nodeFingerprint('pve2'));

  await demo.setNodeOnline('pve1', true);
  await core.handlers['session.preferNode']({ profileId });
  const back = await waitFor('back on pve1', async () => {
    const s = await state(core, profileId);
    return s.status === 'online' ? s : undefined;
  });
  expect(back.via).toBeUndefined();
  expect(back.reason).toBeUndefined();
});

it('never tries a node the cluster did not vouch for before', async () => {
  const { profileId } = await earlierRun();
  // pve2's pin is gone from the settings (say, the user removed it): only pve3 is a way in.
  const profiles = await settings.loadProfiles();
  const p = profiles.find((x) => x.id === profileId)!;
  const { pve2: _dropped, ...rest } = p.nodeFingerprints ?? {};
  await settings.saveProfiles(
    profiles.map((x) => (x.id === profileId ? { ...x, nodeFingerprints: rest } : x)),
  );
  await demo.setNodeOnline('pve1', false);
  const core = await startCore();
  const via = await waitFor(
    'through pve3',
    async () => {
      const s = await state(core, profileId);
      return s.via ? s : undefined;
    },
    20_000,
  );
  expect(via.via).toBe('pve3');
});

it('refuses a node known from the last run whose certificate changed since, naming both fingerprints', async () => {
  const { profileId } = await earlierRun();
  const old = demo.nodeFingerprint('pve2');
  const next = await demo.rotateCertificate('pve2');
  await demo.setNodeOnline('pve1', false);
  const core = await startCore();
  const refused = await waitFor(
    'pve2 refused',
    async () => {
      const s = await state(core, profileId);
      return s.errorKind === 'tls' ? s : undefined;
    },
    20_000,
  );
  expect(refused).toMatchObject({
    status: 'offline',
    certificateNode: { name: 'pve2', url: `https://127.0.0.2:${demo.port}` },
    fingerprint: next,
    expectedFingerprint: old,
  });
});
