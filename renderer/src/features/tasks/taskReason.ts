// Why a finished task did not end OK, in one line for its row: PVE's exit status is the error text
// (`upid_read_status` takes it from the log's `TASK ERROR: …` line); where that is generic
// ("unexpected status", vzdump's "job errors") the last error line of the log tail says more.
// A task stopped through DELETE …/tasks/{upid} ends with the worker's interrupt text.

import type { TaskInfo } from '../../../../shared/model';

export interface TaskReason {
  /** 'stopped': interrupted (someone stopped it); 'failed': an error; 'unknown': in doubt */
  kind: 'stopped' | 'failed' | 'unknown';
  /** One line for the row */
  text: string;
  /** Everything known, for the tooltip */
  full: string;
}

/** Exit statuses that say a task failed but not why. */
const GENERIC = [
  /^unexpected status$/i,
  /^job errors$/i,
  /^unable to read tail/i,
  /^unable to open file/i,
  /^command failed$/i,
];

/** What a worker dies with when its task is stopped (fork_worker; vzdump, clone, restore). */
const INTERRUPT = /\b(received interrupt|interrupted by signal)\b/i;

/** `TASK ERROR: x` or `ERROR: x`, optionally after a migration log's timestamp. */
const ERROR_LINE = /^(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d )?(?:TASK )?ERROR: (.+)$/;

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The last error line of the log tail that says more than a generic status. */
function lastLogError(tail: readonly string[] | undefined): string | undefined {
  if (!tail) return undefined;
  for (let i = tail.length - 1; i >= 0; i--) {
    const m = ERROR_LINE.exec(tail[i]!.trim());
    const text = m ? oneLine(m[1]!) : '';
    if (text && !GENERIC.some((g) => g.test(text))) return text;
  }
  return undefined;
}

/** The reason a finished task's row shows, or undefined for a running or successful task. */
export function taskReason(task: TaskInfo): TaskReason | undefined {
  if (task.status === 'running') return undefined;
  const status = oneLine(task.exitstatus ?? '');
  if (task.outcome === 'in-doubt') {
    return { kind: 'unknown', text: status || 'outcome unknown', full: status };
  }
  if (task.ok !== false) return undefined;
  const generic = status === '' || GENERIC.some((g) => g.test(status));
  const detail = generic ? lastLogError(task.logTail) : undefined;
  const why = detail ?? (status || 'failed');
  const full = detail && status ? `${detail} (${status})` : why;
  if (INTERRUPT.test(why)) {
    // The worker's own words stay in the tooltip; the row says what happened.
    const text = /^received interrupt$/i.test(why) ? `Stopped (${why})` : `Stopped: ${why}`;
    return { kind: 'stopped', text, full: `Stopped before it finished: ${full}` };
  }
  return { kind: 'failed', text: why, full };
}
