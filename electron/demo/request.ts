// An ordinary HTTP request through the front end: the body read (1 MiB at most), the added
// latency, the fault rules, then the dispatcher's answer or PVE's error for what it threw (which
// the drop-reply and late-reply faults lose or delay after the request ran).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './errors';
import type { FrontEnd } from './front';
import { asApiError, sendError, sendReply, statusFault } from './wire';

const MAX_BODY = 1024 * 1024;

class BodyError extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new BodyError('request entity too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function handleRequest(
  front: FrontEnd,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'https://127.0.0.1');
  const path = url.pathname;
  front.count(method, path);

  let body: string;
  try {
    body = await readBody(req);
  } catch {
    if (!res.destroyed) sendError(res, new ApiError(413, 'Request Entity Too Large'));
    return;
  }
  await front.delay(front.latencyMs);
  if (front.closing || res.destroyed) return;

  const fault = front.faults.take(method, path);
  // These two run the request as usual and spoil only its answer.
  const after = fault?.kind === 'drop-reply' || fault?.kind === 'late-reply' ? fault : undefined;
  if (fault && !after) {
    if (fault.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'slow') {
      await front.delay(fault.delayMs);
      if (front.closing || res.destroyed) return;
    } else if (fault.kind === 'malformed') {
      res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8' });
      res.end('{"data":[{"id":"qemu/100","status":"runn');
      return;
    } else if (fault.kind === 'status') {
      sendError(res, statusFault(fault));
      return;
    }
  }

  try {
    const reply = await front.dispatcher.dispatch(req, method, url, body);
    if (after?.kind === 'drop-reply') {
      req.socket.destroy();
      return;
    }
    if (after?.kind === 'late-reply') {
      await front.delay(after.delayMs);
      if (front.closing || res.destroyed) return;
    }
    sendReply(res, reply);
  } catch (err) {
    const e = asApiError(err);
    if (e.status === 401) await front.delay(front.authFailureDelayMs);
    if (front.closing || res.destroyed) return;
    sendError(res, e);
  }
}
