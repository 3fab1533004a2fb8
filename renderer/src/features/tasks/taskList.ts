// The tasks strip's order and the one wording of a task's times, shared by the strip and the log.

import { formatDateTime, formatElapsed } from '../../../../shared/format';
import type { TaskInfo } from '../../../../shared/model';

/** Running tasks first (newest first), then finished ones by end time, newest first. */
export function orderTasks(tasks: Iterable<TaskInfo>, limit: number): TaskInfo[] {
  const all = [...tasks];
  const running = all
    .filter((t) => t.status === 'running')
    .sort((a, b) => b.starttime - a.starttime);
  const done = all
    .filter((t) => t.status !== 'running')
    .sort((a, b) => (b.endtime ?? b.starttime) - (a.endtime ?? a.starttime));
  return [...running, ...done].slice(0, limit);
}

/**
 * When a task ran, the same in the strip and in its log: its start, and how long it has run or
 * took ("14:05:09 · 0:07"; another day's start has its date).
 */
export function taskTimes(task: TaskInfo, now: number): { start: string; length: string } {
  const start = formatDateTime(task.starttime, now);
  const end = task.status === 'running' ? now : task.endtime;
  return { start, length: end === undefined ? '' : formatElapsed(end - task.starttime) };
}

export function taskTimeText(task: TaskInfo, now: number): string {
  const { start, length } = taskTimes(task, now);
  return length ? `${start} · ${length}` : start;
}
