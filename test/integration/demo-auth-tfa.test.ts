// The demo cluster's two-factor logins over real HTTPS (spec §1 "TFA flow"): NeedTFA with a half
// ticket, step 2 with `tfa-challenge` + `totp:`/`recovery:`, wrong codes, spent recovery keys and
// the WebAuthn-only user.

import { Agent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../electron/demo/index';
import { base32Encode, totpCode } from '../../electron/demo/tfa';
import { demoRequest, type Reply } from './demo-http';

let cluster: DemoCluster;
let agent: Agent;

function post(form: Record<string, string>): Promise<Reply> {
  return demoRequest(cluster, agent, 'POST', '/access/ticket', { form });
}

function data(r: Reply): Record<string, unknown> {
  return r.json!.data as Record<string, unknown>;
}

/** Step 1 for tfa@pve: the half ticket. */
async function stepOne(user = cluster.credentials.tfaUser): Promise<string> {
  const r = await post({ username: user.username, password: user.password });
  expect(r.status).toBe(200);
  return data(r).ticket as string;
}

function stepTwo(challenge: string, answer: string): Promise<Reply> {
  return post({ username: 'tfa@pve', 'tfa-challenge': challenge, password: answer });
}

beforeEach(async () => {
  cluster = await startDemoCluster({ taskTimeScale: 0.05 });
  agent = new Agent({ connect: { ca: cluster.certificatePem }, keepAliveTimeout: 4000 });
});

afterEach(async () => {
  await agent.close();
  await cluster.close();
});

describe('demo cluster: two-factor login', () => {
  it('computes RFC 6238 codes (the SHA-1 test vector)', () => {
    const secret = base32Encode(Buffer.from('12345678901234567890'));
    expect(totpCode(secret, 59)).toBe('287082');
    expect(totpCode(secret, 1111111109)).toBe('081804');
  });

  it('answers a password login with NeedTFA and a half ticket naming TOTP and the recovery keys', async () => {
    const t = cluster.credentials.tfaUser;
    const r = await post({ username: 'tfa', realm: 'pve', password: t.password });
    expect(r.status).toBe(200);
    const d = data(r);
    expect(d.NeedTFA).toBe(1);
    expect(d.username).toBe('tfa@pve');
    expect(d.cap).toBeUndefined();
    const ticket = d.ticket as string;
    const m = /^PVE:!tfa!([^:]*):[0-9A-F]{8}::.+$/.exec(ticket);
    expect(m).not.toBeNull();
    expect(JSON.parse(decodeURIComponent(m![1]!))).toEqual({
      totp: true,
      recovery: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    });
    // The half ticket is refused everywhere else.
    const v = await demoRequest(cluster, agent, 'GET', '/version', {
      headers: { cookie: `PVEAuthCookie=${encodeURIComponent(ticket)}` },
    });
    expect(v.status).toBe(401);
  });

  it('logs in with a TOTP code and the ticket then works', async () => {
    const t = cluster.credentials.tfaUser;
    const challenge = await stepOne();
    const code = totpCode(t.totpSecret, Math.floor(Date.now() / 1000));
    const r = await stepTwo(challenge, `totp:${code}`);
    expect(r.status).toBe(200);
    const d = data(r);
    expect(d.NeedTFA).toBeUndefined();
    expect(d.username).toBe('tfa@pve');
    expect(d.cap).toBeDefined();
    const v = await demoRequest(cluster, agent, 'GET', '/version', {
      headers: { cookie: `PVEAuthCookie=${encodeURIComponent(d.ticket as string)}` },
    });
    expect(v.status).toBe(200);
    // Renewal with the full ticket needs no second factor again.
    const renewed = await post({ username: 'tfa@pve', password: d.ticket as string });
    expect(renewed.status).toBe(200);
    expect(data(renewed).NeedTFA).toBeUndefined();
  });

  it('refuses a wrong code with PVE text, and a code without the challenge', async () => {
    const t = cluster.credentials.tfaUser;
    const challenge = await stepOne();
    const good = totpCode(t.totpSecret, Math.floor(Date.now() / 1000));
    const wrong = good === '000000' ? '111111' : '000000';
    const r = await stepTwo(challenge, `totp:${wrong}`);
    expect(r.status).toBe(401);
    expect(r.reason).toBe('authentication failure');
    // A challenge made for another user does not answer for this one.
    const other = await post({ username: 'webauthn@pve', password: t.password });
    const foreign = await stepTwo(data(other).ticket as string, `totp:${good}`);
    expect(foreign.status).toBe(401);
  });

  it('takes a recovery key once, then refuses it and lists it no more', async () => {
    const key = cluster.credentials.tfaUser.recoveryKeys[3]!;
    const first = await stepTwo(await stepOne(), `recovery:${key}`);
    expect(first.status).toBe(200);
    expect(data(first).ticket).toMatch(/^PVE:tfa@pve:/);
    const challenge = await stepOne();
    const again = await stepTwo(challenge, `recovery:${key}`);
    expect(again.status).toBe(401);
    const json = decodeURIComponent(/^PVE:!tfa!([^:]*):/.exec(challenge)![1]!);
    expect(JSON.parse(json).recovery).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9]);
  });

  it('offers a WebAuthn-only user nothing but a WebAuthn challenge', async () => {
    const w = cluster.credentials.webauthnUser;
    const r = await post({ username: w.username, password: w.password });
    expect(data(r).NeedTFA).toBe(1);
    const json = decodeURIComponent(/^PVE:!tfa!([^:]*):/.exec(data(r).ticket as string)![1]!);
    const challenge = JSON.parse(json) as Record<string, unknown>;
    expect(Object.keys(challenge)).toEqual(['webauthn']);
    expect(challenge.webauthn).toHaveProperty('publicKey.challenge');
  });
});
