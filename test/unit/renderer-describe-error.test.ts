// The renderer's wording of core's errors: each clause said once, the whole text compared.

import { describe, expect, it } from 'vitest';
import {
  httpError,
  loginFailed,
  tokenRejected,
  transportError,
} from '../../electron/core/pve/errors';
import { DeckhandError } from '../../shared/errors';
import { describeError } from '../../renderer/src/ui/describeError';

const ctx = { method: 'POST', path: '/nodes/pve2/qemu/113/status/start', hostPort: 'pve1:8006' };

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code });
}

/** What the renderer gets: the error as it crosses the contract. */
function crossed(err: DeckhandError): DeckhandError {
  return DeckhandError.fromData(JSON.parse(JSON.stringify(err.toData())));
}

describe('describeError', () => {
  it("shows core's unreachable-node message as it is", () => {
    const err = crossed(httpError(595, 'No route to host', undefined, ctx));
    expect(describeError(err)).toBe('Node pve2 is unreachable: No route to host');
  });

  it('names the node when a message lacks the clause', () => {
    const err = new DeckhandError({
      kind: 'unreachable',
      node: 'pve3',
      message: 'No route to host',
    });
    expect(describeError(err)).toBe('Node pve3 is unreachable: No route to host');
  });

  it('says each parameter error once', () => {
    const err = crossed(
      httpError(
        400,
        'Parameter verification failed.',
        { data: null, message: 'Parameter verification failed.\n', errors: { vmid: 'x' } },
        ctx,
      ),
    );
    expect(describeError(err)).toBe('Parameter verification failed: vmid: x');
  });

  it('adds parameter errors the message does not carry', () => {
    const err = new DeckhandError({
      kind: 'validation',
      message: 'Bad input',
      errors: { vmid: 'x' },
    });
    expect(describeError(err)).toBe('Bad input (vmid: x)');
  });

  it.each([
    [loginFailed(), 'Login failed: wrong user name or password'],
    [
      tokenRejected('root@pam!ci'),
      'The API token root@pam!ci was rejected: wrong token id or secret, or it expired',
    ],
    [transportError(errno('ECONNREFUSED'), ctx), 'Cannot reach pve1:8006: connection refused'],
    [
      transportError(errno('UND_ERR_HEADERS_TIMEOUT'), ctx),
      'pve1:8006 did not answer in time: no reply to the request',
    ],
    [
      transportError(errno('CERT_HAS_EXPIRED'), ctx),
      'Secure connection to pve1:8006 failed: certificate expired',
    ],
    [
      httpError(
        403,
        'Forbidden',
        { data: null, message: 'Permission check failed (/vms/113, VM.PowerMgmt)\n' },
        ctx,
      ),
      'Permission check failed (/vms/113, VM.PowerMgmt)',
    ],
    [httpError(500, 'CT 101 already running', undefined, ctx), 'CT 101 already running'],
  ])('shows a complete core message as it is: %s', (err, shown) => {
    expect(describeError(crossed(err))).toBe(shown);
  });

  it('puts the kind in front of a bare message', () => {
    expect(describeError(new DeckhandError({ kind: 'permission', message: 'Forbidden' }))).toBe(
      'You lack permission: Forbidden',
    );
    expect(describeError(new DeckhandError({ kind: 'network', message: 'EOF' }))).toBe(
      "Can't reach the server: EOF",
    );
  });

  it('names the fingerprint a tls error carries once', () => {
    const fp = 'AA:BB';
    const bare = new DeckhandError({
      kind: 'tls',
      message: 'Untrusted certificate',
      fingerprint: fp,
    });
    expect(describeError(bare)).toBe('Untrusted certificate (server presents AA:BB)');
    const named = new DeckhandError({
      kind: 'tls',
      message: 'pve1:8006 presents the certificate AA:BB, not the approved CC:DD.',
      fingerprint: fp,
    });
    expect(describeError(named)).toBe(named.message);
  });

  it('shows other errors by their message', () => {
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError('plain')).toBe('plain');
  });
});
