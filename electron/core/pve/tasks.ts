// Following a PVE task to its end: poll its status (the web UI polls every second) until it
// stops, then read the tail of its log. Exit status `OK` and `WARNINGS: n` are success.

import { parseUpid } from '../../../shared/upid';
import { DeckhandError } from '../../../shared/errors';
import { getTaskLog, getTaskStatus } from './api';
import { backoffDelay } from '../../../shared/backoff';
import { systemScheduler, type Scheduler } from '../../../shared/lifecycle';
import type { PveClient } from './client';

export interface TaskOutcome {
  exitstatus: string;
  ok: boolean;
  logTail: string[];
}

export function isTaskOk(exitstatus: string): boolean {
  return exitstatus === 'OK' || /^WARNINGS: \d+$/.test(exitstatus);
}

export interface FollowOptions {
  pollMs?: number;
  /** How many last log lines to return. */
  tailLines?: number;
  signal?: AbortSignal;
  /** Called after a status poll failed; polling continues with backoff. */
  onPollError?: (err: unknown) => void;
  /** Where the pauses between polls come from. Default: the system's. */
  scheduler?: Scheduler;
}

/**
 * Refused credentials, an untrusted certificate or a forbidden path do not heal by polling again;
 * retrying an auth failure would re-send the password with every poll (and may lock the account).
 */
function isTransient(err: unknown): boolean {
  if (!(err instanceof DeckhandError)) return true;
  return err.kind !== 'auth' && err.kind !== 'tls' && err.kind !== 'permission';
}

/** Read the last `n` lines of a task log (start = max(0, total − n)). */
async function readLogTail(
  client: PveClient,
  node: string,
  upid: string,
  n: number,
  signal?: AbortSignal,
): Promise<string[]> {
  // The first page tells the total; fetch the tail window only when the log is longer.
  const first = await getTaskLog(client, node, upid, { start: 0, limit: n }, signal);
  if (first.total <= n) return first.lines.map((l) => l.t);
  const start = Math.max(0, first.total - n);
  const tail = await getTaskLog(client, node, upid, { start, limit: n }, signal);
  return tail.lines.map((l) => l.t);
}

/**
 * Poll until the task stops. Transient poll failures (network, 5xx, an unreachable node) are
 * retried with growing pauses: the task runs on regardless, and its end must still be reported.
 */
export async function followTask(
  client: PveClient,
  upid: string,
  opts: FollowOptions = {},
): Promise<TaskOutcome> {
  const parsed = parseUpid(upid);
  if (!parsed) throw new DeckhandError({ kind: 'protocol', message: `Not a task id: ${upid}` });
  const pollMs = opts.pollMs ?? 1_000;
  const scheduler = opts.scheduler ?? systemScheduler;
  const pause = (ms: number): Promise<void> =>
    scheduler.delay(ms, { label: 'task poll', ...(opts.signal ? { signal: opts.signal } : {}) });
  let failures = 0;
  for (;;) {
    try {
      const status = await getTaskStatus(client, parsed.node, upid, opts.signal);
      failures = 0;
      if (!status.running) {
        const exitstatus = status.exitstatus ?? 'unexpected status';
        const logTail = await readLogTail(
          client,
          parsed.node,
          upid,
          opts.tailLines ?? 20,
          opts.signal,
        );
        return { exitstatus, ok: isTaskOk(exitstatus), logTail };
      }
    } catch (err) {
      if (opts.signal?.aborted || !isTransient(err)) throw err;
      failures++;
      opts.onPollError?.(err);
      await pause(backoffDelay(failures, { baseMs: pollMs, capMs: 30_000 }) + pollMs);
      continue;
    }
    await pause(pollMs);
  }
}
