// Connections kept across refresh ticks: at the normal 3 s interval a session's ticks reuse one
// TLS connection (the demo answers as pveproxy does, `Connection: Keep-Alive` with no timeout
// hint), instead of a new handshake per tick.

import { Agent } from 'undici';
import { afterEach, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../electron/demo';
import { ProfileSession } from '../../electron/core/session/profile-session';
import { demoSessionOptions } from '../kit/session';
import { demoRequest } from './demo-http';
import { DEMO_OPTIONS, waitFor } from './helpers';

let demo: DemoCluster | undefined;
let session: ProfileSession | undefined;

afterEach(async () => {
  await session?.dispose();
  await demo?.close();
  session = demo = undefined;
});

it('answers as pveproxy does: Connection: Keep-Alive and no timeout hint', async () => {
  const cluster = (demo = await startDemoCluster(DEMO_OPTIONS));
  const agent = new Agent({ connect: { ca: cluster.certificatePem } });
  try {
    const reply = await demoRequest(cluster, agent, 'GET', '/version', {
      headers: {
        authorization: `PVEAPIToken=${cluster.credentials.token.tokenId}=${cluster.credentials.token.secret}`,
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.connection).toBe('Keep-Alive');
    // undici reads `Keep-Alive: timeout=5` as "idle 3 s at most": a handshake every 3 s tick.
    expect(reply.headers['keep-alive']).toBeUndefined();
  } finally {
    await agent.close();
  }
});

it('opens no new TLS connection per tick at the normal 3 s interval', async () => {
  const cluster = (demo = await startDemoCluster(DEMO_OPTIONS));
  const ticks = () => cluster.requestCounts().get('GET /api2/json/cluster/resources') ?? 0;
  const others = () => [...cluster.requestCounts().values()].reduce((a, b) => a + b, 0) - ticks();
  session = new ProfileSession(
    demoSessionOptions(
      cluster,
      {},
      // The usual interval; the address reads of the first tick one at a time, and no task list
      // polls beside the ticks (a request beside another may need a second connection).
      { refreshIntervalMs: 3_000, addressTimings: { concurrency: 1 }, clusterTasksIntervalMs: 0 },
    ),
  );
  session.start();
  // Past login and the address index's first reads (which may take a second connection beside
  // a tick): a whole tick interval with no other request.
  let seen = { tick: 0, others: -1 };
  await waitFor(
    'a tick interval with nothing but ticks',
    () => {
      const now = { tick: ticks(), others: others() };
      if (now.tick === seen.tick) return false;
      const quiet = now.others === seen.others;
      seen = now;
      return quiet;
    },
    60_000,
  );
  const warm = cluster.tlsConnections();
  const from = ticks();
  await waitFor('three more ticks', () => ticks() >= from + 3, 30_000);
  expect(cluster.tlsConnections() - warm).toBe(0);
}, 120_000);
