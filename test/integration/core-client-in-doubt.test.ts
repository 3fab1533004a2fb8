// Which failed writes are in doubt, over real HTTPS against the demo: a reply lost, late or
// malformed after the POST went out is a RequestInDoubt; a refused connection, an untrusted
// certificate or an error reply PVE gave is a plain failure; a GET is never in doubt.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../electron/demo';
import { getResources, postPowerAction } from '../../electron/core/pve/api';
import { PveClient, type PveClientOptions } from '../../electron/core/pve/client';
import { isInDoubt } from '../../electron/core/pve/errors';
import type { GuestResource } from '../../shared/model';
import { normalizeServerUrl } from '../../shared/server-url';
import { failure } from './helpers';

let demo: DemoCluster;
const clients: PveClient[] = [];

beforeEach(async () => {
  demo = await startDemoCluster({ taskTimeScale: 0.05, statsIntervalMs: 60_000 });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
  await demo.close();
});

function client(extra: Partial<PveClientOptions> = {}): PveClient {
  const c = new PveClient({
    endpoint: normalizeServerUrl(demo.url),
    fingerprint: demo.fingerprint,
    credentials: {
      mode: 'password',
      username: 'root',
      realm: 'pam',
      password: demo.credentials.password,
    },
    retryBackoff: { baseMs: 10, capMs: 50 },
    ...extra,
  });
  clients.push(c);
  return c;
}

async function stoppedContainer(c: PveClient): Promise<GuestResource> {
  const { items } = await getResources(c);
  const g = items.find(
    (r): r is GuestResource =>
      r.type === 'lxc' && r.status === 'stopped' && !r.template && !r.lock && r.node !== 'pve3',
  );
  if (!g) throw new Error('demo has no stopped container');
  return g;
}

const START = /\/status\/start$/;

describe('a failed POST', () => {
  it('is in doubt when the reply was lost after the request ran', async () => {
    const c = client();
    const g = await stoppedContainer(c);
    demo.addFault({ kind: 'drop-reply', method: 'POST', path: START, times: 1 });
    const err = await failure(postPowerAction(c, g, 'start', {}));
    expect(isInDoubt(err)).toBe(true);
    expect(err.message).toBe(
      `Cannot reach 127.0.0.1:${demo.port}: the server closed the connection`,
    );
  });

  it('is in doubt when the answer came after the timeout', async () => {
    const c = client({ timeoutMs: 200 });
    const g = await stoppedContainer(c);
    demo.addFault({ kind: 'late-reply', delayMs: 1_000, method: 'POST', path: START, times: 1 });
    const err = await failure(postPowerAction(c, g, 'start', {}));
    expect(isInDoubt(err)).toBe(true);
    expect(err.kind).toBe('timeout');
  });

  it('is in doubt when the reply is malformed', async () => {
    const c = client();
    const g = await stoppedContainer(c);
    demo.addFault({ kind: 'malformed', method: 'POST', path: START, times: 1 });
    const err = await failure(postPowerAction(c, g, 'start', {}));
    expect(isInDoubt(err)).toBe(true);
    expect(err.kind).toBe('protocol');
  });

  it('is a plain failure when PVE answered with an error', async () => {
    const c = client();
    const g = await stoppedContainer(c);
    demo.addFault({ kind: 'status', status: 500, method: 'POST', path: START, times: 1 });
    const err = await failure(postPowerAction(c, g, 'start', {}));
    expect(isInDoubt(err)).toBe(false);
    expect(err).toMatchObject({ kind: 'api', status: 500 });
  });

  it('is a plain failure when the connection was refused', async () => {
    const c = client();
    const g = await stoppedContainer(c);
    const port = demo.port;
    await demo.close();
    await c.transport.resetConnections();
    const err = await failure(postPowerAction(c, g, 'start', {}));
    expect(isInDoubt(err)).toBe(false);
    expect(err.message).toBe(`Cannot reach 127.0.0.1:${port}: connection refused`);
  });

  it('is a plain failure when the certificate is refused', async () => {
    const c = client();
    const g = await stoppedContainer(c);
    await demo.rotateCertificate();
    await c.transport.resetConnections();
    const err = await failure(postPowerAction(c, g, 'start', {}));
    expect(isInDoubt(err)).toBe(false);
    expect(err.kind).toBe('tls');
  });
});

describe('a failed GET', () => {
  it('is never in doubt', async () => {
    const c = client({ getRetries: 0 });
    await c.login();
    demo.addFault({ kind: 'drop-reply', method: 'GET', path: /\/cluster\/resources$/, times: 1 });
    const err = await failure(getResources(c));
    expect(isInDoubt(err)).toBe(false);
  });
});
