// The one line a finished task's row gives for why it did not end OK: PVE's exit status, or the
// log's last error line where the status is generic; a stopped task says it was stopped.

import { describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../shared/model';
import { taskReason } from '../../renderer/src/features/tasks/taskReason';

function task(extra: Partial<TaskInfo>): TaskInfo {
  return {
    profileId: 'p1',
    upid: 'UPID:pve2:00001234:00005678:6750A0B0:qmstart:100:root@pam:',
    node: 'pve2',
    type: 'qmstart',
    id: '100',
    user: 'root@pam',
    starttime: 1_733_000_000,
    endtime: 1_733_000_004,
    status: 'stopped',
    label: 'Start VM 100 (web01)',
    own: true,
    ...extra,
  };
}

describe('taskReason', () => {
  it('gives nothing for a running task or one that ended OK or with warnings', () => {
    expect(taskReason(task({ status: 'running', endtime: undefined }))).toBeUndefined();
    expect(taskReason(task({ exitstatus: 'OK', ok: true }))).toBeUndefined();
    expect(taskReason(task({ exitstatus: 'WARNINGS: 2', ok: true }))).toBeUndefined();
  });

  it("shows PVE's error text for a failed task, on one line", () => {
    const exitstatus = "command 'vzdump 100 --storage local' failed: exit code 5";
    expect(taskReason(task({ exitstatus, ok: false }))).toEqual({
      kind: 'failed',
      text: exitstatus,
      full: exitstatus,
    });
    expect(
      taskReason(
        task({ exitstatus: 'unable to create VM 100 -\n  config file exists', ok: false }),
      ),
    ).toMatchObject({ text: 'unable to create VM 100 - config file exists' });
  });

  it("takes the log tail's last error line where the status is generic", () => {
    const logTail = [
      'INFO: starting new backup job: vzdump 100 --storage pbs',
      'ERROR: Backup of VM 100 failed - VM is locked (snapshot)',
      'INFO: Failed at 2026-12-01 12:00:01',
      'INFO: Backup job finished with errors',
      'TASK ERROR: job errors',
    ];
    expect(
      taskReason(task({ type: 'vzdump', exitstatus: 'job errors', ok: false, logTail })),
    ).toEqual({
      kind: 'failed',
      text: 'Backup of VM 100 failed - VM is locked (snapshot)',
      full: 'Backup of VM 100 failed - VM is locked (snapshot) (job errors)',
    });
    const migration = [
      '2026-12-01 12:00:00 ERROR: migration aborted (duration 00:00:02): no route',
    ];
    expect(
      taskReason(task({ exitstatus: 'unexpected status', ok: false, logTail: migration })),
    ).toMatchObject({ text: 'migration aborted (duration 00:00:02): no route' });
    // Without a tail, the generic status is all there is.
    expect(taskReason(task({ exitstatus: 'unexpected status', ok: false }))).toMatchObject({
      kind: 'failed',
      text: 'unexpected status',
    });
  });

  it('says a task was stopped, with the worker’s words', () => {
    expect(taskReason(task({ exitstatus: 'received interrupt', ok: false }))).toEqual({
      kind: 'stopped',
      text: 'Stopped (received interrupt)',
      full: 'Stopped before it finished: received interrupt',
    });
    const logTail = [
      'ERROR: Backup of VM 100 failed - interrupted by signal',
      'INFO: Failed at 2026-12-01 12:00:01',
      'INFO: Backup job finished with errors',
      'TASK ERROR: job errors',
    ];
    expect(taskReason(task({ exitstatus: 'job errors', ok: false, logTail }))).toMatchObject({
      kind: 'stopped',
      text: 'Stopped: Backup of VM 100 failed - interrupted by signal',
    });
  });

  it('keeps an in-doubt task’s note', () => {
    expect(
      taskReason(task({ outcome: 'in-doubt', exitstatus: 'did not run', ok: false })),
    ).toMatchObject({ kind: 'unknown', text: 'did not run' });
  });
});
