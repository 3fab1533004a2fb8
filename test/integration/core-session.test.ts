// ProfileSession against the demo cluster: the refresh loop, deltas, connection states for offline
// and unreachable nodes, certificate changes, and a clean dispose.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../electron/demo';
import { DeckhandError } from '../../shared/errors';
import type { ConnectionState, GuestResource, ResourceEvent, TaskInfo } from '../../shared/model';
import { isGuest } from '../../shared/model';
import {
  ProfileSession,
  type ProfileSessionOptions,
} from '../../electron/core/session/profile-session';
import { Agent } from 'undici';
import { demoRequest } from './demo-http';
import { demoSessionOptions } from '../kit/session';
import { DEMO_OPTIONS, waitFor } from './helpers';

let demo: DemoCluster;
let session: ProfileSession | undefined;
let states: ConnectionState[];
let resources: ResourceEvent[];
let tasks: TaskInfo[];

beforeEach(async () => {
  demo = await startDemoCluster(DEMO_OPTIONS);
  states = [];
  resources = [];
  tasks = [];
});

afterEach(async () => {
  await session?.dispose();
  session = undefined;
  await demo.close();
});

function open(extra: Partial<ProfileSessionOptions> = {}): ProfileSession {
  session = new ProfileSession(
    demoSessionOptions(
      demo,
      {
        connection: (s) => states.push(s),
        resources: (e) => resources.push(e),
        task: (t) => tasks.push(t),
      },
      {
        refreshIntervalMs: 200,
        taskPollMs: 50,
        client: { retryBackoff: { baseMs: 10, capMs: 50 } },
        ...extra,
      },
    ),
  );
  return session;
}

function count(key: string): number {
  return demo.requestCounts().get(key) ?? 0;
}

describe('refresh loop', () => {
  it('starts with a snapshot, then one GET /cluster/resources per tick and nothing per guest', async () => {
    const s = open();
    await s.tick();
    expect(resources).toHaveLength(1);
    const first = resources[0]!;
    expect(first.kind).toBe('snapshot');
    if (first.kind !== 'snapshot') return;
    expect(first.items.some((r) => r.type === 'node')).toBe(true);
    expect(first.items.filter(isGuest).length).toBeGreaterThan(5);

    const before = count('GET /api2/json/cluster/resources');
    await s.tick();
    await s.tick();
    expect(count('GET /api2/json/cluster/resources')).toBe(before + 2);
    // Per guest only the address index's background reads, once each, never one per tick.
    const perGuest = [...demo.requestCounts()].filter(([p]) => /\/(qemu|lxc)\/\d+/.test(p));
    expect(perGuest.filter(([p]) => !/\/(config|interfaces|agent\/[a-z-]+)$/.test(p))).toEqual([]);
    expect(perGuest.filter(([, n]) => n > 1)).toEqual([]);
  });

  it('sends nothing for a tick in which nothing changed', async () => {
    const s = open();
    await s.tick();
    await s.tick();
    expect(resources.map((e) => e.kind)).toEqual(['snapshot']);
    expect(s.snapshot().seq).toBe(1);
  });

  it('sends a delta with the next seq when a guest changes', async () => {
    const s = open();
    await s.tick();
    const snap = resources[0];
    if (snap?.kind !== 'snapshot') throw new Error('no snapshot');
    const ct = snap.items.find(
      (r): r is GuestResource =>
        r.type === 'lxc' && r.status === 'stopped' && !r.template && !r.lock && r.node !== 'pve3',
    );
    if (!ct) throw new Error('demo has no stopped container');
    const task = await s.action(
      { profileId: 'demo', node: ct.node, type: 'lxc', vmid: ct.vmid },
      'start',
    );
    await waitFor('task end', () =>
      tasks.find((t) => t.upid === task.upid && t.status === 'stopped'),
    );
    const delta = await waitFor('delta', () =>
      resources.find(
        (e) =>
          e.kind === 'delta' && e.changed.some((c) => c.id === ct.id && c.set.status === 'running'),
      ),
    );
    expect(delta.seq).toBe(snap.seq + 1);
  });

  it('runs on its own timer and never overlaps ticks', async () => {
    const s = open();
    s.start();
    await waitFor('three refreshes', () => count('GET /api2/json/cluster/resources') >= 3);
    // Ticks called while the loop runs join it instead of running beside it.
    await Promise.all([s.tick(), s.tick(), s.tick()]);
    expect(resources.filter((e) => e.kind === 'snapshot')).toHaveLength(1);
  });
});

describe('connection state', () => {
  it('goes connecting → degraded when a node is offline, its guests unknown', async () => {
    const s = open();
    expect(s.state.status).toBe('connecting');
    await s.tick();
    const state = s.state;
    expect(state).toMatchObject({
      status: 'degraded',
      reason: 'Node pve3 is offline',
      offlineNodes: ['pve3'],
      identity: 'root@pam',
    });
    expect(state.version).toMatch(/^\d/);
    const { items } = s.snapshot();
    const onPve3 = items.filter(isGuest).filter((g) => g.node === 'pve3');
    expect(onPve3.length).toBeGreaterThan(0);
    expect(onPve3.every((g) => g.status === 'unknown')).toBe(true);
  });

  it('is online when every node is', async () => {
    await demo.close();
    demo = await startDemoCluster({ offlineNodes: 0, statsIntervalMs: 3_600_000 });
    const s = open();
    await s.tick();
    expect(s.state).toMatchObject({ status: 'online', offlineNodes: [] });
  });

  it('shows a node that answers 595 as unreachable and the action error names it', async () => {
    const s = open();
    await s.tick();
    const guest = s
      .snapshot()
      .items.filter(isGuest)
      .find((g) => g.node === 'pve2' && g.status === 'running');
    if (!guest) throw new Error('no running guest on pve2');
    demo.addFault({ kind: 'status', status: 595, path: /\/nodes\/pve2\// });
    let caught: unknown;
    try {
      await s.action(
        { profileId: 'demo', node: 'pve2', type: guest.type, vmid: guest.vmid },
        'shutdown',
      );
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DeckhandError);
    expect(caught).toMatchObject({ kind: 'unreachable', node: 'pve2' });
    expect(s.state.status).toBe('degraded');
    expect(s.state.offlineNodes).toEqual(['pve2', 'pve3']);
    expect(s.state.reason).toBe('Node pve3 is offline; Node pve2 is unreachable');
  });

  it('re-checks an unreachable node on the next refresh and clears it once the node answers', async () => {
    const s = open();
    await s.tick();
    const guest = s
      .snapshot()
      .items.filter(isGuest)
      .find((g) => g.node === 'pve2' && g.status === 'running');
    if (!guest) throw new Error('no running guest on pve2');
    const heal = demo.addFault({ kind: 'status', status: 595, path: /\/nodes\/pve2\// });
    const ref = { profileId: 'demo', node: 'pve2', type: guest.type, vmid: guest.vmid };
    await expect(s.action(ref, 'shutdown')).rejects.toMatchObject({ kind: 'unreachable' });
    expect(s.state.reason).toBe('Node pve3 is offline; Node pve2 is unreachable');

    // The cluster still lists pve2 online: the next refresh asks the node itself, which still
    // fails, so the warning stays (no flapping)...
    const probes = () => count('GET /api2/json/nodes/pve2/version');
    const before = probes();
    await s.tick();
    expect(probes()).toBe(before + 1);
    expect(s.state.offlineNodes).toEqual(['pve2', 'pve3']);

    // ...and once the node answers again, the very next refresh clears it.
    heal();
    await s.tick();
    expect(s.state).toMatchObject({
      status: 'degraded',
      reason: 'Node pve3 is offline',
      offlineNodes: ['pve3'],
    });
    // Nothing more is sent to a node that is not in doubt.
    await s.tick();
    expect(probes()).toBe(before + 2);
  });

  it('keeps working through an expired ticket without the user noticing', async () => {
    const s = open();
    await s.tick();
    const seen = states.length;
    demo.expireTickets();
    await s.tick();
    expect(states.slice(seen)).toEqual([]);
    expect(s.state.status).toBe('degraded'); // pve3, as before
    expect(count('POST /api2/json/access/ticket')).toBe(2);
  });

  it('renews the ticket as it ages and stays connected', async () => {
    let offset = 0;
    const s = open({ now: () => Date.now() + offset });
    await s.tick();
    demo.advanceClock(100 * 60);
    offset += 100 * 60_000;
    await s.tick();
    expect(count('POST /api2/json/access/ticket')).toBe(2);
    demo.advanceClock(60 * 60);
    await s.tick();
    expect(count('POST /api2/json/access/ticket')).toBe(2);
    expect(s.state.status).toBe('degraded');
    expect(s.state.errorKind).toBeUndefined();
  });

  it('retries a failed tick and shows degraded, not offline, for a single 5xx', async () => {
    const s = open({ client: { getRetries: 0 } });
    await s.tick();
    demo.addFault({
      kind: 'status',
      status: 503,
      method: 'GET',
      path: /cluster\/resources$/,
      times: 1,
    });
    await expect(s.tick()).rejects.toMatchObject({ kind: 'api', status: 503 });
    expect(s.state.status).toBe('degraded');
    expect(s.state.reason).toContain('retrying');
    await s.tick();
    expect(s.state.reason).toBe('Node pve3 is offline');
  });

  it('goes offline after repeated failures and resyncs with a snapshot when back', async () => {
    const s = open({ client: { getRetries: 0 } });
    await s.tick();
    demo.addFault({
      kind: 'status',
      status: 503,
      method: 'GET',
      path: /cluster\/resources$/,
      times: 3,
    });
    for (let i = 0; i < 3; i++) await expect(s.tick()).rejects.toMatchObject({ status: 503 });
    expect(s.state).toMatchObject({ status: 'offline', errorKind: 'api' });
    await s.tick();
    expect(resources.map((e) => e.kind)).toEqual(['snapshot', 'snapshot']);
    expect(resources[1]?.seq).toBe(2);
    expect(s.state.status).toBe('degraded');
  });

  it('goes offline with a clear reason when the certificate changes, and stops retrying', async () => {
    const s = open();
    s.start();
    await waitFor('first snapshot', () => resources.length > 0);
    const pinned = demo.fingerprint;
    const now = await demo.rotateCertificate();
    const offline = await waitFor('offline', () => states.find((st) => st.status === 'offline'));
    expect(offline.errorKind).toBe('tls');
    expect(offline.reason).toContain('changed');
    expect(offline.reason).toContain(pinned);
    expect(offline.reason).toContain(now);
    // Halted: no request reaches the server any more (each would be refused before sending).
    const counts = demo.requestCounts();
    await s.tick().catch(() => undefined);
    expect(demo.requestCounts()).toEqual(counts);
  });

  it('goes offline on wrong credentials and waits for reconnect', async () => {
    session = new ProfileSession({
      profile: {
        id: 'bad',
        name: 'Bad',
        url: demo.url,
        authMode: 'password',
        username: 'root',
        realm: 'pam',
        fingerprint: demo.fingerprint,
        isDemo: false,
      },
      credentials: { mode: 'password', username: 'root', realm: 'pam', password: 'wrong' },
      listeners: {
        connection: (st) => states.push(st),
        resources: () => undefined,
        task: () => undefined,
      },
      refreshIntervalMs: 50,
    });
    session.start();
    const offline = await waitFor('offline', () => states.find((st) => st.status === 'offline'));
    expect(offline).toMatchObject({
      errorKind: 'auth',
      reason: 'Login failed: wrong user name or password',
    });
    const logins = count('POST /api2/json/access/ticket');
    await session.reconnect();
    expect(count('POST /api2/json/access/ticket')).toBe(logins + 1);
    expect(session.state.status).toBe('offline');
  });
});

describe('dispose', () => {
  it('resumes following an own task after its follower lost the login, and reports its end', async () => {
    const s = open();
    s.start();
    await waitFor('online', () => states.find((x) => x.status !== 'connecting'));
    const ct = await s.action(
      { profileId: 'demo', node: 'pve1', type: 'lxc', vmid: 118 },
      'start',
      {},
    );
    // The admin changes root's password and old tickets lapse: the follower's poll is refused.
    demo.setPassword('root@pam', 'changed-for-a-moment');
    demo.expireTickets();
    await waitFor('offline on the refused login', () =>
      states.find((x) => x.status === 'offline' && x.errorKind === 'auth'),
    );
    expect(tasks.filter((t) => t.upid === ct.upid && t.status === 'stopped')).toEqual([]);

    // The password is back; after reconnecting, the task's end reaches the listeners.
    demo.setPassword('root@pam', demo.credentials.password);
    await s.reconnect();
    const ended = await waitFor('task end', () =>
      tasks.find((t) => t.upid === ct.upid && t.status === 'stopped'),
    );
    expect(ended).toMatchObject({ ok: true, exitstatus: 'OK' });
  });

  it("reports tasks another admin starts, from the cluster's task list, as they run and end", async () => {
    const s = open({ clusterTasksIntervalMs: 100 });
    s.start();
    await waitFor('online', () => states.find((x) => x.status !== 'connecting'));
    const agent = new Agent({ connect: { ca: demo.certificatePem } });
    try {
      const { tokenId, secret } = demo.credentials.token;
      const reply = await demoRequest(demo, agent, 'POST', '/nodes/pve2/qemu/113/status/start', {
        headers: { authorization: `PVEAPIToken=${tokenId}=${secret}` },
      });
      expect(reply.status).toBe(200);
      const upid = (reply.json as { data: string }).data;
      const ended = await waitFor('the other admin’s task ends', () =>
        tasks.find((t) => t.upid === upid && t.status === 'stopped'),
      );
      expect(ended).toMatchObject({ own: false, ok: true, guestId: 'qemu/113' });
      expect(ended.label).toContain('113');
      // Each state is reported once, not on every poll.
      const before = tasks.filter((t) => t.upid === upid).length;
      const polls = () => demo.requestCounts().get('GET /api2/json/cluster/tasks') ?? 0;
      const pollsBefore = polls();
      await waitFor('two more polls', () => polls() >= pollsBefore + 2);
      expect(tasks.filter((t) => t.upid === upid)).toHaveLength(before);
    } finally {
      await agent.close();
    }
  });

  it('stops the loop and task followers and closes every socket', async () => {
    const handles = (): number =>
      (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;
    const baseline = handles();
    const s = open();
    s.start();
    await waitFor('snapshot', () => resources.length > 0);
    const guest = s
      .snapshot()
      .items.filter(isGuest)
      .find(
        (g) =>
          g.type === 'lxc' && g.status === 'stopped' && !g.template && !g.lock && g.node !== 'pve3',
      );
    if (!guest) throw new Error('no stopped container');
    await s.action({ profileId: 'demo', node: guest.node, type: 'lxc', vmid: guest.vmid }, 'start');
    await s.dispose();
    session = undefined;
    const afterDispose = count('GET /api2/json/cluster/resources');
    await waitFor('handles back to baseline', () => handles() <= baseline);
    expect(count('GET /api2/json/cluster/resources')).toBe(afterDispose);
  });
});
