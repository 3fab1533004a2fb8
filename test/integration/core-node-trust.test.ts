// Per-node pinning and failover inside a cluster, against the demo serving every node itself
// (directNodes): the first node is pinned by the user, the others are vouched for by the cluster
// (a later node too), a session whose node stops answering carries on through another, and a
// rotated certificate stops that node's traffic on HTTPS and on websockets.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../electron/demo';
import { ProfileSession } from '../../electron/core/session/profile-session';
import { openConsoleSocket } from '../../electron/core/pve/console-socket';
import { DeckhandError } from '../../shared/errors';
import type { ConnectionState } from '../../shared/model';
import { demoSessionOptions } from '../kit/session';
import { DEMO_OPTIONS, waitFor } from './helpers';

let demo: DemoCluster;
let session: ProfileSession | undefined;
let states: ConnectionState[];
let pins: Record<string, string>[];

beforeEach(async () => {
  demo = await startDemoCluster({ ...DEMO_OPTIONS, directNodes: true, offlineNodes: 0 });
  states = [];
  pins = [];
});

afterEach(async () => {
  await session?.dispose();
  session = undefined;
  await demo.close();
});

function open(stored?: Record<string, string>): ProfileSession {
  const opts = demoSessionOptions(
    demo,
    { connection: (s) => states.push(s) },
    {
      refreshIntervalMs: 100,
      taskPollMs: 50,
      clusterTasksIntervalMs: 0,
      offlineBackoff: { baseMs: 50, capMs: 200 },
      client: { retryBackoff: { baseMs: 5, capMs: 20 }, connectTimeoutMs: 2_000 },
    },
  );
  if (stored) opts.profile.nodeFingerprints = stored;
  opts.listeners.nodePins = (p) => pins.push(p);
  session = new ProfileSession(opts);
  session.start();
  return session;
}

const last = (): ConnectionState | undefined => states.at(-1);
const lastPins = (): Record<string, string> => pins.at(-1) ?? {};
const resourceGets = (): number =>
  demo.requestCounts().get('GET /api2/json/cluster/resources') ?? 0;

/** Connected through pve2 because pve1 stopped answering. */
async function failOverToPve2(): Promise<void> {
  await waitFor('online', () => last()?.status === 'online');
  await waitFor('pve2 pinned', () => lastPins().pve2);
  await demo.setNodeOnline('pve1', false);
  await waitFor('through pve2', () => last()?.via === 'pve2');
}

describe('per-node pins', () => {
  it('pins the other nodes with the fingerprints the cluster reports, and a node that joins later', async () => {
    open();
    await waitFor('online', () => last()?.status === 'online');
    await waitFor('pins saved', () => Object.keys(lastPins()).length === 3);
    expect(lastPins()).toEqual({
      pve1: demo.fingerprint,
      pve2: demo.nodeFingerprint('pve2'),
      pve3: demo.nodeFingerprint('pve3'),
    });
    const joined = await demo.addNode();
    await waitFor('later node pinned', () => lastPins()[joined]);
    expect(lastPins()[joined]).toBe(demo.nodeFingerprint(joined));
  });

  it('does not take a changed fingerprint from the cluster for a node already pinned', async () => {
    const old = demo.nodeFingerprint('pve2');
    await demo.rotateCertificate('pve2');
    open({ pve2: old });
    await waitFor('online', () => last()?.status === 'online');
    await waitFor('pve3 pinned', () => lastPins().pve3);
    expect(lastPins().pve2).toBe(old);
  });
});

describe('failover inside the cluster', () => {
  it('keeps refreshing through another node when the connected one stops answering, and moves back when asked', async () => {
    const s = open();
    await failOverToPve2();
    expect(last()).toMatchObject({
      status: 'degraded',
      via: 'pve2',
      reason: 'pve1 is not answering; connected through pve2; Node pve1 is offline',
    });
    const before = resourceGets();
    await waitFor('refreshing through pve2', () => resourceGets() >= before + 3);
    expect(s.api.transport.endpoint.hostPort).toBe(`127.0.0.2:${demo.port}`);

    await demo.setNodeOnline('pve1', true);
    await s.preferNode();
    await waitFor('back on pve1', () => last()?.status === 'online');
    expect(last()?.via).toBeUndefined();
    expect(last()?.reason).toBeUndefined();
    expect(s.api.transport.endpoint.hostPort).toBe(`127.0.0.1:${demo.port}`);
  });

  it('goes offline and backs off when every node is down, and comes back', async () => {
    open();
    await waitFor('online', () => last()?.status === 'online');
    await waitFor('pins', () => lastPins().pve3);
    await demo.setReachable(false);
    await waitFor('offline', () => last()?.status === 'offline', 15_000);
    expect(last()?.errorKind).toBe('network');
    expect(last()?.reason).toMatch(/127\.0\.0\.1:\d+.*connection refused/);
    await demo.setReachable(true);
    await waitFor('online again', () => last()?.status === 'online', 15_000);
  });
});

describe('a rotated node certificate', () => {
  it('stops that node on HTTPS and asks with both fingerprints, then goes on once approved', async () => {
    const s = open();
    await failOverToPve2();
    const old = demo.nodeFingerprint('pve2');
    const next = await demo.rotateCertificate('pve2');
    await waitFor('refused', () => last()?.errorKind === 'tls');
    expect(last()).toMatchObject({
      status: 'offline',
      certificateNode: { name: 'pve2', url: `https://127.0.0.2:${demo.port}` },
      fingerprint: next,
      expectedFingerprint: old,
      reason: `The certificate of pve2 (127.0.0.2:${demo.port}) changed. Pinned ${old}, now ${next} — re-approve only if you expect this.`,
    });
    await s.approveNode('pve2', next);
    await waitFor(
      'through pve2 again',
      () => last()?.status === 'degraded' && last()?.via === 'pve2',
    );
    expect(lastPins().pve2).toBe(next);
  });

  it('stops a console websocket to that node', async () => {
    const s = open();
    await failOverToPve2();
    const old = demo.nodeFingerprint('pve2');
    const next = await demo.rotateCertificate('pve2');
    const t = s.api.transport;
    const err = await openConsoleSocket({
      endpoint: t.endpoint,
      ...(t.pinnedFingerprint ? { fingerprint: t.pinnedFingerprint } : {}),
      ...(t.peerNode ? { node: t.peerNode } : {}),
      path: '/api2/json/nodes/pve2/vncwebsocket?port=5900&vncticket=x',
      headers: {},
    }).then(
      (ws) => {
        ws.terminate();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DeckhandError);
    expect((err as DeckhandError).toData()).toMatchObject({
      kind: 'tls',
      node: 'pve2',
      fingerprint: next,
      expectedFingerprint: old,
    });
  });
});
