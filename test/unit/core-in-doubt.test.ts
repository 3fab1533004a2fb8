// Which failures happened before a request was sent, and which task of the cluster's list is an
// in-doubt power action's own (type, guest, node, user, start time with clock skew).

import { describe, expect, it } from 'vitest';
import { DeckhandError } from '../../shared/errors';
import type { GuestResource } from '../../shared/model';
import { failedBeforeSending } from '../../electron/core/pve/errors';
import {
  CLOCK_SKEW_S,
  guestChanged,
  matchInDoubtTask,
  taskTypesFor,
  type InDoubtWant,
} from '../../electron/core/session/in-doubt';
import type { ClusterTaskItem } from '../../electron/core/pve/schemas';

function coded(code: string, wrapped = false): Error {
  const inner = Object.assign(new Error(code), { code });
  return wrapped ? Object.assign(new Error('fetch failed'), { cause: inner }) : inner;
}

describe('failedBeforeSending', () => {
  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT'])(
    '%s: nothing was sent',
    (code) => {
      expect(failedBeforeSending(coded(code))).toBe(true);
      expect(failedBeforeSending(coded(code, true))).toBe(true);
    },
  );

  it('a refused certificate: nothing was sent', () => {
    expect(failedBeforeSending(coded('DEPTH_ZERO_SELF_SIGNED_CERT'))).toBe(true);
    expect(failedBeforeSending(new DeckhandError({ kind: 'tls', message: 'changed' }))).toBe(true);
  });

  it.each([
    'ECONNRESET',
    'EPIPE',
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    'SOMETHING_NEW',
  ])('%s: it may have been sent', (code) => {
    expect(failedBeforeSending(coded(code, true))).toBe(false);
  });
});

const WANT: InDoubtWant = {
  types: ['vzreboot'],
  id: '110',
  node: 'pve1',
  user: 'root@pam',
  sentAt: 1_000_000,
  exclude: new Set(['UPID:pve1:old']),
};

function task(over: Partial<ClusterTaskItem>): ClusterTaskItem {
  return {
    upid: 'UPID:pve1:ours',
    node: 'pve1',
    type: 'vzreboot',
    id: '110',
    user: 'root@pam',
    starttime: WANT.sentAt + 1,
    ...over,
  };
}

describe('matchInDoubtTask', () => {
  it('finds the task of the same type, guest, node and user started after the POST', () => {
    expect(matchInDoubtTask([task({})], WANT)?.upid).toBe('UPID:pve1:ours');
  });

  it('allows the server’s clock to lag by the skew, not more', () => {
    const lagging = task({ starttime: WANT.sentAt - CLOCK_SKEW_S });
    expect(matchInDoubtTask([lagging], WANT)).toBe(lagging);
    expect(matchInDoubtTask([task({ starttime: WANT.sentAt - CLOCK_SKEW_S - 1 })], WANT)).toBe(
      undefined,
    );
  });

  it('ignores other types, guests, nodes, users and tasks known before the POST', () => {
    const others = [
      task({ upid: 'a', type: 'vzstart' }),
      task({ upid: 'b', id: '111' }),
      task({ upid: 'c', node: 'pve2' }),
      task({ upid: 'd', user: 'alice@pve' }),
      task({ upid: 'e', tokenid: 'ci' }),
      task({ upid: 'UPID:pve1:old' }),
    ];
    expect(matchInDoubtTask(others, WANT)).toBeUndefined();
  });

  it('matches a token’s task by user and token id, and takes the earliest candidate', () => {
    const want = { ...WANT, user: 'root@pam!deckhand' };
    const first = task({ upid: 'first', tokenid: 'deckhand', starttime: WANT.sentAt + 1 });
    const later = task({ upid: 'later', tokenid: 'deckhand', starttime: WANT.sentAt + 5 });
    expect(matchInDoubtTask([later, first], want)).toBe(first);
  });

  it('knows the task types of each action', () => {
    expect(taskTypesFor('lxc', 'reboot')).toEqual(['vzreboot']);
    expect(taskTypesFor('qemu', 'start')).toEqual(['qmstart']);
    expect(taskTypesFor('qemu', 'suspend')).toEqual(['qmpause', 'qmsuspend']);
  });
});

describe('guestChanged', () => {
  const g = (status: string, uptime: number) => ({ status, uptime }) as GuestResource;
  it('sees a changed status, and a reboot in a shorter uptime', () => {
    expect(guestChanged(g('running', 500), g('stopped', 0), 'stop')).toBe(true);
    expect(guestChanged(g('running', 500), g('running', 3), 'reboot')).toBe(true);
    expect(guestChanged(g('running', 500), g('running', 503), 'reboot')).toBe(false);
    expect(guestChanged(g('running', 500), undefined, 'reboot')).toBe(false);
  });
});
