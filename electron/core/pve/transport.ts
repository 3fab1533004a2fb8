// One HTTP exchange with PVE over one undici Agent: TLS pinning, timeouts, the JSON envelope,
// error classification, and retries for GETs only. Knows nothing about logins: the caller passes
// the auth headers of the moment.

import zlib from 'node:zlib';
import { Agent, type Dispatcher } from 'undici';
import { DeckhandError } from '../../../shared/errors';
import { backoffDelay, type BackoffPolicy } from '../../../shared/backoff';
import {
  DisposableStore,
  systemScheduler,
  type Disposable,
  type Scheduler,
} from '../../../shared/lifecycle';
import {
  RequestInDoubt,
  failedBeforeSending,
  httpError,
  isRetryableForGet,
  malformedReply,
  transportError,
  type RequestContext,
} from './errors';
import { encodeParams, type PveParams } from './form';
import { pinnedConnector } from './tls';
import type { PveEndpoint } from '../../../shared/server-url';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface TransportOptions {
  endpoint: PveEndpoint;
  /** SHA-256 fingerprint the user approved (used only when the system CAs do not trust the cert) */
  fingerprint?: string;
  /** Limit for the answer's headers and for each stall in its body (ms). Default 15 s. */
  timeoutMs?: number;
  /** Limit for TCP + TLS setup (ms). Default 10 s. */
  connectTimeoutMs?: number;
  /** Extra attempts for a GET after a network error or 5xx. Default 3. */
  getRetries?: number;
  retryBackoff?: BackoffPolicy;
  random?: () => number;
  /** Largest answer body accepted (bytes); a bigger one is a protocol error. Default 64 MiB. */
  maxBodyBytes?: number;
  /** Where the pauses between retries come from. Default: the system's. */
  scheduler?: Scheduler;
}

export interface PveRequest {
  method: HttpMethod;
  /** API path below /api2/json, starting with `/` */
  path: string;
  params?: PveParams;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** GETs only: retries instead of the transport's default (0 for answers that will not change). */
  retries?: number;
  /**
   * A 2xx answer's body comes back as its bytes in `bytes`, unparsed (`data` undefined): the
   * caller parses, or skips a reply identical to the last (session/resource-pipeline.ts).
   */
  raw?: boolean;
}

/** A successful answer: PVE's envelope `{data, total?}`. */
export interface PveEnvelope {
  data: unknown;
  total?: number;
  /** The body's bytes, for a request sent with `raw`. */
  bytes?: Buffer;
}

/** A non-2xx PVE answer. `emptyBody` marks auth-stage refusals (spec §2: 401 with no body). */
export class PveReplyError extends DeckhandError {
  readonly emptyBody: boolean;
  constructor(base: DeckhandError, emptyBody: boolean) {
    super(base.toData(), { cause: base.cause });
    this.emptyBody = emptyBody;
  }
}

// pveproxy drops idle connections after 5 s; closing ours first avoids sending a request into a
// socket the server is closing (which, for a POST, would leave us unsure whether it arrived).
// 4 s outlives the 3 s refresh interval, so each tick reuses the connection of the last (pveproxy
// sends no timeout hint). A proxy in front that hints `timeout=5` gets 5 s less the threshold:
// undici's default 2 s would leave 3 s, a new TLS handshake every tick.
const KEEP_ALIVE_MS = 4_000;
const KEEP_ALIVE_MAX_MS = 4_500;
const KEEP_ALIVE_THRESHOLD_MS = 1_000;
/** Far above any real reply (/cluster/resources of a big cluster is a few MB), far below harm. */
const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

export class PveTransport implements Disposable {
  /** The server spoken to now: the profile's, or another node of its cluster (retarget). */
  endpoint: PveEndpoint;
  /** The cluster node behind `endpoint` when it is not the profile's own server. */
  peerNode: string | undefined;
  private readonly store = new DisposableStore('PveTransport');
  private agent: Agent;
  private readonly scheduler: Scheduler;
  private readonly timeoutMs: number;
  private readonly getRetries: number;
  private readonly retryBackoff: BackoffPolicy;
  private readonly random: () => number;
  private fingerprint: string | undefined;
  private readonly connectTimeoutMs: number;
  private readonly maxBodyBytes: number;

  constructor(opts: TransportOptions) {
    this.endpoint = opts.endpoint;
    this.fingerprint = opts.fingerprint;
    this.peerNode = undefined;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
    this.getRetries = opts.getRetries ?? 3;
    this.retryBackoff = opts.retryBackoff ?? { baseMs: 200, capMs: 2_000 };
    this.random = opts.random ?? Math.random;
    this.maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.scheduler = opts.scheduler ?? systemScheduler;
    this.agent = this.createAgent();
    // Whichever agent is current then: resetConnections replaces it.
    this.store.defer(() => this.agent.destroy());
  }

  get pinnedFingerprint(): string | undefined {
    return this.fingerprint;
  }

  private createAgent(): Agent {
    return new Agent({
      connect: pinnedConnector(
        this.endpoint,
        this.fingerprint,
        this.connectTimeoutMs,
        this.peerNode,
      ),
      keepAliveTimeout: KEEP_ALIVE_MS,
      keepAliveMaxTimeout: KEEP_ALIVE_MAX_MS,
      keepAliveTimeoutThreshold: KEEP_ALIVE_THRESHOLD_MS,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      connections: 8,
    });
  }

  /**
   * Send a request. GETs are retried with backoff on network errors and 5xx; POST/PUT/DELETE are
   * sent exactly once, because after a network error or 5xx they may have taken effect. A write
   * that failed after it may have reached PVE (the reply lost, late or malformed) throws a
   * RequestInDoubt; one refused before sending (connect, DNS, TLS) or answered with an HTTP error
   * throws a plain DeckhandError.
   */
  async send(req: PveRequest): Promise<PveEnvelope> {
    const retries = req.method === 'GET' ? (req.retries ?? this.getRetries) : 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.exchange(req);
      } catch (err) {
        const retry =
          attempt < retries &&
          err instanceof DeckhandError &&
          isRetryableForGet(err) &&
          !req.signal?.aborted;
        if (!retry) throw err;
        await this.scheduler.delay(backoffDelay(attempt, this.retryBackoff, this.random), {
          label: 'GET retry',
          ...(req.signal ? { signal: req.signal } : {}),
        });
      }
    }
  }

  private async exchange(req: PveRequest): Promise<PveEnvelope> {
    if (this.store.isDisposed) {
      throw new DeckhandError({ kind: 'internal', message: 'Connection closed' });
    }
    const ctx: RequestContext = {
      method: req.method,
      path: req.path,
      hostPort: this.endpoint.hostPort,
    };
    const encoded = encodeParams(req.params);
    const inQuery = req.method === 'GET' || req.method === 'DELETE';
    const path = `/api2/json${req.path}${inQuery && encoded ? `?${encoded}` : ''}`;
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    // A write's fate is unknown once it may have been sent and no sound answer came back.
    const doubt = (err: DeckhandError): DeckhandError =>
      req.method === 'GET' ? err : new RequestInDoubt(err);
    if (!inQuery) headers['content-type'] = 'application/x-www-form-urlencoded';

    let statusCode: number;
    let statusText: string;
    let bytes: Buffer | undefined;
    try {
      const res = await this.agent.request({
        origin: this.endpoint.baseUrl,
        path,
        method: req.method,
        headers,
        ...(inQuery ? {} : { body: encoded }),
        ...(req.signal ? { signal: req.signal } : {}),
      });
      statusCode = res.statusCode;
      statusText = res.statusText ?? '';
      bytes = await readBody(res.body, this.maxBodyBytes, res.headers['content-encoding']);
    } catch (err) {
      if (req.signal?.aborted) {
        throw new DeckhandError({ kind: 'internal', message: 'Request cancelled' }, { cause: err });
      }
      const e = transportError(err, ctx);
      throw failedBeforeSending(err) ? e : doubt(e);
    }
    if (bytes === undefined) {
      throw doubt(malformedReply(ctx, `the answer is larger than ${this.maxBodyBytes} bytes`));
    }
    const ok = statusCode >= 200 && statusCode < 300;
    if (ok && req.raw) return { data: undefined, bytes };
    const text = bytes.toString('utf8');

    if (!ok) {
      const body = parseJson(text);
      throw new PveReplyError(httpError(statusCode, statusText, body, ctx), text.trim() === '');
    }
    const body = parseJson(text);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw doubt(malformedReply(ctx, text.trim() ? 'not JSON' : 'empty body'));
    }
    const envelope = body as Record<string, unknown>;
    if (!('data' in envelope)) throw doubt(malformedReply(ctx, "no 'data' in the reply"));
    const raw = envelope.total;
    const total = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
    return Number.isFinite(total) ? { data: envelope.data, total } : { data: envelope.data };
  }

  /** Drop pooled connections, so the next request handshakes (and checks the certificate) anew. */
  async resetConnections(): Promise<void> {
    // After dispose() no new agent may appear: nothing would ever close it.
    if (this.store.isDisposed) return;
    const old = this.agent;
    this.agent = this.createAgent();
    await old.destroy();
  }

  /**
   * Speak to another server from now on (failover to another node of the cluster, trust/), with
   * that node's pin; requests in flight on the old one end with it.
   */
  async retarget(endpoint: PveEndpoint, fingerprint?: string, node?: string): Promise<void> {
    if (this.store.isDisposed) return;
    this.endpoint = endpoint;
    this.fingerprint = fingerprint;
    this.peerNode = node;
    await this.resetConnections();
  }

  /** Abort everything in flight and close every socket. */
  dispose(): Promise<void> {
    return this.store.dispose();
  }
}

/**
 * The body's bytes, or undefined (and the stream destroyed) once it exceeds `limit` bytes: a
 * broken or hostile server must not make us buffer without bound. A gzip or deflate body (the
 * journal is always sent gzipped, spec §6; undici's request() does not decode) is decoded, to at
 * most `limit` bytes too; a body that does not decode reads as empty (a malformed reply).
 */
async function readBody(
  body: Dispatcher.ResponseData['body'],
  limit: number,
  encoding?: string | string[],
): Promise<Buffer | undefined> {
  const raw = await readRaw(body, limit);
  if (raw === undefined) return undefined;
  const coding = (Array.isArray(encoding) ? encoding.join(',') : (encoding ?? '')).trim();
  if (!/^(x-)?gzip$|^deflate$/i.test(coding) || raw.length === 0) return raw;
  try {
    const opts = { maxOutputLength: limit, finishFlush: zlib.constants.Z_SYNC_FLUSH };
    return /deflate/i.test(coding) ? zlib.inflateSync(raw, opts) : zlib.gunzipSync(raw, opts);
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return undefined;
    return Buffer.alloc(0);
  }
}

async function readRaw(
  body: Dispatcher.ResponseData['body'],
  limit: number,
): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
