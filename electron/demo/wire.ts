// What pveproxy writes on the wire (spec §2): its headers, the JSON envelope of a reply, error
// answers (the reason phrase is the message's first line; PVE's bodies, or none), and the same
// written straight to a socket on the upgrade path, where there is no ServerResponse.

import type { ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError } from './errors';
import { faultReason, isPseudoStatus } from './faults';
import type { Reply } from './routes';

/** Anything thrown while answering, as the ApiError it is or a 500 with its text. */
export function asApiError(err: unknown): ApiError {
  return err instanceof ApiError
    ? err
    : new ApiError(500, err instanceof Error ? err.message : String(err));
}

function pveHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'Cache-Control': 'max-age=0',
    Pragma: 'no-cache',
    Expires: new Date().toUTCString(),
    Server: 'pve-api-daemon/3.0',
    ...extra,
  };
}

/**
 * pveproxy's `Connection: Keep-Alive`, with no `Keep-Alive: timeout=` hint (pve-http-server
 * AnyEvent.pm): a client then keeps the connection for its own idle time. Node would add a hint,
 * which undici reads as "close 2 s early", i.e. a new TLS handshake every 3 s tick. The last
 * request a connection may carry (maxRequestsPerSocket) is answered with `close`.
 */
function keepAlive(res: ServerResponse): string {
  const last = (res as { maxRequestsOnConnectionReached?: boolean }).maxRequestsOnConnectionReached;
  return last ? 'close' : 'Keep-Alive';
}

export function sendReply(res: ServerResponse, reply: Reply): void {
  const Connection = keepAlive(res);
  if (reply.raw) {
    const encoding: Record<string, string> = reply.raw.encoding
      ? { 'Content-Encoding': reply.raw.encoding }
      : {};
    res.writeHead(
      200,
      pveHeaders({ 'Content-Type': reply.raw.contentType, Connection, ...encoding }),
    );
    res.end(reply.raw.body);
    return;
  }
  let text: string;
  if (reply.json !== undefined) text = `{"data":${reply.json}}`;
  else {
    const out: Record<string, unknown> = { data: reply.data };
    // pve-http-server Formatter/Standard.pm: `total` only when true in Perl, so never 0.
    if (reply.total) out.total = reply.total;
    text = JSON.stringify(out);
  }
  res.writeHead(200, pveHeaders({ 'Content-Type': 'application/json;charset=UTF-8', Connection }));
  res.end(text);
}

function errorParts(e: ApiError): {
  status: number;
  reason: string;
  headers: Record<string, string>;
  body: string;
} {
  const message = e.message;
  // The reason phrase is the message's first line (HTTP forbids control characters in it).
  const reason = (message.split('\n')[0] ?? '').replace(/[^\t\x20-\x7e]/g, ' ');
  const headers = pveHeaders({ Connection: 'close' });
  if (e.options.emptyBody) return { status: e.status, reason, headers, body: '' };
  if (e.options.textBody) return { status: e.status, reason, headers, body: message };
  const out: Record<string, unknown> = {
    data: null,
    // `die "…\n"` texts end in a newline; rest_handler's own 501 text does not.
    message: message.endsWith('\n') || e.options.exact ? message : `${message}\n`,
  };
  if (e.options.errors) out.errors = e.options.errors;
  return {
    status: e.status,
    reason,
    headers: { ...headers, 'Content-Type': 'application/json;charset=UTF-8' },
    body: JSON.stringify(out),
  };
}

export function sendError(res: ServerResponse, e: ApiError): void {
  const { status, reason, headers, body } = errorParts(e);
  res.statusMessage = reason;
  if (e.options.emptyBody) {
    res.writeHead(status, { ...headers, 'Content-Length': '0' });
    res.end();
    return;
  }
  res.writeHead(status, headers);
  res.end(body);
}

/** An error answer written straight to a socket (no ServerResponse on the upgrade path). */
export function writeRaw(socket: Duplex, e: ApiError): void {
  if (socket.destroyed) return;
  const { status, reason, headers, body } = errorParts(e);
  const lines = [`HTTP/1.1 ${status} ${reason}`];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

/** The error a status fault answers with: PVE's reason, and no body where pveproxy sends none. */
export function statusFault(fault: { status: number; message?: string }): ApiError {
  const reason = faultReason(fault.status, fault.message, STATUS_CODES[fault.status] ?? 'Error');
  const empty = isPseudoStatus(fault.status) || fault.status === 401;
  return new ApiError(fault.status, reason, { emptyBody: empty });
}
