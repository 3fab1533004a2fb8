// The tasks strip's pieces: one wording of a task's times (strip and log alike), one date format,
// and a removed profile's tasks leaving with it.

import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../shared/format';
import type { TaskInfo } from '../../shared/model';
import { taskTimeText, taskTimes } from '../../renderer/src/features/tasks/taskList';
import { tasksOfProfiles, taskKey } from '../../renderer/src/store/appState';

/** Epoch seconds of a local time. */
function at(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  return new Date(y, mo - 1, d, h, mi, s).getTime() / 1000;
}

function task(extra: Partial<TaskInfo>): TaskInfo {
  return {
    profileId: 'p1',
    upid: 'UPID:pve1:1',
    node: 'pve1',
    type: 'vzdump',
    id: '107',
    user: 'root@pam',
    starttime: at(2026, 12, 1, 14, 5, 9),
    status: 'stopped',
    label: 'Back up VM 107 (db01)',
    own: false,
    ...extra,
  };
}

describe('task times', () => {
  const now = at(2026, 12, 1, 16, 0, 0);

  it('formats a moment one way: the time today, the date too on another day', () => {
    expect(formatDateTime(at(2026, 12, 1, 9, 3, 4), now)).toBe('09:03:04');
    expect(formatDateTime(at(2026, 11, 30, 23, 59, 1), now)).toBe('2026-11-30 23:59:01');
  });

  it('shows a finished task by its start and how long it took, not by its end', () => {
    const t = task({ endtime: at(2026, 12, 1, 14, 6, 16) });
    expect(taskTimeText(t, now)).toBe('14:05:09 · 1:07');
    expect(taskTimes(t, now)).toEqual({ start: '14:05:09', length: '1:07' });
  });

  it('shows a running task by its start and how long it has run', () => {
    const t = task({ status: 'running', starttime: now - 7 });
    expect(taskTimeText(t, now)).toBe('15:59:53 · 0:07');
  });

  it("dates yesterday's backup", () => {
    const t = task({ starttime: at(2026, 11, 30, 1, 0, 0), endtime: at(2026, 11, 30, 1, 2, 0) });
    expect(taskTimeText(t, now)).toBe('2026-11-30 01:00:00 · 2:00');
  });
});

describe('tasks of removed profiles', () => {
  it('drops the tasks of profiles that are gone and keeps the rest', () => {
    const a = task({ profileId: 'p1' });
    const b = task({ profileId: 'p2' });
    const tasks = { [taskKey('p1', a.upid)]: a, [taskKey('p2', b.upid)]: b };
    expect(Object.values(tasksOfProfiles(tasks, new Set(['p1'])))).toEqual([a]);
    expect(tasksOfProfiles(tasks, new Set(['p1', 'p2']))).toBe(tasks);
  });
});
