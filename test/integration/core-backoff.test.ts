// A profile whose server is unreachable (the VPN is down): over a simulated minute its session
// tries five times (3 s, 6 s, 12 s, 24 s apart: 3 s doubling to 60 s, with jitter), and the UI
// hears of it once ("offline"), not once per try.

import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { ProfileSession } from '../../electron/core/session/profile-session';
import type { Scheduler } from '../../shared/lifecycle';
import type { ConnectionState } from '../../shared/model';
import { createFakeScheduler } from '../kit/fake-scheduler';
import { waitFor } from './helpers';

let server: Server | undefined;
let session: ProfileSession | undefined;
const sockets = new Set<Socket>();

afterEach(async () => {
  await session?.dispose();
  session = undefined;
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

it('backs off an unreachable profile without flooding the server or the UI', async () => {
  // A host that takes the connection and drops it: every request fails at once.
  let connections = 0;
  server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  const fake = createFakeScheduler(Date.now());
  let next: number | undefined;
  const scheduler: Scheduler = {
    ...fake,
    setTimeout: (fn, ms, opts) => {
      if (opts?.label === 'refresh loop') next = fake.now() + ms;
      return fake.setTimeout(fn, ms, opts);
    },
  };
  const states: ConnectionState[] = [];
  session = new ProfileSession({
    profile: {
      id: 'away',
      name: 'Away',
      url: `https://127.0.0.1:${port}`,
      authMode: 'password',
      username: 'root',
      realm: 'pam',
      isDemo: false,
    },
    credentials: { mode: 'password', username: 'root', realm: 'pam', password: 'pw' },
    listeners: {
      connection: (s) => states.push(s),
      resources: () => undefined,
      task: () => undefined,
    },
    scheduler,
    client: { getRetries: 0 },
  });
  const start = fake.now();
  session.start();
  // A simulated minute: the clock jumps from one try of the loop to the next.
  const tries: number[] = [];
  for (;;) {
    const due = await waitFor('the next try', () => next);
    next = undefined;
    if (due - start > 60_000) break;
    fake.advance(due - fake.now());
    tries.push(fake.now() - start);
  }
  // At 0 s, 3 s, then about 6 s, 12 s and 24 s later (up to a fifth less, by chance).
  expect(tries).toHaveLength(5);
  const gaps = tries.slice(1).map((t, i) => t - tries[i]!);
  [3_000, 6_000, 12_000, 24_000].forEach((ceiling, i) => {
    expect(gaps[i]).toBeLessThanOrEqual(ceiling);
    expect(gaps[i]).toBeGreaterThanOrEqual(Math.max(3_000, ceiling * 0.8));
  });
  expect(connections).toBe(5);
  expect(states.map((s) => s.status)).toEqual(['connecting', 'offline']);
  expect(states[1]!.reason).toBeTruthy();
});
