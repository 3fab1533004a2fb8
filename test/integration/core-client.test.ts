// The PVE client against the demo cluster over real HTTPS: both auth modes, renewal, recovery from
// an expired ticket, retries that are safe and none that are not, TLS pinning, classified errors.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../electron/demo';
import { isDeckhandError } from '../../shared/errors';
import type { GuestResource, ProfileAuthInput } from '../../shared/model';
import { getResources, getVersion, postPowerAction } from '../../electron/core/pve/api';
import { PveClient, type PveClientOptions } from '../../electron/core/pve/client';
import { followTask } from '../../electron/core/pve/tasks';
import { probeCertificate } from '../../electron/core/pve/tls';
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

function passwordAuth(password = demo.credentials.password): ProfileAuthInput {
  return { mode: 'password', username: 'root', realm: 'pam', password };
}

function client(
  auth: ProfileAuthInput = passwordAuth(),
  extra: Partial<PveClientOptions> = {},
): PveClient {
  const c = new PveClient({
    endpoint: normalizeServerUrl(demo.url),
    fingerprint: demo.fingerprint,
    credentials: auth,
    retryBackoff: { baseMs: 10, capMs: 50 },
    ...extra,
  });
  clients.push(c);
  return c;
}

function count(key: string): number {
  return demo.requestCounts().get(key) ?? 0;
}

/** A stopped, unlocked container on an online node, as the cluster reports it now. */
async function stoppedContainer(c: PveClient): Promise<GuestResource> {
  const { items } = await getResources(c);
  const stopped = items.find(
    (r): r is GuestResource =>
      r.type === 'lxc' && r.status === 'stopped' && !r.template && !r.lock && r.node !== 'pve3',
  );
  if (!stopped) throw new Error('demo has no stopped container');
  return stopped;
}

describe('login', () => {
  it('logs in with a password and reads the cluster', async () => {
    const c = client();
    const login = await c.login();
    expect(login.identity).toBe('root@pam');
    const { items } = await getResources(c);
    expect(items.some((r) => r.type === 'node')).toBe(true);
    expect(items.some((r) => r.type === 'lxc' || r.type === 'qemu')).toBe(true);
  });

  it('uses an API token without a login request', async () => {
    const { tokenId, secret } = demo.credentials.token;
    const c = client({ mode: 'token', tokenId, secret });
    expect((await c.login()).identity).toBe(tokenId);
    expect(await getVersion(c)).toMatch(/^\d+\.\d+/);
    expect(count('POST /api2/json/access/ticket')).toBe(0);
  });

  it('sends POSTs with a token (no CSRF needed)', async () => {
    const { tokenId, secret } = demo.credentials.token;
    const c = client({ mode: 'token', tokenId, secret });
    const { items } = await getResources(c);
    const stopped = items.find(
      (r) =>
        r.type === 'lxc' && r.status === 'stopped' && !r.template && !r.lock && r.node !== 'pve3',
    );
    expect(stopped).toBeDefined();
    if (stopped?.type !== 'lxc') return;
    const upid = await postPowerAction(c, stopped, 'start', {});
    expect(upid).toMatch(/^UPID:.*:vzstart:/);
  });

  it('reports a wrong password clearly', async () => {
    const err = await failure(client(passwordAuth('wrong')).login());
    expect(err.kind).toBe('auth');
    expect(err.message).toBe('Login failed: wrong user name or password');
  });

  it('reports a wrong token secret clearly', async () => {
    const c = client({
      mode: 'token',
      tokenId: demo.credentials.token.tokenId,
      secret: '00000000-0000-0000-0000-000000000000',
    });
    const err = await failure(c.login());
    expect(err.kind).toBe('auth');
    expect(err.message).toContain(demo.credentials.token.tokenId);
  });
});

describe('tickets', () => {
  it('renews the ticket when it is due, and the renewed ticket is the one used', async () => {
    let offset = 0;
    const c = client(passwordAuth(), { now: () => Date.now() + offset });
    await c.login();
    expect(count('POST /api2/json/access/ticket')).toBe(1);

    // 90 minutes later: still valid on the server, but due for renewal here.
    demo.advanceClock(90 * 60);
    offset += 90 * 60_000;
    await getVersion(c);
    expect(count('POST /api2/json/access/ticket')).toBe(2);
    expect(c.ticketAgeMs()).toBeLessThan(60_000);

    // Another hour on the server only: the first ticket (150 min) is dead, the renewed one (60 min)
    // is fine. No further login proves the renewed ticket is in use.
    demo.advanceClock(60 * 60);
    await getVersion(c);
    expect(count('POST /api2/json/access/ticket')).toBe(2);
  });

  it('recovers from a ticket refused mid-session by logging in again once (GET)', async () => {
    const c = client();
    await c.login();
    demo.expireTickets();
    const { items } = await getResources(c);
    expect(items.length).toBeGreaterThan(0);
    expect(count('POST /api2/json/access/ticket')).toBe(2);
  });

  it('resends a POST refused at the auth stage (nothing was done), exactly once', async () => {
    const c = client();
    const stopped = await stoppedContainer(c);
    demo.expireTickets();
    const upid = await postPowerAction(c, stopped, 'start', {});
    expect(upid).toContain(':vzstart:');
    const key = `POST /api2/json/nodes/${stopped.node}/lxc/${stopped.vmid}/status/start`;
    // The refused attempt and the resend: the handler ran once (one task, one UPID).
    expect(count(key)).toBe(2);
  });
});

describe('retries', () => {
  it('retries a GET after a 500 and succeeds', async () => {
    const c = client();
    await c.login();
    demo.addFault({ kind: 'status', status: 500, method: 'GET', path: /\/version$/, times: 1 });
    expect(await getVersion(c)).toMatch(/^\d/);
    expect(count('GET /api2/json/version')).toBe(2);
  });

  it('retries a GET after a dropped connection', async () => {
    const c = client();
    await c.login();
    demo.addFault({ kind: 'drop', method: 'GET', path: /\/version$/, times: 1 });
    expect(await getVersion(c)).toMatch(/^\d/);
    expect(count('GET /api2/json/version')).toBe(2);
  });

  it('never repeats a POST after a 500, and surfaces the error', async () => {
    const c = client();
    const stopped = await stoppedContainer(c);
    demo.addFault({
      kind: 'status',
      status: 500,
      method: 'POST',
      path: /\/status\/start$/,
      times: 1,
      message: 'something broke',
    });
    const err = await failure(postPowerAction(c, stopped, 'start', {}));
    expect(err).toMatchObject({ kind: 'api', status: 500, message: 'something broke' });
    const key = `POST /api2/json/nodes/${stopped.node}/lxc/${stopped.vmid}/status/start`;
    expect(count(key)).toBe(1);
  });

  it('never repeats a POST after a dropped connection', async () => {
    const c = client();
    const stopped = await stoppedContainer(c);
    demo.addFault({ kind: 'drop', method: 'POST', path: /\/status\/start$/, times: 1 });
    const err = await failure(postPowerAction(c, stopped, 'start', {}));
    expect(err.kind).toBe('network');
    const key = `POST /api2/json/nodes/${stopped.node}/lxc/${stopped.vmid}/status/start`;
    expect(count(key)).toBe(1);
  });

  it('does not retry an unreachable node (595) and names it', async () => {
    const c = client();
    await c.login();
    demo.addFault({ kind: 'status', status: 595, method: 'GET', path: /\/nodes\/pve2\/status$/ });
    const err = await failure(c.get('/nodes/pve2/status', (await import('zod')).z.unknown()));
    expect(err).toMatchObject({ kind: 'unreachable', node: 'pve2', status: 595 });
    expect(err.message).toContain('Node pve2 is unreachable');
    expect(count('GET /api2/json/nodes/pve2/status')).toBe(1);
  });
});

describe('lifecycle', () => {
  it('sends nothing once closed, even after a connection reset', async () => {
    const c = client();
    await c.login();
    await c.dispose();
    // A reconnect racing with dispose: resetting a closed transport must not revive it.
    await c.transport.resetConnections();
    const before = demo.requestCounts();
    const err = await failure(getVersion(c));
    expect(err.kind).toBe('internal');
    expect(demo.requestCounts()).toEqual(before);
  });

  it('stops following a task when the login is refused, rather than re-sending the password each poll', async () => {
    const c = client();
    const stopped = await stoppedContainer(c);
    const upid = await postPowerAction(c, stopped, 'start', {});
    // The password was changed elsewhere and the ticket expired: the re-login must fail.
    demo.setPassword('root@pam', 'changed-elsewhere');
    demo.expireTickets();
    const logins = count('POST /api2/json/access/ticket');
    const err = await failure(followTask(c, upid, { pollMs: 20 }));
    expect(err.kind).toBe('auth');
    expect(count('POST /api2/json/access/ticket')).toBe(logins + 1);
  });
});

describe('bad replies', () => {
  it('refuses an answer larger than the limit with a protocol error, without retrying', async () => {
    const c = client(passwordAuth(), { maxBodyBytes: 8192 });
    await c.login();
    const err = await failure(getResources(c));
    expect(err.kind).toBe('protocol');
    expect(err.message).toContain('larger than 8192 bytes');
    expect(count('GET /api2/json/cluster/resources')).toBe(1);
  });

  it('classifies malformed JSON as a protocol error', async () => {
    const c = client();
    await c.login();
    demo.addFault({ kind: 'malformed', method: 'GET', path: /\/version$/, times: 1 });
    const err = await failure(getVersion(c));
    expect(err.kind).toBe('protocol');
    expect(err.message).toContain('/version');
  });

  it('gives up on a reply slower than the timeout with a timeout error', async () => {
    const c = client(passwordAuth(), { timeoutMs: 300 });
    await c.login();
    demo.addFault({ kind: 'slow', delayMs: 2_000, method: 'GET', path: /\/version$/, times: 1 });
    const err = await failure(getVersion(c));
    expect(err.kind).toBe('timeout');
  });

  it('reports an unreachable server as a network error naming host and port', async () => {
    const port = demo.port;
    await demo.close();
    const c = new PveClient({
      endpoint: normalizeServerUrl(`127.0.0.1:${port}`),
      credentials: passwordAuth('x'),
    });
    clients.push(c);
    const err = await failure(c.login());
    expect(err.kind).toBe('network');
    expect(err.message).toBe(`Cannot reach 127.0.0.1:${port}: connection refused`);
  });
});

describe('TLS', () => {
  it('reads the certificate without sending any HTTP', async () => {
    const cert = await probeCertificate(normalizeServerUrl(demo.url));
    expect(cert.fingerprint).toBe(demo.fingerprint);
    expect(cert.trusted).toBe(false);
    expect(cert.trustError).toBe('self-signed certificate');
    expect(cert.subject).toContain('CN=');
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.now());
    expect(demo.requestCounts().size).toBe(0);
  });

  it('refuses an untrusted certificate without a pin, before any request is sent', async () => {
    const c = new PveClient({
      endpoint: normalizeServerUrl(demo.url),
      credentials: passwordAuth(),
    });
    clients.push(c);
    const err = await failure(c.login());
    expect(err.kind).toBe('tls');
    expect(err.fingerprint).toBe(demo.fingerprint);
    expect(err.message).toContain('not trusted');
    expect(demo.requestCounts().size).toBe(0);
  });

  it('refuses a certificate that changed from the pinned one, naming both fingerprints', async () => {
    const c = client();
    await c.login();
    const pinned = demo.fingerprint;
    const now = await demo.rotateCertificate();
    const before = demo.requestCounts();
    const err = await failure(getVersion(c));
    expect(err.kind).toBe('tls');
    expect(err.expectedFingerprint).toBe(pinned);
    expect(err.fingerprint).toBe(now);
    expect(err.message).toBe(
      `The certificate of 127.0.0.1:${demo.port} changed. Pinned ${pinned}, now ${now} — re-approve only if you expect this.`,
    );
    expect(demo.requestCounts()).toEqual(before);
    expect(isDeckhandError(err, 'tls')).toBe(true);
  });
});
