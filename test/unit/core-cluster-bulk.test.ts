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
    // pve-manager's Guest.pm texts: a refused request is a warning right after the guest's line,
    // a failed task "Stopping … failed" (for a shutdown too), a skipped guest a warning first.
    const log = [
      'Shutting down guests: 101, 102, 103, 104, 105',
      'Shutting down CT 101 (Timeout = 180 seconds)',
      'WARN: Skipping CT 105, not running.',
      'Shutting down CT 102 (Timeout = 180 seconds)',
      'WARN: CT is locked (backup)',
      'Shutting down CT 103 (Timeout = 180 seconds)',
      'Shutting down CT 104 (Timeout = 180 seconds)',
      'WARN: Stopping CT 104 failed: command timed out',
      'TASK ERROR: Some guests failed to shutdown 102, 103, 104',
    ];
    const out = bulkOutcomes(
      [ref(101), ref(102), ref(103), ref(104), ref(105)],
      log,
      'Some guests failed to shutdown 102, 103, 104',
    );
    expect(Object.fromEntries(out)).toEqual({
      101: { ok: true },
      102: { ok: false, message: 'CT is locked (backup)' },
      103: { ok: false, message: 'Some guests failed to shutdown 102, 103, 104' },
      104: { ok: false, message: 'command timed out' },
      105: { ok: true, message: 'Skipped: not running' },
    });
    // Start's summary has a colon; a skip that is not "already in that state" is not done.
    const start = bulkOutcomes(
      [ref(101), ref(102)],
      ['Starting guests: 101, 102', 'WARN: Skipping CT 101, already running.', 'Starting CT 102'],
      'WARNINGS: 1',
    );
    expect(Object.fromEntries(start)).toEqual({
      101: { ok: true, message: 'Skipped: already running' },
      102: { ok: true },
    });
    const suspend = bulkOutcomes(
      [ref(101)],
      ['Suspending guests: 101', 'WARN: skipping 101, only VMs can be suspended'],
      'WARNINGS: 1',
    );
    expect(suspend.get(101)).toEqual({
      ok: false,
      message: 'skipping 101, only VMs can be suspended',
    });
    expect(
      bulkOutcomes(
        [ref(7)],
        ['WARN: Starting VM 7 failed: got timeout'],
        'Some guests failed to start: 7',
      ).get(7),
    ).toEqual({ ok: false, message: 'got timeout' });
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
    // Left out where PVE refuses it: before PVE 8.2, an unknown version, an HA-managed guest.
    const at = (version: string | undefined, haManaged = false) =>
      powerParams(ref(101), 'stop', { overruleShutdown: true }, { version, haManaged });
    expect(at('8.2.2')).toEqual({ 'overrule-shutdown': true });
    expect(at('9.1.9')).toEqual({ 'overrule-shutdown': true });
    expect(at('8.1.4')).toEqual({});
    expect(at('7.4-17')).toEqual({});
    expect(at(undefined)).toEqual({});
    expect(at('9.1.9', true)).toEqual({});
    expect(() => powerParams(ref(101), 'start', { overruleShutdown: true })).toThrow(
      "'overruleShutdown' is not a parameter of start",
    );
  });
});
