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
