// The browser host against a real core and the demo cluster: who may connect, what crosses the
// socket, what the static server hands out, and that close() stops everything.

import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Core } from '../../electron/core';
import { startDemoCluster, type DemoCluster } from '../../electron/demo';
import { startBrowserHost, type BrowserHost } from '../../electron/serve/host';
import type { AppInfo, ProfileInfo } from '../../shared/model';
import { createTestCore } from '../kit/core';
import { connectWsClient, type WsContractClient } from './contract-client';

let fixtureRoot: string;
let staticDir: string;
let demo: DemoCluster;

beforeAll(async () => {
  fixtureRoot = await mkdtemp(path.join(tmpdir(), 'deckhand-serve-'));
  staticDir = path.join(fixtureRoot, 'renderer');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Deckhand</title>');
  await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log("deckhand");');
  await writeFile(path.join(staticDir, 'assets', 'app.css'), 'body{}');
  await writeFile(path.join(fixtureRoot, 'secret.txt'), 'outside the renderer');
  await symlink(path.join(fixtureRoot, 'secret.txt'), path.join(staticDir, 'assets', 'link.txt'));
  demo = await startDemoCluster({ taskTimeScale: 0.05, statsIntervalMs: 200 });
});

afterAll(async () => {
  await demo?.close();
  await rm(fixtureRoot, { recursive: true, force: true });
});

let core: Core;
let host: BrowserHost;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  // The demo outlives each core: one cluster for the whole file.
  ({ core } = await createTestCore({
    appVersion: '9.8.7-test',
    demo,
    refreshIntervalMs: 500,
    taskPollMs: 100,
  }));
  host = await startBrowserHost({ core, staticDir });
});

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  for (const client of clients.splice(0)) await client.dispose();
  await host.close();
  await core.dispose();
});

const origin = (): string => `http://127.0.0.1:${host.port}`;

function openSocket(url: string, headers: Record<string, string>): WebSocket {
  const ws = new WebSocket(url, { headers });
  sockets.push(ws);
  return ws;
}

const clients: WsContractClient[] = [];

async function connectClient(): Promise<WsContractClient> {
  const client = await connectWsClient(host);
  clients.push(client);
  return client;
}

/** The HTTP status an upgrade is refused with (or 101 when it is accepted). */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  const ws = openSocket(url, headers);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(101));
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.once('error', (err) => reject(err));
  });
}

function get(
  pathname: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path: pathname, method, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('browser host: who may connect', () => {
  it('prints a loopback URL carrying a fresh 32-byte token', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(Buffer.from(host.token, 'base64url')).toHaveLength(32);
    const other = await startBrowserHost({ core, staticDir });
    try {
      expect(other.token).not.toBe(host.token);
    } finally {
      await other.close();
    }
  });

  it('accepts the right token from a page of this host', async () => {
    const status = await upgradeStatus(`ws://127.0.0.1:${host.port}/ipc?token=${host.token}`, {
      Origin: origin(),
    });
    expect(status).toBe(101);
  });

  it('tells a page with a missing or stale token that it was refused, and serves it nothing', async () => {
    const base = `ws://127.0.0.1:${host.port}/ipc`;
    const wrong = `${host.token.slice(0, -1)}${host.token.endsWith('A') ? 'B' : 'A'}`;
    for (const url of [base, `${base}?token=${wrong}`]) {
      // A browser sees no HTTP status of a refused upgrade: the close code is what it can read.
      const ws = openSocket(url, { Origin: origin() });
      const frames: unknown[] = [];
      ws.on('message', (data) => frames.push(data));
      ws.once('open', () => ws.send(JSON.stringify({ t: 'call', id: 1, name: 'app.info' })));
      const closed = await new Promise<{ code: number; reason: string }>((resolve) =>
        ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
      );
      expect(closed).toEqual({ code: 4401, reason: 'token refused: the host restarted' });
      expect(frames).toEqual([]);
    }
    // Without a page's Origin, a wrong token learns nothing more than a plain refusal.
    expect(await upgradeStatus(`${base}?token=${wrong}`, {})).toBe(403);
  });

  it('refuses another origin and a missing origin, even with the right token', async () => {
    const url = `ws://127.0.0.1:${host.port}/ipc?token=${host.token}`;
    expect(await upgradeStatus(url, { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(url, { Origin: `http://127.0.0.1:${host.port + 1}` })).toBe(403);
    expect(await upgradeStatus(url, {})).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding) for pages and sockets', async () => {
    const page = await get('/', { Host: `evil.example:${host.port}` });
    expect(page.status).toBe(421);
    const url = `ws://127.0.0.1:${host.port}/ipc?token=${host.token}`;
    const status = await upgradeStatus(url, {
      Host: `evil.example:${host.port}`,
      Origin: `http://evil.example:${host.port}`,
    });
    expect(status).toBe(421);
  });
});

describe('browser host: the contract over the socket', () => {
  it('answers app.info from core', async () => {
    const client = await connectClient();
    const reply = await client.call('app.info');
    expect(reply.envelope.ok).toBe(true);
    const info = (reply.envelope as { ok: true; value: AppInfo }).value;
    expect(info).toMatchObject({ host: 'browser', version: '9.8.7-test' });
  });

  it('refuses a call outside the contract with an error envelope', async () => {
    const client = await connectClient();
    const reply = await client.call('fs.readFile', { path: '/etc/passwd' });
    expect(reply.envelope).toMatchObject({ ok: false, error: { kind: 'validation' } });
    const inherited = await client.call('constructor');
    expect(inherited.envelope).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });

  it('carries core errors as data', async () => {
    const client = await connectClient();
    const reply = await client.call('session.state', { profileId: 'no-such-profile' });
    expect(reply.envelope.ok).toBe(false);
    if (!reply.envelope.ok) expect(reply.envelope.error.message).not.toBe('');
  });

  it('answers malformed text frames with a validation error and keeps serving', async () => {
    const client = await connectClient();
    client.ws.send('{not json');
    const notJson = await client.waitFor((m) => m.t === 'result' && m.id === -1);
    expect(notJson).toMatchObject({ envelope: { ok: false, error: { kind: 'validation' } } });
    client.ws.send(JSON.stringify({ t: 'call', id: 77 }));
    const noName = await client.waitFor((m) => m.t === 'result' && m.id === 77);
    expect(noName).toMatchObject({ envelope: { ok: false, error: { kind: 'validation' } } });
    // Binary frames carry stream input; a malformed one is dropped without a reply.
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    client.ws.send(JSON.stringify([1, 2]));
    await client.waitFor(
      () => client.messages.filter((m) => m.t === 'result' && m.id === -1).length >= 2,
    );

    const reply = await client.call('app.info');
    expect(reply.envelope.ok).toBe(true);
  });

  it('drops bad notifications without an answer and keeps serving', async () => {
    const client = await connectClient();
    client.send('console.resize', { consoleId: 'nope', cols: 0, rows: 0 });
    client.send('console.ack', { consoleId: 'nope', bytes: 1 });
    client.send('fs.readFile', { path: '/etc/passwd' });
    const reply = await client.call('app.info');
    expect(reply.envelope.ok).toBe(true);
    // Frames are handled in order: had a notification been answered, it would have come first.
    expect(client.messages.filter((m) => m.t === 'result')).toEqual([reply]);
  });

  it('forwards core events to every connected client', async () => {
    const first = await connectClient();
    const second = await connectClient();
    const reply = await first.call('profiles.addDemo');
    expect(reply.envelope.ok).toBe(true);
    const added = (reply.envelope as { ok: true; value: ProfileInfo }).value;
    expect(added.isDemo).toBe(true);

    for (const client of [first, second]) {
      const event = await client.waitFor(
        (m) =>
          m.t === 'event' &&
          m.name === 'profiles' &&
          (m.payload as ProfileInfo[]).some((p) => p.id === added.id),
      );
      expect(event).toMatchObject({ t: 'event', name: 'profiles' });
      const online = await client.waitFor(
        (m) =>
          m.t === 'event' &&
          m.name === 'connection' &&
          (m.payload as { profileId: string; status: string }).profileId === added.id &&
          (m.payload as { status: string }).status !== 'connecting',
      );
      expect(online.t).toBe('event');
    }
  });
});

describe('browser host: static files', () => {
  it('serves the renderer with its content type and the security headers', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>Deckhand</title>');
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(index.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src ws://127.0.0.1:${host.port}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['referrer-policy']).toBe('no-referrer');

    const script = await get('/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.body).toBe('console.log("deckhand");');
    const style = await get('/assets/app.css?v=1');
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('serves the assets read at start from memory, and a file added later from the disk', async () => {
    const file = path.join(staticDir, 'assets', 'app.js');
    const late = path.join(staticDir, 'assets', 'late.js');
    try {
      // Vite's asset names change with their content, so what was read at start stays right.
      await writeFile(file, 'console.log("changed on disk");');
      await writeFile(late, 'console.log("late");');
      expect((await get('/assets/app.js')).body).toBe('console.log("deckhand");');
      const added = await get('/assets/late.js');
      expect(added.status).toBe(200);
      expect(added.body).toBe('console.log("late");');
    } finally {
      await writeFile(file, 'console.log("deckhand");');
      await rm(late, { force: true });
    }
  });

  it('answers missing files with 404 and other methods with 405', async () => {
    expect((await get('/assets/missing.js')).status).toBe(404);
    expect((await get('/assets')).status).toBe(404);
    expect((await get('/', {}, 'POST')).status).toBe(405);
  });

  it('refuses every path out of the renderer directory', async () => {
    for (const attempt of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/link.txt',
      '/%00index.html',
      '/%E0%A4%A',
    ]) {
      const res = await get(attempt);
      expect(res.status, attempt).toBe(404);
      expect(res.body, attempt).not.toContain('outside the renderer');
    }
  });
});

describe('browser host: close()', () => {
  it('closes every socket and stops listening', async () => {
    const client = await connectClient();
    const closed = new Promise<void>((resolve) => client.ws.once('close', () => resolve()));
    const port = host.port;
    await host.close();
    await closed;
    expect(client.ws.readyState).toBe(WebSocket.CLOSED);
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
    // A second close (afterEach) is harmless.
    await host.close();
  });
});
