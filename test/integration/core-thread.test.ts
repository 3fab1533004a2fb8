// Core on its own worker thread, as both hosts run it (electron/host/core-thread): calls, their
// errors, broadcast events, a window's own events and console bytes all cross the thread; the
// settings and secret stores stay on this thread and keep what core saves; a thread that dies is
// started again with the profiles back, and the windows connected before are told.

import { createServer, type AddressInfo, type Socket } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySecretStore, MemorySettingsStore, passwordKey } from '../../electron/core';
import { CoreWorker, sourceCoreThreadScript } from '../../electron/host/core-thread/core-worker';
import { runCoreThread } from '../../electron/host/core-thread/serve-core';
import { startDemoCluster, type DemoCluster } from '../../electron/demo';
import { startBrowserHost } from '../../electron/serve/host';
import type { ConnectionState, ConsoleInfo, ResourceEvent } from '../../shared/model';
import { isGuest } from '../../shared/model';
import { TEST_TIMINGS } from '../kit/core';
import { createWorkerTestCore, openWorkerTestCore } from '../kit/worker-core';
import { cachedSavedAt } from '../../electron/core/cache/cached-state';
import type { FirstFrame, FirstFrameRow } from '../../shared/first-frame';
import { connectWsClient } from './contract-client';
import { DEMO_OPTIONS, failure, waitFor } from './helpers';

/** A first frame's row as it reads. */
const said = (r: FirstFrameRow) =>
  `${r.kind} ${r.kind === 'group' ? r.label : r.kind === 'note' ? r.text : r.name}`;

const cores: CoreWorker[] = [];
const demos: DemoCluster[] = [];

afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.dispose()));
  await Promise.all(demos.splice(0).map((d) => d.close()));
});

async function start(
  extra: Parameters<typeof createWorkerTestCore>[0] = {},
): Promise<{ core: CoreWorker; demo: DemoCluster; events: Recorded }> {
  const demo = await startDemoCluster(DEMO_OPTIONS);
  demos.push(demo);
  const { core } = await createWorkerTestCore({ demo, ...extra });
  cores.push(core);
  const events: Recorded = { connection: [], resources: [] };
  core.on('connection', (e) => events.connection.push(e));
  core.on('resources', (e) => events.resources.push(e));
  return { core, demo, events };
}

interface Recorded {
  connection: ConnectionState[];
  resources: ResourceEvent[];
}

/** Live: the demo keeps one node offline, so its sessions are degraded rather than online. */
const online = (events: Recorded, profileId: string) =>
  events.connection.some(
    (e) => e.profileId === profileId && (e.status === 'online' || e.status === 'degraded'),
  );

describe('core on its own thread', () => {
  it('answers calls and errors, sends every window the tree, and keeps the stores here', async () => {
    const settings = new MemorySettingsStore();
    const secrets = new MemorySecretStore();
    const { core, demo, events } = await start({ settings, secrets });

    const profile = await core.handlers['profiles.addDemo']();
    expect(profile.name).toBe('Demo cluster');
    // What core saved is in this thread's stores: the profile, and its password (in memory).
    expect((await settings.loadProfiles()).map((p) => p.id)).toEqual([profile.id]);
    expect(await secrets.get(passwordKey(profile.id))).toBe(demo.credentials.password);

    await waitFor('online', () => online(events, profile.id));
    const tree = await waitFor('the tree', () =>
      events.resources.find(
        (e): e is Extract<ResourceEvent, { kind: 'snapshot' }> =>
          e.profileId === profile.id && e.kind === 'snapshot',
      ),
    );
    // The whole tree: the demo's three nodes and its 30 guests.
    const nodes = tree.items.filter((r) => r.type === 'node').map((r) => r.id);
    expect(nodes.sort()).toEqual(['node/pve1', 'node/pve2', 'node/pve3']);
    expect(tree.items.filter(isGuest)).toHaveLength(30);

    // An error crosses with its kind and its whole message.
    const err = await failure(core.handlers['profiles.remove']({ profileId: 'no-such-profile' }));
    expect(err.toData()).toEqual({ kind: 'not-found', message: 'No profile no-such-profile' });
  });

  it("carries a window's console: its events to that window alone, and its bytes both ways", async () => {
    const { core, events } = await start();
    const profile = await core.handlers['profiles.addDemo']();
    await waitFor('online', () => online(events, profile.id));
    const snapshot = await core.handlers['resources.snapshot']({ profileId: profile.id });
    const ct = snapshot.items.find((r) => r.type === 'lxc' && r.status === 'running');
    if (!ct || !isGuest(ct)) throw new Error('the demo has a running container');

    const seen = { mine: [] as ConsoleInfo[], other: [] as ConsoleInfo[] };
    let output = '';
    const mine = core.connectClient({
      event: (name, payload) => name === 'console' && seen.mine.push(payload as ConsoleInfo),
      stream: (_id, data) => (output += Buffer.from(data).toString('utf8')),
    });
    const other = core.connectClient({
      event: (name, payload) => name === 'console' && seen.other.push(payload as ConsoleInfo),
      stream: () => undefined,
    });
    const opened = await core.handlers['console.open'](
      { profileId: profile.id, node: ct.node, kind: 'lxc', vmid: ct.vmid },
      { clientId: mine.clientId },
    );
    const id = opened.consoleId;
    await waitFor('connected', () => seen.mine.some((e) => e.status === 'connected'));
    await waitFor('the prompt', () => output.includes(`root@${ct.name}:`));
    mine.write(id, new TextEncoder().encode('echo deckhand-$((6*7))\r'));
    await waitFor('the answer', () => output.includes('deckhand-42'));
    await core.handlers['console.close']({ consoleId: id }, { clientId: mine.clientId });
    await waitFor('closed', () => seen.mine.at(-1)?.status === 'closed');
    expect(seen.other).toEqual([]);
    mine.dispose();
    other.dispose();
  });

  it('starts a lost thread again: the profiles come back, and earlier windows are told', async () => {
    const threads: Worker[] = [];
    const logged: string[] = [];
    const { core, events } = await start({
      onThread: (w) => threads.push(w),
      log: (level, msg) => logged.push(`${level}: ${msg}`),
    });
    const profile = await core.handlers['profiles.addDemo']();
    await waitFor('online', () => online(events, profile.id));
    const window = core.connectClient({ event: () => undefined, stream: () => undefined });
    let restarts = 0;
    core.onRestart(() => restarts++);

    // A call under way when the thread goes: a certificate probe of a server that never answers.
    const held: Socket[] = [];
    const silent = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const reached = new Promise<void>((resolve) => silent.once('connection', () => resolve()));
    const port = (silent.address() as AddressInfo).port;
    const underWay = failure(core.handlers['profiles.probe']({ url: `https://127.0.0.1:${port}` }));
    await reached;

    const before = events.connection.length;
    await threads[0]!.terminate();
    expect((await underWay).message).toBe(
      "Deckhand's core stopped unexpectedly (exit code 1) while this was under way. It is " +
        "starting again; if this was a change, check the cluster's tasks before repeating it.",
    );
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    await waitFor('the new core', () => restarts === 1);
    expect(threads).toHaveLength(2);
    expect(logged).toContain(
      "error: Deckhand's core stopped unexpectedly (exit code 1); starting it again",
    );
    // The profile (kept on this thread) is back, and its session comes online again.
    expect((await core.handlers['profiles.list']()).map((p) => p.id)).toEqual([profile.id]);
    await waitFor('online again', () =>
      online({ ...events, connection: events.connection.slice(before) }, profile.id),
    );
    // A window of the lost core has nothing on the new one: its calls say so.
    const stale = await failure(
      core.handlers['profiles.list'](undefined, { clientId: window.clientId }),
    );
    expect(stale.message).toBe("Deckhand's core was restarted: this window reloads its state.");
  });

  it('fails to start with the reason core gave, and leaves no thread running', async () => {
    const threads: Worker[] = [];
    const settings = new MemorySettingsStore();
    settings.loadProfiles = () => Promise.reject(new Error('settings.json is unreadable'));
    const err = await failure(createWorkerTestCore({ settings, onThread: (w) => threads.push(w) }));
    expect(err.message).toContain('settings.json is unreadable');
    expect(threads).toHaveLength(1);
    await waitFor('the thread ended', () => threads[0]!.threadId === -1);
  });

  it('runs core on this thread where the thread cannot start, and calls made meanwhile wait', async () => {
    const demo = await startDemoCluster(DEMO_OPTIONS);
    demos.push(demo);
    const logged: string[] = [];
    const core = CoreWorker.open({
      script: { url: new URL('./no-such-core-thread.js', import.meta.url) },
      settings: new MemorySettingsStore(),
      secrets: new MemorySecretStore(),
      demos: [{ id: 'cluster', name: 'Demo cluster', start: async () => demo }],
      log: (level, msg) => logged.push(`${level}: ${msg}`),
      data: {
        host: 'browser',
        appVersion: '0.0.0-test',
        demos: [{ id: 'cluster', name: 'Demo cluster' }],
        timings: TEST_TIMINGS,
      },
      sameThread: (port, data) => void runCoreThread(port, data, () => []),
    });
    cores.push(core);
    // A window that connected and asked before core is up anywhere: answered once it is.
    const window = core.connectClient({ event: () => undefined, stream: () => undefined });
    const listed = core.handlers['profiles.list'](undefined, { clientId: window.clientId });
    await core.started;
    expect(await listed).toEqual([]);
    expect(await core.handlers['profiles.list'](undefined, { clientId: window.clientId })).toEqual(
      [],
    );
    expect(
      logged.some((l) => /^warn: The core thread could not start \(.*no-such-core-thread/.test(l)),
    ).toBe(true);
    expect(logged.at(-1)).toMatch(/core runs on this thread instead$/);

    const events: Recorded = { connection: [], resources: [] };
    core.on('connection', (e) => events.connection.push(e));
    const profile = await core.handlers['profiles.addDemo']();
    await waitFor('online', () => online(events, profile.id));
  });

  it('starts its thread only when told (after the first paint); calls and windows wait for it', async () => {
    const demo = await startDemoCluster(DEMO_OPTIONS);
    demos.push(demo);
    const threads: Worker[] = [];
    let paint!: () => void;
    const painted = new Promise<void>((resolve) => (paint = resolve));
    const core = CoreWorker.open({
      script: sourceCoreThreadScript(),
      settings: new MemorySettingsStore(),
      secrets: new MemorySecretStore(),
      demos: [{ id: 'cluster', name: 'Demo cluster', start: async () => demo }],
      log: () => undefined,
      data: {
        host: 'browser',
        appVersion: '0.0.0-test',
        demos: [{ id: 'cluster', name: 'Demo cluster' }],
        timings: TEST_TIMINGS,
      },
      onThread: (w) => threads.push(w),
      startAfter: painted,
    });
    cores.push(core);
    // A window connected and calling before the thread exists.
    const events: Recorded = { connection: [], resources: [] };
    const consoleEvents: ConsoleInfo[] = [];
    core.on('connection', (e) => events.connection.push(e));
    const window = core.connectClient({
      event: (name, payload) => name === 'console' && consoleEvents.push(payload as ConsoleInfo),
      stream: () => undefined,
    });
    const added = core.handlers['profiles.addDemo'](undefined, { clientId: window.clientId });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(threads).toHaveLength(0);
    paint();
    const profile = await added;
    expect(threads).toHaveLength(1);
    await waitFor('online', () => online(events, profile.id));
    // The window connected before belongs to the core that started: its console reports to it.
    const snapshot = await core.handlers['resources.snapshot']({ profileId: profile.id });
    const ct = snapshot.items.find((r) => r.type === 'lxc' && r.status === 'running');
    if (!ct || !isGuest(ct)) throw new Error('the demo has a running container');
    const opened = await core.handlers['console.open'](
      { profileId: profile.id, node: ct.node, kind: 'lxc', vmid: ct.vmid },
      { clientId: window.clientId },
    );
    await waitFor('connected', () => consoleEvents.some((e) => e.status === 'connected'));
    await core.handlers['console.close']({ consoleId: opened.consoleId }, window);
    window.dispose();
  });

  it('says why where neither the thread nor the fallback can load core', async () => {
    const logged: string[] = [];
    const core = CoreWorker.open({
      script: { url: new URL('./no-such-core-thread.js', import.meta.url) },
      settings: new MemorySettingsStore(),
      secrets: new MemorySecretStore(),
      log: (level, msg) => logged.push(`${level}: ${msg}`),
      data: { host: 'browser', appVersion: '0.0.0-test', demos: 'none', timings: TEST_TIMINGS },
      // As Electron's fallback imports core only when it is needed, and the import fails.
      sameThread: async () => {
        throw new Error('Cannot find module core-thread.js');
      },
    });
    cores.push(core);
    const listed = failure(core.handlers['profiles.list']());
    const err = await core.started.then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toBe(
      'The core thread could not start (core could not load on this thread: Cannot find module core-thread.js)',
    );
    // The call made meanwhile is told, and not that core is starting again.
    expect((await listed).message).toMatch(
      /could not load on this thread: Cannot find module core-thread\.js.*Quit and start Deckhand again/,
    );
  });

  it('serves the last first frame while core is still starting, as core itself then serves it', async () => {
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'deckhand-core-thread-frame-'));
    try {
      const settings = new MemorySettingsStore();
      const first = await start({ settings, cacheDir });
      const profile = await first.core.handlers['profiles.addDemo']();
      await waitFor('online', () => online(first.events, profile.id));
      const frame: FirstFrame = {
        version: 1,
        savedAt: Date.now(),
        view: 'nodes',
        rows: [
          { kind: 'profile', profileId: profile.id, name: profile.name, expanded: true },
          {
            kind: 'node',
            profileId: profile.id,
            name: 'pve1',
            status: 'online',
            expanded: true,
            counts: '1/1',
          },
          {
            kind: 'guest',
            profileId: profile.id,
            level: 3,
            name: 'web01',
            vmid: 100,
            type: 'qemu',
            status: 'running',
          },
        ],
      };
      await first.core.handlers['app.saveFirstFrame']({ frame });
      // Core writes the session's last state as it closes: the next start begins from its time.
      await first.core.dispose();
      cores.splice(cores.indexOf(first.core), 1);
      const savedAt = cachedSavedAt(
        profile.id,
        await readFile(path.join(cacheDir, `${profile.id}.json`), 'utf8'),
      );
      expect(savedAt).toBeGreaterThan(0);

      const { core } = openWorkerTestCore({
        settings,
        cacheDir,
        demo: async () => {
          const demo = await startDemoCluster(DEMO_OPTIONS);
          demos.push(demo);
          return demo;
        },
      });
      cores.push(core);
      let up = false;
      void core.started.then(() => (up = true));
      // The window opened at once (as Electron's does) paints last run's tree, not a blank.
      const early = await core.firstFrame();
      expect(up).toBe(false);
      expect(early?.rows.map(said)).toEqual([
        `profile ${profile.name}`,
        'node pve1',
        'guest web01',
      ]);
      // As old as the state core's session starts from.
      expect(early?.rows[0]).toMatchObject({ kind: 'profile', seenAt: savedAt });
      await core.started;
      const served = await core.firstFrame();
      expect(served?.rows.map(said)).toEqual(early?.rows.map(said));
      const seenAt = (served?.rows[0] as { seenAt?: number }).seenAt;
      expect(seenAt).toBeGreaterThanOrEqual(savedAt!);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('has the browser host drop its pages when core starts again, and a new page gets the tree', async () => {
    const threads: Worker[] = [];
    const { core, events } = await start({ onThread: (w) => threads.push(w) });
    const profile = await core.handlers['profiles.addDemo']();
    await waitFor('online', () => online(events, profile.id));
    const dir = await mkdtemp(path.join(tmpdir(), 'deckhand-core-thread-'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Deckhand</title>');
    const host = await startBrowserHost({ core, staticDir: dir });
    try {
      const page = await connectWsClient(host);
      const closed = new Promise<void>((resolve) => page.ws.once('close', () => resolve()));
      expect((await page.invoke('profiles.list')).map((p) => p.id)).toEqual([profile.id]);

      await threads[0]!.terminate();
      // The page is dropped (it reconnects, as on any lost socket) and a new one is served.
      await closed;
      const again = await connectWsClient(host);
      // The new core's session fills the tree with its first refresh.
      await waitFor('the tree again', async () => {
        const snapshot = await again.invoke('resources.snapshot', { profileId: profile.id });
        return snapshot.items.filter(isGuest).length === 30;
      });
      await again.dispose();
      await page.dispose();
    } finally {
      await host.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
