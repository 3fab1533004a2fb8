// Why a guest's task failed: a migration's bare "migration aborted" takes its reason from the
// task log's ERROR line (as PVE's AbstractMigrate writes it), never from the closing TASK line.

import { describe, expect, it } from 'vitest';
import { reasonFromLog, reasonIsInLog } from '../../electron/core/bulk/task-failure';

describe('a failed task in PVE words', () => {
  it('reads a bare migration ending from the ERROR line of its log', () => {
    expect(reasonIsInLog('migration aborted')).toBe(true);
    expect(reasonIsInLog('migration problems')).toBe(true);
    expect(reasonIsInLog("can't migrate running VM without --online")).toBe(false);
    expect(reasonIsInLog(undefined)).toBe(false);
    const log = [
      "2026-12-01 19:07:22 starting migration of VM 122 to node 'pve1' (10.10.0.11)",
      "2026-12-01 19:07:22 ERROR: migration aborted (duration 00:00:00): can't live migrate attached local disks without with-local-disks option",
      'TASK ERROR: migration aborted',
    ];
    expect(reasonFromLog('migration aborted', log)).toBe(
      "migration aborted (duration 00:00:00): can't live migrate attached local disks without with-local-disks option",
    );
    expect(reasonFromLog('migration aborted', ['TASK ERROR: migration aborted'])).toBe(
      'migration aborted',
    );
  });
});
