// Bulk migration's facts: the cluster bulk endpoint's request, when a job can go through it, and
// each guest's row from a bulkmigrate task's log as pve-manager writes it (warnings, a refused
// request named only by the line before it, "Some guests failed to migrate 101, 103").

import { describe, expect, it } from 'vitest';
import { clusterBulkCanMigrate, clusterMigrateParams } from '../../electron/core/bulk/bulk-migrate';
import { bulkOutcomes } from '../../electron/core/bulk/cluster-bulk';

const ref = (vmid: number) => ({ profileId: 'p', node: 'pve1', type: 'qemu' as const, vmid });

describe('bulk migration', () => {
  it('sends target, vms, online, with-local-disks and max-workers', () => {
    expect(
      clusterMigrateParams([ref(100), ref(101)], {
        target: 'pve2',
        online: true,
        withLocalDisks: true,
        maxWorkers: 3,
      }),
    ).toEqual({
      target: 'pve2',
      vms: [100, 101],
      online: true,
      'with-local-disks': true,
      'max-workers': 3,
    });
    expect(clusterMigrateParams([ref(100)], { target: 'pve2', online: false })).toEqual({
      target: 'pve2',
      vms: [100],
      online: false,
      'max-workers': 1,
    });
  });

  it('goes per guest for what the cluster endpoint lacks: a target storage, another restart timeout', () => {
    expect(
      [
        { target: 'pve2', online: true },
        { target: 'pve2', online: true, restartTimeout: 180 },
        { target: 'pve2', online: true, restartTimeout: 60 },
        { target: 'pve2', online: true, targetStorage: 'local-zfs' },
      ].map(clusterBulkCanMigrate),
    ).toEqual([true, true, false, false]);
  });

  it('reads each row from pve-manager’s log: failed tasks, a refused request, a skip', () => {
    const log = [
      'Migrating guests to pve2: 100, 101, 102, 103, 104',
      'Migrating VM 100',
      'Migrating VM 101',
      "WARN: can't migrate running VM without --online",
      'Migrating VM 102',
      'WARN: VM 103 already on pve2, skipping.',
      'Migrating CT 104',
      "WARN: Migrating CT 104 failed: migration aborted (duration 00:00:02): Can't connect to destination address using public key",
      'TASK ERROR: Some guests failed to migrate 101, 104',
    ];
    const out = bulkOutcomes(
      [100, 101, 102, 103, 104].map(ref),
      log,
      'Some guests failed to migrate 101, 104',
    );
    expect(Object.fromEntries(out)).toEqual({
      100: { ok: true },
      101: { ok: false, message: "can't migrate running VM without --online" },
      102: { ok: true },
      103: { ok: true },
      104: {
        ok: false,
        message:
          "migration aborted (duration 00:00:02): Can't connect to destination address using public key",
      },
    });
  });

  it('a failed guest the log does not name gets the task’s words (pve-manager’s summary)', () => {
    const out = bulkOutcomes([ref(100), ref(101)], [], 'Some guests failed to migrate 101');
    expect(out.get(100)).toEqual({ ok: true });
    expect(out.get(101)).toEqual({ ok: false, message: 'Some guests failed to migrate 101' });
  });
});
