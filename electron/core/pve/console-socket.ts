// Opens a console websocket to PVE with `ws`: the session's auth header or cookie, the `binary`
// subprotocol, and the same trust rule as every API request (system CAs, else the approved
// fingerprint, checked before the upgrade request is written).

import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import { DeckhandError } from '../../../shared/errors';
import { transportError } from './errors';
import { checkPeer, deferredVerdictOptions } from './tls';
import type { PveEndpoint } from '../../../shared/server-url';

export interface ConsoleSocketOptions {
  endpoint: PveEndpoint;
  fingerprint?: string;
  /** The cluster node behind `endpoint`, when it is not the profile's own server (for messages). */
  node?: string;
  /** Path and query below the base URL. */
  path: string;
  headers: Record<string, string>;
  /** TCP + TLS + upgrade (ms). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** PVE frames are at most 128 KiB; anything far bigger is not PVE. */
const MAX_PAYLOAD = 4 * 1024 * 1024;

type ConnectCallback = (err: Error | null, socket?: Duplex) => void;

/**
 * A connection function for http.request: the socket is handed over only once the peer passed
 * `checkPeer`, so not even the upgrade request reaches an unapproved server.
 */
function pinnedConnect(endpoint: PveEndpoint, pin: string | undefined, node?: string) {
  return (options: tls.ConnectionOptions, callback: ConnectCallback): undefined => {
    const socket = tls.connect({
      ...deferredVerdictOptions(endpoint),
      ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
    });
    let done = false;
    const finish = (err: Error | null): void => {
      if (done) return;
      done = true;
      socket.off('error', onError);
      if (err) {
        socket.destroy();
        callback(err);
      } else {
        callback(null, socket);
      }
    };
    const onError = (err: Error): void => finish(err);
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      finish(checkPeer(socket, pin, endpoint.hostPort, node) ?? null);
    });
    return undefined;
  };
}

export function openConsoleSocket(opts: ConsoleSocketOptions): Promise<WebSocket> {
  const { endpoint } = opts;
  const url = `wss://${endpoint.hostPort}${opts.path}`;
  const ctx = { hostPort: endpoint.hostPort, method: 'GET', path: opts.path.split('?')[0] ?? '' };
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new DeckhandError({ kind: 'internal', message: 'Console connection cancelled' }));
      return;
    }
    const ws = new WebSocket(url, 'binary', {
      headers: opts.headers,
      handshakeTimeout: opts.timeoutMs ?? 10_000,
      maxPayload: MAX_PAYLOAD,
      perMessageDeflate: false,
      followRedirects: false,
      createConnection: pinnedConnect(endpoint, opts.fingerprint, opts.node) as never,
    });
    ws.binaryType = 'nodebuffer';
    let settled = false;
    const onAbort = (): void => {
      ws.terminate();
      settle(new DeckhandError({ kind: 'internal', message: 'Console connection cancelled' }));
    };
    const settle = (err?: DeckhandError): void => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      ws.off('open', onOpen);
      ws.off('unexpected-response', onResponse);
      if (err) {
        ws.removeAllListeners('error');
        ws.on('error', () => undefined);
        reject(err);
      } else {
        resolve(ws);
      }
    };
    const onOpen = (): void => settle();
    const onResponse = (_req: unknown, res: import('node:http').IncomingMessage): void => {
      const status = res.statusCode ?? 0;
      const reason = res.statusMessage ?? '';
      res.resume();
      ws.terminate();
      settle(upgradeRefused(status, reason, endpoint.hostPort));
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    ws.once('open', onOpen);
    ws.once('unexpected-response', onResponse);
    ws.once('error', (err: Error) => {
      settle(err instanceof DeckhandError ? err : describeSocketError(err, ctx));
    });
  });
}

function describeSocketError(
  err: Error,
  ctx: { hostPort: string; method: string; path: string },
): DeckhandError {
  if (/handshake has timed out/i.test(err.message)) {
    return new DeckhandError(
      { kind: 'timeout', message: `Opening the console socket on ${ctx.hostPort} timed out` },
      { cause: err },
    );
  }
  return transportError(err, ctx);
}

/** The upgrade answered with a plain HTTP status instead of 101. */
function upgradeRefused(status: number, reason: string, hostPort: string): DeckhandError {
  const text = reason ? `${String(status)} ${reason}` : String(status);
  if (status === 401) {
    return new DeckhandError({
      kind: 'auth',
      status,
      message: `${hostPort} refused the console socket (${text}): the login or the console ticket is no longer valid`,
    });
  }
  if (status === 403) {
    return new DeckhandError({
      kind: 'permission',
      status,
      message: `${hostPort} refused the console socket (${text})`,
    });
  }
  if (status >= 595) {
    return new DeckhandError({
      kind: 'unreachable',
      status,
      message: `The node behind ${hostPort} cannot be reached (${text})`,
    });
  }
  return new DeckhandError({
    kind: 'api',
    status,
    message: `${hostPort} refused the console socket (${text})`,
  });
}
