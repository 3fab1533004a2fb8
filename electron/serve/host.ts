// The browser host: serves the built renderer on 127.0.0.1 and binds the IPC contract to a
// loopback WebSocket at /ipc. The only server-side code that knows the WebSocket transport.
// Access control: a random token per start (in the page URL, compared in constant time), the
// Host header (against DNS rebinding) and the Origin of the upgrade request (against other sites).

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import {
  EVENT_NAMES,
  type EventName,
  type WsClientMessage,
  type WsServerMessage,
} from '../../shared/ipc';
import {
  decodeStreamFrame,
  encodeStreamFrame,
  STREAM_INPUT,
  STREAM_OUTPUT,
} from '../../shared/stream-frame';
import { contentSecurityPolicy } from './csp';
import {
  dispatchCall,
  validationError,
  type ClientConnection,
  type ContractCore,
} from './contract';
import { sendText, serveStatic } from './static-files';

export interface BrowserHostOptions {
  core: ContractCore;
  /** TCP port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /** The built renderer (out/renderer). */
  staticDir: string;
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
/** A client that stops reading is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/** Reply id for frames too malformed to carry their own id. */
const UNKNOWN_ID = -1;

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { core } = options;
  const staticRoot = realpathSync(options.staticDir);
  const token = randomBytes(32).toString('base64url');
  const tokenDigest = digest(token);

  const server = createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const clients = new Set<WebSocket>();
  let port = 0;

  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  server.on('request', (req, res) => {
    const host = req.headers.host ?? '';
    if (!allowedHosts().has(host)) {
      sendText(res, 421, 'Misdirected request');
      return;
    }
    const headers = securityHeaders(host);
    serveStatic(staticRoot, req, res, headers).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = checkUpgrade(req, allowedHosts(), tokenDigest);
    if (refusal !== undefined) {
      refuseUpgrade(socket, refusal.status, refusal.text);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      // Each page (tab) is one client: console events and bytes go to it alone, and what it
      // owned is closed when its socket goes.
      const client = core.connectClient({
        event: (name, payload) => send(ws, { t: 'event', name, payload }),
        stream: (streamId, data) => sendFrame(ws, encodeStreamFrame(STREAM_OUTPUT, streamId, data)),
      });
      ws.on('close', () => {
        clients.delete(ws);
        client.close();
      });
      ws.on('error', () => ws.terminate());
      ws.on('message', (data, isBinary) => {
        void handleFrame(core, client, ws, data, isBinary);
      });
    });
  });

  const unsubscribers = EVENT_NAMES.map((name) =>
    core.on(name, (payload) => broadcast(clients, name, payload)),
  );

  try {
    port = await listen(server, options.port ?? 0);
  } catch (err) {
    for (const off of unsubscribers) off();
    throw err;
  }

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      for (const off of unsubscribers) off();
      for (const ws of clients) ws.terminate();
      clients.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    })();
    return closing;
  };

  return { url: `http://127.0.0.1:${port}/?token=${token}`, token, port, close };
}

function securityHeaders(host: string): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy([`ws://${host}`]),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=()',
  };
}

function checkUpgrade(
  req: IncomingMessage,
  allowedHosts: Set<string>,
  tokenDigest: Buffer,
): { status: number; text: string } | undefined {
  const host = req.headers.host ?? '';
  if (!allowedHosts.has(host)) return { status: 421, text: 'Misdirected Request' };
  const url = new URL(req.url ?? '/', `http://${host}`);
  if (url.pathname !== IPC_PATH) return { status: 404, text: 'Not Found' };
  const offered = url.searchParams.get('token') ?? '';
  if (!timingSafeEqual(digest(offered), tokenDigest)) {
    return { status: 401, text: 'Unauthorized' };
  }
  // Browsers always send Origin on WebSocket upgrades; only pages of this host may connect.
  if (req.headers.origin !== `http://${host}`) return { status: 403, text: 'Forbidden' };
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

async function handleFrame(
  core: ContractCore,
  client: ClientConnection,
  ws: WebSocket,
  data: RawData,
  isBinary: boolean,
): Promise<void> {
  if (isBinary) {
    const frame = decodeStreamFrame(rawToBuffer(data));
    if (frame?.kind === STREAM_INPUT) client.write(frame.streamId, frame.data);
    return;
  }
  const parsed = parseClientMessage(rawToString(data));
  if (parsed === undefined || !parsed.ok) {
    const id = parsed?.id ?? UNKNOWN_ID;
    send(ws, {
      t: 'result',
      id,
      envelope: validationError(parsed?.message ?? 'Expected a JSON text frame'),
    });
    return;
  }
  const { id, name, args } = parsed.message;
  const envelope = await dispatchCall(core.handlers, name, args, { clientId: client.clientId });
  send(ws, { t: 'result', id, envelope });
}

type Parsed =
  { ok: true; message: WsClientMessage } | { ok: false; id: number | undefined; message: string };

function parseClientMessage(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, id: undefined, message: 'Malformed frame: not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, id: undefined, message: 'Malformed frame: expected an object' };
  }
  const frame = value as Record<string, unknown>;
  const id = Number.isSafeInteger(frame.id) ? (frame.id as number) : undefined;
  if (frame.t !== 'call') {
    return { ok: false, id, message: 'Malformed frame: unknown message type' };
  }
  if (id === undefined) return { ok: false, id, message: 'Malformed frame: missing integer id' };
  if (typeof frame.name !== 'string') {
    return { ok: false, id, message: 'Malformed frame: missing call name' };
  }
  return { ok: true, message: { t: 'call', id, name: frame.name, args: frame.args } };
}

function rawToBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return data;
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function broadcast(clients: Set<WebSocket>, name: EventName, payload: unknown): void {
  if (clients.size === 0) return;
  let frame: string;
  try {
    frame = JSON.stringify({ t: 'event', name, payload } satisfies WsServerMessage);
  } catch {
    return;
  }
  for (const ws of clients) sendFrame(ws, frame);
}

function send(ws: WebSocket, message: WsServerMessage): void {
  let frame: string;
  try {
    frame = JSON.stringify(message);
  } catch (err) {
    // A result that cannot cross as JSON is a core bug; the caller still gets an answer.
    if (message.t !== 'result') return;
    const error = { kind: 'internal', message: `Result could not be sent: ${String(err)}` };
    frame = JSON.stringify({ t: 'result', id: message.id, envelope: { ok: false, error } });
  }
  sendFrame(ws, frame);
}

function sendFrame(ws: WebSocket, frame: string | Uint8Array): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
    ws.terminate();
    return;
  }
  ws.send(frame);
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
