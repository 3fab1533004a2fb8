// Read-only profiles enforced in core: with the profile marked read-only, every writing call of
// the contract (write-guard.ts's classification) is refused with one clear message whatever the
// renderer sends, and the demo cluster sees no write at all; reads go on, and once the mark is
// off the same write goes through.

import { describe, expect, it } from 'vitest';
import { CALL_NAMES, type CallArgs } from '../../shared/ipc';
import { CALL_KINDS, type WriteCall } from '../../electron/core/rpc/write-guard';
import { viaContract } from './contract-client';
import { failure, useCores, waitFor } from './helpers';

const { start, demos } = useCores();

const VM = { node: 'pve2', type: 'qemu' as const, vmid: 122 }; // elastic01, running

/** One valid call per writing call (a new write call fails to compile until it has one). */
function writeCalls(profileId: string): { [K in WriteCall]: CallArgs<K> } {
  const g = { profileId, ...VM };
  return {
    'guest.action': { ...g, action: 'stop' },
    'bulk.run': { items: [g], action: 'stop' },
    'tasks.stop': { profileId, upid: 'UPID:pve2:00001234:00005678:65000000:qmstart:122:root@pam:' },
    'snapshots.create': { ...g, name: 'before' },
    'snapshots.rollback': { ...g, name: 'before' },
    'snapshots.delete': { ...g, name: 'before' },
    'snapshots.update': { ...g, name: 'before', description: 'x' },
    'backups.create': { profileId, guests: [VM], storage: 'local', mode: 'snapshot' },
    'backups.restore': {
      profileId,
      node: 'pve2',
      volid: 'local:backup/vzdump-qemu-122-2026_01_01-00_00_00.vma.zst',
      type: 'qemu',
      vmid: 999,
    },
    'backups.delete': {
      profileId,
      node: 'pve2',
      volid: 'local:backup/vzdump-qemu-122-2026_01_01-00_00_00.vma.zst',
    },
    'backups.runJob': { profileId, id: 'backup-daily' },
    'config.update': { ...g, changes: { description: 'x' }, digest: '0'.repeat(40) },
    'config.revert': { ...g, keys: ['description'] },
    'config.unlock': g,
    'config.resize': { ...g, disk: 'scsi0', size: '+1G', digest: '0'.repeat(40) },
    'config.setNet': { ...g, key: 'net1', net: null, digest: '0'.repeat(40) },
    'migrate.run': { ...g, target: 'pve1' },
    'guest.delete': g,
    'clone.run': { ...g, copies: [{ newid: 990 }] },
    'guest.template': g,
    'create.run': {
      profileId,
      node: 'pve1',
      type: 'lxc',
      vmid: 991,
      cores: 1,
      memoryMiB: 512,
      diskStorage: 'local-lvm',
      diskGiB: 4,
      template: 'local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst',
      net: { bridge: 'vmbr0', ip: 'dhcp', firewall: true },
      start: false,
    },
  };
}

/** Requests the demo saw that are not reads (logins excepted). */
function writesSeen(): string[] {
  return [...demos[0]!.requestCounts().keys()].filter(
    (k) => !k.startsWith('GET ') && !k.endsWith('/access/ticket'),
  );
}

describe('read-only profiles', () => {
  it('refuses every writing call in core, and the cluster sees no write', async () => {
    const rec = await start();
    const api = viaContract(rec.core);
    const demo = await api['profiles.addDemo']();
    await waitFor('resources', () => rec.events.resources.some((e) => e.kind === 'snapshot'));
    const marked = await api['profiles.update']({ profileId: demo.id, readOnly: true });
    expect(marked.readOnly).toBe(true);
    expect((await api['profiles.list']()).find((p) => p.id === demo.id)?.readOnly).toBe(true);

    const calls = writeCalls(demo.id);
    const writes = CALL_NAMES.filter((n) => CALL_KINDS[n] === 'write');
    expect(Object.keys(calls).sort()).toEqual([...writes].sort());
    for (const name of writes) {
      const err = await failure(
        (api[name] as (a: unknown) => Promise<unknown>)(calls[name as WriteCall]),
      );
      expect({ name, kind: err.kind, message: err.message }).toEqual({
        name,
        kind: 'permission',
        message:
          'Read-only profile: Demo cluster is read-only, so Deckhand changes nothing on it (turn it off in Edit profile)',
      });
    }
    // Reads go on.
    expect((await api['snapshots.list']({ profileId: demo.id, ...VM })).snapshots).toBeDefined();
    expect(writesSeen()).toEqual([]);

    // Off again: the same write reaches the cluster.
    await api['profiles.update']({ profileId: demo.id, readOnly: false });
    const task = await api['guest.action']({ profileId: demo.id, ...VM, action: 'stop' });
    expect(task.label).toContain('122');
    expect(writesSeen()).toEqual([`POST /api2/json/nodes/pve2/qemu/122/status/stop`]);
  });
});
