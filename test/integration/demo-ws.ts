// Raw console clients for the demo-console tests: the REST calls that create a proxy, a `ws`
// websocket to …/vncwebsocket that trusts the demo's certificate (as a CA, never unverified), and
// a byte reader for the termproxy and RFB protocols on top of it.

import type { IncomingMessage } from 'node:http';
import type { Agent } from 'undici';
import WebSocket from 'ws';
import type { DemoCluster } from '../../electron/demo/index';
import { vncResponse } from '../../electron/demo/console/vnc-auth';
import { demoRequest, type Reply } from './demo-http';

export type Auth = { ticket: string; csrf: string } | { token: string };

export function authHeaders(auth: Auth, withCsrf: boolean): Record<string, string> {
  if ('token' in auth) return { authorization: `PVEAPIToken=${auth.token}` };
  const h: Record<string, string> = { cookie: `PVEAuthCookie=${encodeURIComponent(auth.ticket)}` };
  if (withCsrf) h.CSRFPreventionToken = auth.csrf;
  return h;
}

export async function loginAs(
  demo: DemoCluster,
  agent: Agent,
  username: string,
  password: string,
): Promise<Auth> {
  const r = await demoRequest(demo, agent, 'POST', '/access/ticket', {
    form: { username, password },
  });
  if (r.status !== 200) throw new Error(`login as ${username} failed: ${r.status} ${r.reason}`);
  const d = r.json!.data as { ticket: string; CSRFPreventionToken: string };
  return { ticket: d.ticket, csrf: d.CSRFPreventionToken };
}

export function tokenAuth(demo: DemoCluster): Auth {
  const t = demo.credentials.token;
  return { token: `${t.tokenId}=${t.secret}` };
}

export interface ProxyReply {
  user: string;
  ticket: string;
  port: number;
  upid: string;
  cert?: string;
  password?: string;
}

export async function createProxy(
  demo: DemoCluster,
  agent: Agent,
  auth: Auth,
  path: string,
  form: Record<string, string> = {},
): Promise<{ reply: Reply; proxy: ProxyReply }> {
  const reply = await demoRequest(demo, agent, 'POST', path, {
    headers: authHeaders(auth, true),
    form,
  });
  return { reply, proxy: reply.json?.data as ProxyReply };
}

/** A websocket's life as the tests watch it: bytes received, how it ended. */
export class ConsoleSocket {
  readonly ws: WebSocket;
  private buf = Buffer.alloc(0);
  /** bytes handed out by read() so far */
  private readOffset = 0;
  readonly opened: Promise<void>;
  /** resolves with the close code (1006: no close frame) */
  readonly closed: Promise<number>;
  /** set when the server refused the upgrade */
  refusal?: { status: number; reason: string };
  isClosed = false;
  private waiters: Array<() => void> = [];

  constructor(url: string, demo: DemoCluster, auth: Auth, protocol: string | undefined = 'binary') {
    this.ws = new WebSocket(url, protocol === undefined ? [] : [protocol], {
      ca: demo.certificatePem,
      headers: authHeaders(auth, false),
    });
    this.ws.binaryType = 'nodebuffer';
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('unexpected-response', (_req, res: IncomingMessage) => {
        this.refusal = { status: res.statusCode ?? 0, reason: res.statusMessage ?? '' };
        res.resume();
        reject(new Error(`upgrade refused: ${res.statusCode} ${res.statusMessage}`));
      });
      this.ws.once('error', (err) => reject(err));
    });
    this.opened.catch(() => {});
    this.ws.on('error', () => {});
    this.closed = new Promise((resolve) =>
      this.ws.once('close', (code) => {
        this.isClosed = true;
        this.wake();
        resolve(code);
      }),
    );
    this.ws.on('message', (data: Buffer) => {
      this.buf = Buffer.concat([this.buf, data]);
      this.wake();
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private changed(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        reject(new Error('timed out'));
      }, ms);
      const done = (): void => {
        clearTimeout(t);
        resolve();
      };
      this.waiters.push(done);
    });
  }

  /** Everything received so far, as text. */
  text(): string {
    return this.buf.toString('utf8');
  }

  send(data: string | Buffer): void {
    this.ws.send(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }

  /** Wait until the received text (from `from` on) matches. */
  async waitForText(pattern: string | RegExp, ms = 10_000, from = 0): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const t = this.buf.subarray(from).toString('utf8');
      if (typeof pattern === 'string' ? t.includes(pattern) : pattern.test(t)) return t;
      if (this.isClosed) {
        throw new Error(`closed before ${String(pattern)} arrived; got ${JSON.stringify(t)}`);
      }
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out waiting for ${String(pattern)}; got ${JSON.stringify(t)}`);
      await this.changed(left).catch(() => {});
    }
  }

  /** The next `n` bytes (a stream reader for RFB). */
  async read(n: number, ms = 10_000): Promise<Buffer> {
    const deadline = Date.now() + ms;
    while (this.buf.length - this.readOffset < n) {
      if (this.isClosed) throw new Error(`closed while reading ${n} bytes`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out reading ${n} bytes`);
      await this.changed(left).catch(() => {});
    }
    const out = this.buf.subarray(this.readOffset, this.readOffset + n);
    this.readOffset += n;
    return out;
  }

  get length(): number {
    return this.buf.length;
  }

  close(): void {
    if (!this.isClosed) this.ws.terminate();
  }
}

export function websocketUrl(
  demo: DemoCluster,
  base: string,
  port: number,
  vncticket: string,
): string {
  const q = new URLSearchParams({ port: String(port), vncticket });
  return `${demo.url.replace(/^https/, 'wss')}/api2/json${base}/vncwebsocket?${q}`;
}

// ---- RFB -----------------------------------------------------------------------------------

export interface ServerInit {
  width: number;
  height: number;
  bitsPerPixel: number;
  name: string;
}

/** Version exchange and VNC Authentication; resolves with the SecurityResult (0 = OK). */
export async function rfbAuthenticate(
  sock: ConsoleSocket,
  password: string,
): Promise<{ result: number; reason?: string }> {
  const version = (await sock.read(12)).toString('latin1');
  if (!/^RFB 003\.00[378]\n$/.test(version)) throw new Error(`not RFB: ${JSON.stringify(version)}`);
  sock.send(Buffer.from('RFB 003.008\n', 'latin1'));
  const count = (await sock.read(1))[0]!;
  if (count === 0) throw new Error('server refused the connection');
  const types = [...(await sock.read(count))];
  if (!types.includes(2)) throw new Error(`no VNC Authentication offered: ${types.join(',')}`);
  sock.send(Buffer.from([2]));
  const challenge = Buffer.from(await sock.read(16));
  sock.send(vncResponse(password, challenge));
  const result = (await sock.read(4)).readUInt32BE(0);
  if (result === 0) return { result };
  const len = (await sock.read(4)).readUInt32BE(0);
  return { result, reason: (await sock.read(len)).toString('latin1') };
}

export async function rfbInit(sock: ConsoleSocket): Promise<ServerInit> {
  sock.send(Buffer.from([1]));
  const head = await sock.read(24);
  const nameLen = head.readUInt32BE(20);
  const name = (await sock.read(nameLen)).toString('utf8');
  return {
    width: head.readUInt16BE(0),
    height: head.readUInt16BE(2),
    bitsPerPixel: head.readUInt8(4),
    name,
  };
}

/** Ask for 32 bpp little-endian true colour and Raw, as noVNC does. */
export function rfbSetup(sock: ConsoleSocket): void {
  const pf = Buffer.alloc(20);
  pf.writeUInt8(0, 0);
  pf.writeUInt8(32, 4);
  pf.writeUInt8(24, 5);
  pf.writeUInt8(0, 6);
  pf.writeUInt8(1, 7);
  pf.writeUInt16BE(255, 8);
  pf.writeUInt16BE(255, 10);
  pf.writeUInt16BE(255, 12);
  pf.writeUInt8(16, 14);
  pf.writeUInt8(8, 15);
  pf.writeUInt8(0, 16);
  const enc = Buffer.alloc(8);
  enc.writeUInt8(2, 0);
  enc.writeUInt16BE(1, 2);
  enc.writeInt32BE(0, 4);
  sock.send(Buffer.concat([pf, enc]));
}

export function rfbRequest(sock: ConsoleSocket, init: ServerInit, incremental: boolean): void {
  const m = Buffer.alloc(10);
  m.writeUInt8(3, 0);
  m.writeUInt8(incremental ? 1 : 0, 1);
  m.writeUInt16BE(init.width, 6);
  m.writeUInt16BE(init.height, 8);
  sock.send(m);
}

export function rfbKey(sock: ConsoleSocket, keysym: number): void {
  for (const down of [1, 0]) {
    const m = Buffer.alloc(8);
    m.writeUInt8(4, 0);
    m.writeUInt8(down, 1);
    m.writeUInt32BE(keysym, 4);
    sock.send(m);
  }
}

/**
 * Read one FramebufferUpdate of Raw rectangles (other server messages are skipped) and paint it
 * into `fb` (32 bpp, width × height).
 */
export async function rfbReadUpdate(
  sock: ConsoleSocket,
  init: ServerInit,
  fb: Buffer,
  ms = 15_000,
): Promise<number> {
  for (;;) {
    const type = (await sock.read(1, ms))[0]!;
    if (type === 0) break;
    if (type === 2) continue; // Bell
    if (type === 3) {
      const h = await sock.read(7, ms);
      await sock.read(h.readUInt32BE(3), ms);
      continue;
    }
    throw new Error(`unexpected RFB server message ${type}`);
  }
  const n = (await sock.read(3, ms)).readUInt16BE(1);
  let painted = 0;
  for (let i = 0; i < n; i++) {
    const r = await sock.read(12, ms);
    const x = r.readUInt16BE(0);
    const y = r.readUInt16BE(2);
    const w = r.readUInt16BE(4);
    const h = r.readUInt16BE(6);
    const enc = r.readInt32BE(8);
    if (enc !== 0) {
      if (enc === -223 || enc === -308) continue; // DesktopSize pseudo-rects carry no pixels
      throw new Error(`unexpected encoding ${enc}`);
    }
    const px = await sock.read(w * h * 4, ms);
    for (let row = 0; row < h; row++) {
      px.copy(fb, ((y + row) * init.width + x) * 4, row * w * 4, (row + 1) * w * 4);
    }
    painted += w * h;
  }
  return painted;
}
