// The demo cluster's authentication over real HTTPS: tickets, CSRF, API tokens, the read-only
// user, renewal, expiry and a certificate change (spec §1, §2).

import { connect, type PeerCertificate } from 'node:tls';
import { Agent, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../electron/demo/index';
import { demoRequest, type Reply } from './demo-http';

type Auth = { ticket: string; csrf?: string } | { token: string } | undefined;

let cluster: DemoCluster;
let agent: Agent;

async function call(
  method: string,
  path: string,
  auth?: Auth,
  form?: Record<string, string>,
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (auth && 'ticket' in auth) {
    headers.cookie = `PVEAuthCookie=${encodeURIComponent(auth.ticket)}`;
    if (auth.csrf) headers.CSRFPreventionToken = auth.csrf;
  } else if (auth) {
    headers.authorization = `PVEAPIToken=${auth.token}`;
  }
  return demoRequest(cluster, agent, method, path, { headers, form });
}

async function login(
  username: string,
  password: string,
): Promise<{ ticket: string; csrf: string; data: Record<string, unknown> }> {
  const r = await call('POST', '/access/ticket', undefined, { username, password });
  expect(r.status).toBe(200);
  const data = r.json!.data as Record<string, unknown>;
  return { ticket: data.ticket as string, csrf: data.CSRFPreventionToken as string, data };
}

function rootLogin() {
  return login(cluster.credentials.username, cluster.credentials.password);
}

function tokenAuth(): Auth {
  const t = cluster.credentials.token;
  return { token: `${t.tokenId}=${t.secret}` };
}

beforeEach(async () => {
  cluster = await startDemoCluster({ taskTimeScale: 0.05 });
  agent = new Agent({ connect: { ca: cluster.certificatePem }, keepAliveTimeout: 4000 });
});

afterEach(async () => {
  await agent.close();
  await cluster.close();
});

describe('demo cluster: authentication', () => {
  it('lists the realms without authentication', async () => {
    const r = await call('GET', '/access/domains');
    expect(r.status).toBe(200);
    const realms = (r.json!.data as { realm: string }[]).map((d) => d.realm).sort();
    expect(realms).toEqual(['pam', 'pve']);
  });

  it('logs in with a password and hands out a PVE ticket, CSRF token and capabilities', async () => {
    const { ticket, csrf, data } = await rootLogin();
    expect(data.username).toBe('root@pam');
    expect(ticket).toMatch(/^PVE:root@pam:[0-9A-F]{8}::[A-Za-z0-9+/=]+$/);
    expect(csrf).toMatch(/^[0-9A-F]{8}:[A-Za-z0-9+/]{43}$/);
    expect(data.clustername).toBe('deckhand-demo');
    expect((data.cap as Record<string, Record<string, number>>).vms!['VM.PowerMgmt']).toBe(1);

    const v = await call('GET', '/version', { ticket });
    expect(v.status).toBe(200);
    expect((v.json!.data as { release: string }).release).toMatch(/^9\./);
  });

  it('accepts username and realm as separate fields', async () => {
    const r = await call('POST', '/access/ticket', undefined, {
      username: 'root',
      realm: 'pam',
      password: cluster.credentials.password,
    });
    expect(r.status).toBe(200);
    expect((r.json!.data as { username: string }).username).toBe('root@pam');
  });

  it('answers 401 with an empty body and a reason when no or a bad ticket is sent', async () => {
    const none = await call('GET', '/cluster/resources');
    expect(none.status).toBe(401);
    expect(none.reason).toBe('No ticket');
    expect(none.text).toBe('');
    expect(none.headers.connection).toBe('close');

    const forged = await call('GET', '/cluster/resources', {
      ticket: 'PVE:root@pam:66000000::AAAA',
    });
    expect(forged.status).toBe(401);
    expect(forged.reason).toBe('Authentication failed!');
    expect(forged.text).toBe('');
  });

  it('rejects a wrong password with 401 authentication failure', async () => {
    const r = await call('POST', '/access/ticket', undefined, {
      username: 'root@pam',
      password: 'nope',
    });
    expect(r.status).toBe(401);
    expect(r.reason).toBe('authentication failure');
  });

  it('requires the CSRF token for writes made with a ticket', async () => {
    const { ticket, csrf } = await rootLogin();
    const without = await call('POST', '/nodes/pve1/qemu/100/status/reset', { ticket });
    expect(without.status).toBe(401);
    expect(without.reason).toBe('Permission denied - invalid csrf token');
    expect(without.text).toBe('');

    const wrong = await call('POST', '/nodes/pve1/qemu/100/status/reset', {
      ticket,
      csrf: `${csrf.slice(0, 9)}${'A'.repeat(43)}`,
    });
    expect(wrong.status).toBe(401);

    const ok = await call('POST', '/nodes/pve1/qemu/100/status/reset', { ticket, csrf });
    expect(ok.status).toBe(200);
    expect(ok.json!.data).toMatch(
      /^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:qmreset:100:root@pam:$/,
    );
  });

  it('authenticates API tokens without CSRF and records the token in the task', async () => {
    const list = await call('GET', '/cluster/resources?type=vm', tokenAuth());
    expect(list.status).toBe(200);
    const r = await call('POST', '/nodes/pve1/qemu/100/status/reset', tokenAuth());
    expect(r.status).toBe(200);
    const upid = r.json!.data as string;
    expect(upid).toMatch(/:qmreset:100:root@pam!deckhand:$/);
    const st = await call(
      'GET',
      `/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`,
      tokenAuth(),
    );
    expect(st.json!.data).toMatchObject({ user: 'root@pam', tokenid: 'deckhand' });

    // The header may also use a space and URL-encoding; the secret is split at the last '='.
    const t = cluster.credentials.token;
    const res = await request(`${cluster.url}/api2/json/version`, {
      headers: { authorization: `PVEAPIToken ${encodeURIComponent(`${t.tokenId}=${t.secret}`)}` },
      dispatcher: agent,
    });
    await res.body.dump();
    expect(res.statusCode).toBe(200);
  });

  it('refuses a wrong token secret and token logins', async () => {
    const t = cluster.credentials.token;
    const bad = await call('GET', '/version', {
      token: `${t.tokenId}=00000000-0000-0000-0000-000000000000`,
    });
    expect(bad.status).toBe(401);
    expect(bad.reason).toBe('Authentication failed!');
    expect(bad.text).toBe('');

    const mint = await call('POST', '/access/ticket', tokenAuth(), {
      username: 'root@pam',
      password: 'x',
    });
    expect(mint.status).toBe(403);
    // raise_perm_exc's text carries its own newline inside the parentheses.
    expect(mint.reason).toBe(
      "Permission check failed (URI '/access/ticket' not available with API token, need proper ticket.",
    );
    expect(mint.json!.message).toContain('not available with API token, need proper ticket.');
  });

  it('lets the read-only user read everything but not power guests', async () => {
    const ro = cluster.credentials.readonlyUser;
    const { ticket, csrf, data } = await login(ro.username, ro.password);
    expect(
      (data.cap as Record<string, Record<string, number>>).vms!['VM.PowerMgmt'],
    ).toBeUndefined();
    const list = await call('GET', '/cluster/resources', { ticket });
    expect(list.status).toBe(200);
    const r = await call('POST', '/nodes/pve1/qemu/100/status/stop', { ticket, csrf });
    expect(r.status).toBe(403);
    expect(r.json!.message).toBe('Permission check failed (/vms/100, VM.PowerMgmt)\n');

    // The permission check runs before pveproxy proxies or the handler looks anything up:
    // a guest on the offline node and a guest that does not exist are refused the same way.
    const offline = await call('POST', '/nodes/pve3/qemu/102/status/stop', { ticket, csrf });
    expect(offline.status).toBe(403);
    const missing = await call('POST', '/nodes/pve1/qemu/999/status/stop', { ticket, csrf });
    expect(missing.status).toBe(403);
    expect(missing.json!.message).toBe('Permission check failed (/vms/999, VM.PowerMgmt)\n');
  });

  it('renews a ticket by posting it as the password; it expires after two hours', async () => {
    const first = await rootLogin();
    cluster.advanceClock(3600);
    const renewed = await login('root@pam', first.ticket);
    expect(renewed.ticket).not.toBe(first.ticket);

    cluster.advanceClock(3700);
    // 7300 s after the first login it is stale; the renewed one (3700 s old) still works.
    expect((await call('GET', '/version', { ticket: first.ticket })).status).toBe(401);
    expect((await call('GET', '/version', { ticket: renewed.ticket })).status).toBe(200);
    const stale = await call('POST', '/access/ticket', undefined, {
      username: 'root@pam',
      password: first.ticket,
    });
    expect(stale.status).toBe(401);
  });

  it('expireTickets invalidates issued tickets; logging in again works', async () => {
    const { ticket } = await rootLogin();
    expect((await call('GET', '/nodes', { ticket })).status).toBe(200);
    cluster.expireTickets();
    const r = await call('GET', '/nodes', { ticket });
    expect(r.status).toBe(401);
    expect(r.text).toBe('');
    const again = await rootLogin();
    expect((await call('GET', '/nodes', { ticket: again.ticket })).status).toBe(200);
  });

  it('rotateCertificate serves a new certificate with a new fingerprint', async () => {
    const before = cluster.fingerprint;
    const oldPem = cluster.certificatePem;
    const after = await cluster.rotateCertificate();
    expect(after).not.toBe(before);
    expect(cluster.fingerprint).toBe(after);

    // What the socket presents now is the new certificate: it verifies against the new PEM.
    const peer = await new Promise<PeerCertificate>((resolve, reject) => {
      const s = connect(
        { host: '127.0.0.1', port: cluster.port, ca: cluster.certificatePem },
        () => {
          const cert = s.getPeerCertificate();
          s.destroy();
          resolve(cert);
        },
      );
      s.on('error', reject);
    });
    expect(peer.fingerprint256).toBe(after);

    // A client still trusting the old certificate is refused.
    const stale = new Agent({ connect: { ca: oldPem } });
    await expect(
      request(`${cluster.url}/api2/json/access/domains`, { dispatcher: stale }),
    ).rejects.toThrow();
    await stale.close();

    await agent.close();
    agent = new Agent({ connect: { ca: cluster.certificatePem } });
    const nodes = await call('GET', '/nodes', tokenAuth());
    const pve1 = (nodes.json!.data as { node: string; ssl_fingerprint: string }[]).find(
      (n) => n.node === 'pve1',
    );
    expect(pve1!.ssl_fingerprint).toBe(after);
  });
});
