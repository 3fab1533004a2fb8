// The browser host: serves the built renderer on 127.0.0.1 and binds the IPC contract to a
// loopback WebSocket at /ipc. The only server-side code that knows the WebSocket transport.
// Access control: a random token per start (in the page URL, compared in constant time), the
// Host header (against DNS rebinding) and the Origin of the upgrade request (against other sites).
// A page of this host with a stale token gets a socket closed with WS_CLOSE_TOKEN_REFUSED.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import {
  BROADCAST_EVENT_NAMES,
  type BroadcastEventName,
  type WsServerMessage,
  WS_CLOSE_TOKEN_REFUSED,
} from '../../shared/ipc';
import { DisposableStore } from '../../shared/lifecycle';
import { contentSecurityPolicy, readInlineScriptHashes } from '../host/csp';
import type { ContractCore } from '../host/dispatch';
import { bindSocket, sendFrame } from './socket-client';
import { sendText, serveStatic } from './static-files';
import { AssetCache } from '../host/asset-cache';
import { resolveStaticPath } from '../host/static-files';
import { withFirstFrame } from '../../shared/first-frame';

export interface BrowserHostOptions {
  core: ContractCore;
  /** TCP port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /**
   * The token pages must offer; default a fresh random one per start. Tests pass the token of a
   * host they stopped, to stand for the same host coming back.
   */
  token?: string;
}

export interface BrowserHost {
  /** http://127.0.0.1:<port>/?token=<token> */
  readonly url: string;
  readonly token: string;
  readonly port: number;
  /** Close every socket and the server; core stays the caller's to dispose. */
  close(): Promise<void>;
}

const IPC_PATH = '/ipc';
const MAX_FRAME_BYTES = 4 * 1024 * 1024;

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { core } = options;
  const staticRoot = realpathSync(options.staticDir);
  const token = options.token ?? randomBytes(32).toString('base64url');
  const tokenDigest = digest(token);
  const scriptHashes = readInlineScriptHashes(staticRoot);
  // Read while core starts its sessions: the window's scripts come from memory, not the disk.
  const assets = new AssetCache(staticRoot, (urlPath) => resolveStaticPath(staticRoot, urlPath));

  // The server, its sockets and core subscriptions: disposed newest first by close().
  const store = new DisposableStore('browser host');
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const clients = new Set<WebSocket>();
  let port = 0;
  store.defer(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  store.defer(() => new Promise<void>((resolve) => wss.close(() => resolve())));

  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  server.on('request', (req, res) => {
    const host = req.headers.host ?? '';
    if (!allowedHosts().has(host)) {
      sendText(res, 421, 'Misdirected request');
      return;
    }
    const headers = securityHeaders(host, scriptHashes);
    // The first frame names clusters and guests: only a page that has this start's token gets it.
    const page = async (html: string) =>
      offersToken(req, tokenDigest) ? withFirstFrame(html, await core.firstFrame?.()) : html;
    serveStatic(staticRoot, req, res, headers, page, assets).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = checkUpgrade(req, allowedHosts(), tokenDigest);
    if (refusal === 'token') {
      // A page of this host with another start's token: the browser would see only a failed
      // upgrade, so it gets a socket that closes at once with a code it can tell apart.
      wss.handleUpgrade(req, socket, head, (ws) => {
        if (store.isDisposed) return void ws.terminate();
        const kill = store.defer(() => ws.terminate());
        ws.on('close', () => store.forget(kill));
        ws.on('error', () => ws.terminate());
        ws.close(WS_CLOSE_TOKEN_REFUSED, 'token refused: the host restarted');
      });
      return;
    }
    if (refusal !== undefined) {
      refuseUpgrade(socket, refusal.status, refusal.text);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (store.isDisposed) {
        ws.terminate();
        return;
      }
      const page = store.add(bindSocket(core, ws));
      clients.add(ws);
      page.defer(() => {
        clients.delete(ws);
        store.forget(page);
      });
    });
  });

  for (const name of BROADCAST_EVENT_NAMES) {
    store.add(core.on(name, (payload) => broadcast(clients, name, payload)));
  }
  // A core started again knows none of the pages: each reconnects and reloads its state.
  if (core.onRestart) {
    store.add(core.onRestart(() => [...clients].forEach((ws) => ws.terminate())));
  }

  try {
    port = await listen(server, options.port ?? 0);
    await assets.ready;
  } catch (err) {
    await store.dispose();
    throw err;
  }

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    close: () => store.dispose(),
  };
}

function securityHeaders(host: string, scriptHashes: readonly string[]): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy([`ws://${host}`], scriptHashes),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=()',
  };
}

/** Does the request's URL carry this start's token (`?token=`)? Compared in constant time. */
function offersToken(req: IncomingMessage, tokenDigest: Buffer): boolean {
  const offered = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('token') ?? '';
  return timingSafeEqual(digest(offered), tokenDigest);
}

/**
 * Why an upgrade is refused: an HTTP answer, or 'token' for a page of this host whose token is not
 * this start's (told by a close code). Origin is checked before the token, so other sites and
 * clients without an Origin learn nothing but 403.
 */
function checkUpgrade(
  req: IncomingMessage,
  allowedHosts: Set<string>,
  tokenDigest: Buffer,
): { status: number; text: string } | 'token' | undefined {
  const host = req.headers.host ?? '';
  if (!allowedHosts.has(host)) return { status: 421, text: 'Misdirected Request' };
  const url = new URL(req.url ?? '/', `http://${host}`);
  if (url.pathname !== IPC_PATH) return { status: 404, text: 'Not Found' };
  // Browsers always send Origin on WebSocket upgrades; only pages of this host may connect.
  if (req.headers.origin !== `http://${host}`) return { status: 403, text: 'Forbidden' };
  const offered = url.searchParams.get('token') ?? '';
  if (!timingSafeEqual(digest(offered), tokenDigest)) return 'token';
  return undefined;
}

/** Fixed-length digests, so the comparison takes the same time whatever was offered. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

function broadcast(clients: Set<WebSocket>, name: BroadcastEventName, payload: unknown): void {
  if (clients.size === 0) return;
  let frame: string;
  try {
    frame = JSON.stringify({ t: 'event', name, payload } satisfies WsServerMessage);
  } catch {
    return;
  }
  for (const ws of clients) sendFrame(ws, frame);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('Browser host did not get a TCP address'));
        return;
      }
      resolve(address.port);
    });
  });
}
