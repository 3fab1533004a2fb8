// A request with `Upgrade:` (HTTP handle_api2_request in pve-http-server AnyEvent.pm): it goes
// through the REST handler like any other (auth, permissions, parameters, the vncwebsocket ticket
// check); only a 200 for a GET on a path ending in `websocket` becomes a websocket, handed to the
// console proxy on the port the handler answered with.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError } from './errors';
import type { FrontEnd } from './front';
import type { Reply } from './routes';
import { asApiError, statusFault, writeRaw } from './wire';

export async function handleUpgrade(
  front: FrontEnd,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'https://127.0.0.1');
  const path = url.pathname;
  front.count(method, path);
  await front.delay(front.latencyMs);
  if (front.closing || socket.destroyed) return void socket.destroy();

  const fault = front.faults.take(method, path);
  if (fault) {
    // An upgrade has no reply to lose after running: drop-reply drops, late-reply is slow.
    if (fault.kind === 'drop' || fault.kind === 'drop-reply') return void socket.destroy();
    if (fault.kind === 'slow' || fault.kind === 'late-reply') {
      await front.delay(fault.delayMs);
      if (front.closing || socket.destroyed) return void socket.destroy();
    } else if (fault.kind === 'malformed') {
      socket.end('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{"data":{"port":');
      return;
    } else {
      return writeRaw(socket, statusFault(fault));
    }
  }

  let reply: Reply;
  try {
    reply = await front.dispatcher.dispatch(req, method, url, '');
  } catch (err) {
    const e = asApiError(err);
    if (e.status === 401) await front.delay(front.authFailureDelayMs);
    if (front.closing) return void socket.destroy();
    return writeRaw(socket, e);
  }
  if (front.closing) return void socket.destroy();
  const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
  if (method === 'GET' && path.endsWith('websocket')) {
    if (upgrade !== 'websocket') {
      return writeRaw(socket, new ApiError(500, `unable to upgrade to protocol '${upgrade}'`));
    }
    const version = req.headers['sec-websocket-version'];
    if (version !== '13') {
      return writeRaw(
        socket,
        new ApiError(500, `unsupported websocket-version '${version ?? ''}'`),
      );
    }
    if (!req.headers['sec-websocket-key']) {
      return writeRaw(socket, new ApiError(500, 'missing websocket-key'));
    }
    const data = reply.data as { port?: string } | undefined;
    front.consoles.upgrade(req, socket, head, Number(data?.port));
    return;
  }
  // Not a websocket path: an ordinary answer, as pveproxy gives one.
  const text = JSON.stringify({ data: reply.data ?? null });
  socket.end(
    `HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=UTF-8\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}
