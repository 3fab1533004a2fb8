// Everything that can go wrong talking to PVE becomes one DeckhandError with a kind the UI can act
// on and a message a user can read. Pure functions: unit-tested without a server.

import { DeckhandError } from '../../../shared/errors';

export interface RequestContext {
  method: string;
  /** API path without /api2/json, e.g. `/nodes/pve1/status` */
  path: string;
  /** `host:port` for messages */
  hostPort: string;
}

/** The node a path addresses (`/nodes/<node>/...`), for unreachable-node errors. */
function nodeOfPath(path: string): string | undefined {
  const m = /^\/nodes\/([^/?]+)/.exec(path);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

/** PVE's error body: `{data: null, message?: "...\n", errors?: {param: text}}`. */
function readErrorBody(body: unknown): { message?: string; errors?: Record<string, string> } {
  if (typeof body !== 'object' || body === null) return {};
  const rec = body as Record<string, unknown>;
  const out: { message?: string; errors?: Record<string, string> } = {};
  if (typeof rec.message === 'string' && rec.message.trim()) out.message = rec.message.trim();
  if (typeof rec.errors === 'object' && rec.errors !== null) {
    const errors: Record<string, string> = {};
    for (const [k, v] of Object.entries(rec.errors as Record<string, unknown>)) {
      errors[k] = typeof v === 'string' ? v.trim() : JSON.stringify(v);
    }
    if (Object.keys(errors).length > 0) out.errors = errors;
  }
  return out;
}

/** Statuses pveproxy invents when the node it proxies to cannot be reached (AnyEvent::HTTP). */
function isUnreachableStatus(status: number): boolean {
  return status === 595 || status === 596;
}

/**
 * Classify a non-2xx PVE answer. `reason` is the HTTP reason phrase: servers before
 * libpve-http-server-perl 5.2.0 put the message only there, so it is the fallback.
 */
export function httpError(
  status: number,
  reason: string,
  body: unknown,
  ctx: RequestContext,
): DeckhandError {
  const parsed = readErrorBody(body);
  const pveMessage = parsed.message ?? (reason.trim() || `HTTP ${status}`);
  if (isUnreachableStatus(status)) {
    const node = nodeOfPath(ctx.path);
    const what = node ? `Node ${node}` : `The node behind ${ctx.hostPort}`;
    return new DeckhandError({
      kind: 'unreachable',
      status,
      message: `${what} is unreachable: ${pveMessage}`,
      ...(node ? { node } : {}),
    });
  }
  if (status === 401) {
    return new DeckhandError({ kind: 'auth', status, message: authMessage(pveMessage) });
  }
  if (status === 403) {
    return new DeckhandError({ kind: 'permission', status, message: pveMessage });
  }
  return new DeckhandError({
    kind: 'api',
    status,
    message: parsed.errors ? withParamErrors(pveMessage, parsed.errors) : pveMessage,
    ...(parsed.errors ? { errors: parsed.errors } : {}),
  });
}

function withParamErrors(message: string, errors: Record<string, string>): string {
  const details = Object.entries(errors)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  return `${message.replace(/\.$/, '')}: ${details}`;
}

function authMessage(pveMessage: string): string {
  if (/csrf/i.test(pveMessage)) return `Session rejected by the server: ${pveMessage}`;
  if (/no ticket/i.test(pveMessage)) return 'Not logged in (the server saw no ticket)';
  return `Authentication failed: ${pveMessage}`;
}

/** A failed `POST /access/ticket`: PVE says only "authentication failure" on purpose. */
export function loginFailed(): DeckhandError {
  return new DeckhandError({
    kind: 'auth',
    status: 401,
    message: 'Login failed: wrong user name or password',
  });
}

export function tokenRejected(tokenId: string): DeckhandError {
  return new DeckhandError({
    kind: 'auth',
    status: 401,
    message: `The API token ${tokenId} was rejected: wrong token id or secret, or it expired`,
  });
}

const NETWORK_TEXT: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed (DNS)',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  UND_ERR_SOCKET: 'the server closed the connection',
  UND_ERR_CLOSED: 'the connection was closed',
};

const TIMEOUT_TEXT: Record<string, string> = {
  UND_ERR_CONNECT_TIMEOUT: 'connecting timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no reply to the request',
  UND_ERR_BODY_TIMEOUT: 'the answer stalled',
  ETIMEDOUT: 'connecting timed out',
};

const TLS_TEXT: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown certificate authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown certificate authority',
  CERT_HAS_EXPIRED: 'certificate expired',
  CERT_NOT_YET_VALID: 'certificate not yet valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate is for another host name',
  HOSTNAME_MISMATCH: 'certificate is for another host name',
};

/** Human text for an OpenSSL/Node certificate verification code. */
export function describeTrustError(code: string): string {
  return TLS_TEXT[code] ?? code.toLowerCase().replace(/_/g, ' ');
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // undici wraps low-level failures: the socket error sits in `cause`.
  return errorCode((err as { cause?: unknown }).cause);
}

/** Classify a failure below HTTP (socket, DNS, TLS, timeouts). */
export function transportError(err: unknown, ctx: RequestContext): DeckhandError {
  if (err instanceof DeckhandError) return err;
  const code = errorCode(err) ?? '';
  const detail = err instanceof Error ? err.message : String(err);
  if (TIMEOUT_TEXT[code]) {
    return new DeckhandError(
      { kind: 'timeout', message: `${ctx.hostPort} did not answer in time: ${TIMEOUT_TEXT[code]}` },
      { cause: err },
    );
  }
  if (TLS_TEXT[code] || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) {
    return new DeckhandError(
      {
        kind: 'tls',
        message: `Secure connection to ${ctx.hostPort} failed: ${TLS_TEXT[code] ?? detail}`,
      },
      { cause: err },
    );
  }
  if (code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') {
    return new DeckhandError({ kind: 'internal', message: 'Request cancelled' }, { cause: err });
  }
  const text = NETWORK_TEXT[code] ?? (detail || 'network error');
  return new DeckhandError(
    { kind: 'network', message: `Cannot reach ${ctx.hostPort}: ${text}` },
    { cause: err },
  );
}

export function malformedReply(ctx: RequestContext, why: string): DeckhandError {
  return new DeckhandError({
    kind: 'protocol',
    message: `Unexpected answer from ${ctx.hostPort} for ${ctx.method} ${ctx.path}: ${why}`,
  });
}

/** Network errors and 5xx (except unreachable-node answers) are worth another try for a GET. */
export function isRetryableForGet(err: DeckhandError): boolean {
  if (err.kind === 'network') return true;
  return err.kind === 'api' && err.status !== undefined && err.status >= 500 && err.status < 595;
}

// ---- writes whose fate is unknown ----

/**
 * Failures that happen before a byte of the request left: connecting, DNS, TLS. Anything else
 * after a write was handed to the socket (a reset, a close, a timeout waiting for the answer)
 * may have come after PVE read the request.
 */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Whether a failure below HTTP is known to have happened before the request was sent. */
export function failedBeforeSending(err: unknown): boolean {
  // The pinned connector refuses a certificate with a DeckhandError of kind 'tls'.
  if (err instanceof DeckhandError) return err.kind === 'tls';
  const code = errorCode(err) ?? '';
  return (
    NOT_SENT_CODES.has(code) ||
    Boolean(TLS_TEXT[code]) ||
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL')
  );
}

/**
 * A write (POST/PUT/DELETE) that may have reached PVE although no usable answer came back: the
 * reply was lost, came too late or made no sense. It must not be sent again, and not be called
 * failed: whether it ran is found out from the server's state (its task list).
 */
export class RequestInDoubt extends DeckhandError {
  readonly inDoubt = true;
  constructor(base: DeckhandError) {
    super(base.toData(), { cause: base.cause ?? base });
  }
}

export function isInDoubt(err: unknown): err is RequestInDoubt {
  return err instanceof RequestInDoubt;
}
