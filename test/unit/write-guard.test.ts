// The classification of every contract call as reading, local or writing (write-guard.ts): a new
// call whose name looks like a write cannot be left classified as a read, and the guard refuses a
// read-only profile's writes before the handler runs.

import { describe, expect, it } from 'vitest';
import { CALL_NAMES, type CallHandlers } from '../../shared/ipc';
import type { ProfileInfo } from '../../shared/model';
import { CALL_KINDS, guardWrites } from '../../electron/core/rpc/write-guard';

/** Verbs of calls that change a cluster. */
const WRITE_VERBS =
  /\.(action|run|retry|create|delete|remove|destroy|rollback|restore|update|set|edit|stop|start|migrate|resize|unlock|clone|move|config|apply|revert|write|put|post)/i;

/** Write-like names that change only Deckhand's own settings (never a cluster). */
const LOCAL = new Set([
  'profiles.add',
  'profiles.update',
  'profiles.remove',
  'profiles.addDemo',
  'secrets.setWeakPolicy',
]);

describe('write classification', () => {
  it('classifies every call of the contract, and nothing else', () => {
    expect(Object.keys(CALL_KINDS).sort()).toEqual([...CALL_NAMES].sort());
  });

  it('classifies every write-like call as a write', () => {
    const misfiled = CALL_NAMES.filter((name) => WRITE_VERBS.test(name) && !LOCAL.has(name)).filter(
      (name) => CALL_KINDS[name] !== 'write' && CALL_KINDS[name] !== 'write-job',
    );
    expect(misfiled).toEqual([]);
  });

  it('keeps the known writes as writes', () => {
    for (const name of [
      'guest.action',
      'tasks.stop',
      'snapshots.create',
      'snapshots.rollback',
      'snapshots.delete',
      'snapshots.update',
      'backups.create',
      'backups.restore',
      'backups.delete',
      'backups.runJob',
    ] as const)
      expect(CALL_KINDS[name], name).toBe('write');
  });

  it('refuses a write for a read-only profile before the handler runs', async () => {
    const ran: string[] = [];
    const handlers = new Proxy({} as CallHandlers, {
      get: (_t, name: string) => async () => ran.push(name),
    });
    const profiles: Record<string, ProfileInfo> = {
      ro: {
        id: 'ro',
        name: 'Audit',
        url: 'https://x',
        authMode: 'password',
        username: 'u',
        isDemo: false,
        readOnly: true,
      },
      rw: {
        id: 'rw',
        name: 'Lab',
        url: 'https://y',
        authMode: 'password',
        username: 'u',
        isDemo: false,
      },
    };
    const guarded = guardWrites(
      { ...Object.fromEntries(CALL_NAMES.map((n) => [n, handlers[n]])) } as CallHandlers,
      (id) => profiles[id],
    );
    const ref = { node: 'pve1', type: 'qemu' as const, vmid: 100 };
    await expect(
      guarded['guest.action']({ profileId: 'ro', ...ref, action: 'stop' }),
    ).rejects.toThrow(
      'Read-only profile: Audit is read-only, so Deckhand changes nothing on it (turn it off in Edit profile)',
    );
    await expect(guarded['tasks.stop']({ profileId: 'ro', upid: 'UPID:x' })).rejects.toThrow(
      'Read-only profile',
    );
    await guarded['guest.action']({ profileId: 'rw', ...ref, action: 'stop' });
    await guarded['tasks.list']({ profileId: 'ro' });
    expect(ran).toEqual(['guest.action', 'tasks.list']);
  });
});
