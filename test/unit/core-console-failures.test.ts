// What a user reads when a console cannot open or ends: the pure explanations of
// electron/core/console/console-failures.ts, for the cases the integration tests cannot provoke.

import { describe, expect, it } from 'vitest';
import {
  closeFailure,
  earlyCloseFailure,
  loginRefused,
  loginUnanswered,
  openFailure,
  pingUnanswered,
  precheckFailure,
  type PrecheckFacts,
} from '../../electron/core/console/console-failures';
import { DeckhandError } from '../../shared/errors';
import type { ConsoleTarget, GuestResource } from '../../shared/model';

const vm: ConsoleTarget = { profileId: 'p', node: 'pve1', kind: 'vnc', vmid: 100 };
const shell: ConsoleTarget = { profileId: 'p', node: 'pve1', kind: 'shell' };

function guest(over: Partial<GuestResource> = {}): GuestResource {
  return {
    id: 'qemu/100',
    type: 'qemu',
    vmid: 100,
    node: 'pve1',
    name: 'web',
    status: 'running',
    template: false,
    tags: [],
    ...over,
  };
}

function facts(over: Partial<PrecheckFacts> = {}): PrecheckFacts {
  return {
    target: vm,
    nodeOnline: () => true,
    guest: () => guest(),
    usesToken: () => false,
    serverVersion: () => '9.1.9',
    ...over,
  };
}

describe('before a console is opened', () => {
  it('says a template has no console', () => {
    expect(precheckFailure(facts({ guest: () => guest({ template: true }) }))).toEqual({
      reason: 'VM 100 (web) is a template: it has no console',
    });
  });

  it('offers Start for a stopped VM, naming its screen', () => {
    expect(precheckFailure(facts({ guest: () => guest({ status: 'stopped' }) }))).toEqual({
      reason: 'VM 100 (web) is stopped. Start it to open its screen.',
      remedy: 'start-guest',
    });
  });

  it('lets a running guest, or one whose state is unknown, through', () => {
    expect(precheckFailure(facts())).toBeUndefined();
    expect(precheckFailure(facts({ guest: () => guest({ status: 'unknown' }) }))).toBeUndefined();
  });

  it('refuses a token node shell on a server older than 9.0.13', () => {
    const refusal = precheckFailure(
      facts({ target: shell, usesToken: () => true, serverVersion: () => '9.0.5' }),
    );
    expect(refusal?.reason).toBe(
      'This server (PVE 9.0.5) does not open node shells for an API token (PVE allows that since 9.0.13). Log in with a password for consoles.',
    );
    expect(refusal?.remedy).toBe('console-login');
  });
});

describe('opening fails', () => {
  it('says opening timed out', () => {
    const err = new DeckhandError({ kind: 'timeout', message: 'no answer in 10 s' });
    expect(openFailure(err, vm)).toEqual({
      reason: 'Opening the console timed out: no answer in 10 s',
      errorKind: 'timeout',
    });
  });

  it('offers Start when PVE says the guest is not running', () => {
    const err = new DeckhandError({ kind: 'api', message: 'VM 100 not running' });
    expect(openFailure(err, vm)).toEqual({
      reason: 'VM 100 not running',
      errorKind: 'api',
      remedy: 'start-guest',
    });
  });

  it('turns a node shell refusing a token into the password-login offer', () => {
    const err = new DeckhandError({
      kind: 'api',
      message: "value 'root@pam!deckhand' does not look like a valid user name",
    });
    const f = openFailure(err, shell);
    expect(f.reason).toBe(
      'This server does not open node shells for an API token (PVE allows that since 9.0.13). Log in with a password for consoles.',
    );
    expect(f.remedy).toBe('console-login');
  });

  it('keeps the message of an unexpected error, as an internal one', () => {
    expect(openFailure(new Error('boom'), vm)).toEqual({ reason: 'boom', errorKind: 'internal' });
  });
});

describe('a console that was up ends', () => {
  const end = { terminal: true, where: 'pve1:8006', code: 1000, reason: '', proxyExit: 'OK' };

  it('names the reason the server gave', () => {
    expect(closeFailure({ ...end, reason: 'proxy restart' })).toEqual({
      reason: 'The session ended: proxy restart',
    });
  });

  it('says a VM screen connection ended', () => {
    expect(closeFailure({ ...end, terminal: false })).toEqual({
      reason: 'The console connection ended',
    });
  });

  it('says the connection was lost on an abnormal close', () => {
    expect(closeFailure({ ...end, code: 1006, proxyExit: undefined })).toEqual({
      reason: 'Connection to pve1:8006 lost',
      errorKind: 'network',
    });
  });
});

describe('a console closed before it was ready', () => {
  it("gives the proxy task's error, with Start when the guest is not running", () => {
    expect(earlyCloseFailure('pve1:8006', 'CT 101 not running')).toEqual({
      reason: 'The console could not start: CT 101 not running',
      errorKind: 'api',
      remedy: 'start-guest',
    });
  });

  it('says the server closed it when the task tells nothing', () => {
    expect(earlyCloseFailure('pve1:8006', undefined)).toEqual({
      reason:
        'pve1:8006 closed the console before it was ready (the console ticket was refused or the proxy ended)',
      errorKind: 'api',
    });
  });
});

describe('our own dead-connection checks', () => {
  it('say which check found the connection dead', () => {
    expect(loginUnanswered('pve1:8006')).toBe('pve1:8006 did not answer the console login in time');
    expect(loginRefused('pve1:8006')).toBe(
      'pve1:8006 answered the console login with something other than OK',
    );
    expect(pingUnanswered('pve1:8006', 5_000)).toBe(
      'pve1:8006 stopped answering (no reply to a ping for 5 s)',
    );
  });
});
