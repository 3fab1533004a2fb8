// The cluster bulk endpoint's facts: which versions have it, the request it takes, and each
// guest's row from the bulk task's log and exit status; and Stop's overrule-shutdown parameter.

import { describe, expect, it } from 'vitest';
import {
  bulkOutcomes,
  clusterBulkParams,
  hasClusterBulk,
} from '../../electron/core/bulk/cluster-bulk';
import { powerParams } from '../../electron/core/session/power-params';

const ref = (vmid: number) => ({ profileId: 'p', node: 'pve1', type: 'lxc' as const, vmid });

describe('cluster bulk actions', () => {
  it('exist from pve-manager 9.0.13', () => {
    expect(['8.4.1', '9.0.12', '9.0.13', '9.1.9', undefined].map(hasClusterBulk)).toEqual([
      false,
      false,
      true,
      true,
      false,
    ]);
  });

  it('send the vmids, and a shutdown without the hard stop after its timeout', () => {
    expect(clusterBulkParams('shutdown', [ref(101), ref(102)])).toEqual({
      vms: [101, 102],
      'force-stop': false,
    });
    expect(clusterBulkParams('start', [ref(101)])).toEqual({ vms: [101] });
  });

  it("map the task's log to a row per guest, with PVE's message for the failed", () => {
    const log = [
      'Shutting down CT 101',
      'Shutting down CT 102',
      'Shutting down CT 102 failed: CT is locked (backup)',
      'TASK ERROR: Some guests failed to finish the task: 102, 103',
    ];
    const out = bulkOutcomes(
      [ref(101), ref(102), ref(103), ref(104)],
      log,
      'Some guests failed to finish the task: 102, 103',
    );
    expect(Object.fromEntries(out)).toEqual({
      101: { ok: true },
      102: { ok: false, message: 'CT is locked (backup)' },
      103: { ok: false, message: 'Some guests failed to finish the task: 102, 103' },
      104: { ok: true },
    });
    // A task that failed naming no one fails every row with its status.
    expect(bulkOutcomes([ref(101)], [], 'permission denied').get(101)).toEqual({
      ok: false,
      message: 'permission denied',
    });
  });

  it("Stop sends overrule-shutdown, PVE's name for it; other actions refuse it", () => {
    expect(powerParams(ref(101), 'stop', { overruleShutdown: true })).toEqual({
      'overrule-shutdown': true,
    });
    expect(() => powerParams(ref(101), 'start', { overruleShutdown: true })).toThrow(
      "'overruleShutdown' is not a parameter of start",
    );
  });
});
