import { describe, expect, it } from 'vitest';
import {
  httpError,
  isRetryableForGet,
  loginFailed,
  transportError,
} from '../../electron/core/pve/errors';

const ctx = { method: 'GET', path: '/nodes/pve2/qemu/100/status/current', hostPort: 'pve:8006' };

function errno(code: string, message = code): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

describe('httpError', () => {
  it('401 → auth', () => {
    const e = httpError(401, 'No ticket', undefined, ctx);
    expect(e.kind).toBe('auth');
    expect(e.status).toBe(401);
  });

  it('login failure has a clear message', () => {
    expect(loginFailed().message).toBe('Login failed: wrong user name or password');
    expect(loginFailed().kind).toBe('auth');
  });

  it("403 → permission with PVE's message", () => {
    const e = httpError(
      403,
      'Permission check failed',
      { data: null, message: 'Permission check failed (/vms/100, VM.PowerMgmt)\n' },
      ctx,
    );
    expect(e.kind).toBe('permission');
    expect(e.message).toBe('Permission check failed (/vms/100, VM.PowerMgmt)');
  });

  it('595/596 → unreachable naming the node from the path', () => {
    for (const status of [595, 596]) {
      const e = httpError(status, 'Connection refused', undefined, ctx);
      expect(e.kind).toBe('unreachable');
      expect(e.node).toBe('pve2');
      expect(e.message).toBe('Node pve2 is unreachable: Connection refused');
    }
  });

  it('500 → api with the body message, falling back to the reason phrase (old servers)', () => {
    const withBody = httpError(
      500,
      'CT 101 already running',
      { data: null, message: 'CT 101 already running\n' },
      ctx,
    );
    expect(withBody).toMatchObject({ kind: 'api', status: 500, message: 'CT 101 already running' });
    const reasonOnly = httpError(500, 'CT 101 already running', undefined, ctx);
    expect(reasonOnly.message).toBe('CT 101 already running');
    const nothing = httpError(502, '', undefined, ctx);
    expect(nothing.message).toBe('HTTP 502');
  });

  it('400 parameter errors are kept per parameter and named in the message', () => {
    const e = httpError(
      400,
      'Parameter verification failed.',
      {
        data: null,
        message: 'Parameter verification failed.\n',
        errors: { timeout: "type check ('integer') failed - got 'x'\n" },
      },
      ctx,
    );
    expect(e.kind).toBe('api');
    expect(e.errors).toEqual({ timeout: "type check ('integer') failed - got 'x'" });
    expect(e.message).toBe(
      "Parameter verification failed: timeout: type check ('integer') failed - got 'x'",
    );
  });

  it('501 (unknown path) → api', () => {
    expect(httpError(501, "Method 'GET /x' not implemented", undefined, ctx)).toMatchObject({
      kind: 'api',
      status: 501,
    });
  });
});

describe('transportError', () => {
  it.each([
    ['ECONNREFUSED', 'network', 'Cannot reach pve:8006: connection refused'],
    ['ECONNRESET', 'network', 'Cannot reach pve:8006: connection reset'],
    ['ENOTFOUND', 'network', 'Cannot reach pve:8006: host name not found'],
    ['EHOSTUNREACH', 'network', 'Cannot reach pve:8006: no route to host'],
    ['UND_ERR_SOCKET', 'network', 'Cannot reach pve:8006: the server closed the connection'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout', 'pve:8006 did not answer in time: connecting timed out'],
    [
      'UND_ERR_HEADERS_TIMEOUT',
      'timeout',
      'pve:8006 did not answer in time: no reply to the request',
    ],
    [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'tls',
      'Secure connection to pve:8006 failed: self-signed certificate',
    ],
    ['CERT_HAS_EXPIRED', 'tls', 'Secure connection to pve:8006 failed: certificate expired'],
  ])('%s → %s', (code, kind, message) => {
    const e = transportError(errno(code), ctx);
    expect(e.kind).toBe(kind);
    expect(e.message).toBe(message);
  });

  it('reads the code of a wrapped cause (undici wraps socket errors)', () => {
    const wrapped = Object.assign(new Error('fetch failed'), { cause: errno('ECONNREFUSED') });
    expect(transportError(wrapped, ctx).kind).toBe('network');
  });
});

describe('isRetryableForGet', () => {
  it('retries network errors and 5xx, not 4xx, auth or unreachable nodes', () => {
    expect(isRetryableForGet(transportError(errno('ECONNRESET'), ctx))).toBe(true);
    expect(isRetryableForGet(httpError(500, 'boom', undefined, ctx))).toBe(true);
    expect(isRetryableForGet(httpError(503, 'busy', undefined, ctx))).toBe(true);
    expect(isRetryableForGet(httpError(400, 'bad', undefined, ctx))).toBe(false);
    expect(isRetryableForGet(httpError(401, 'No ticket', undefined, ctx))).toBe(false);
    expect(isRetryableForGet(httpError(595, 'No route to host', undefined, ctx))).toBe(false);
    expect(isRetryableForGet(httpError(596, 'timeout', undefined, ctx))).toBe(false);
    expect(isRetryableForGet(transportError(errno('UND_ERR_HEADERS_TIMEOUT'), ctx))).toBe(false);
  });
});
