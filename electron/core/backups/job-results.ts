// The last run's result per guest of each backup job. PVE keeps no such table: it is in the
// vzdump tasks' logs (pve-manager PVE/VZDump.pm: the first line names the job's command line,
// then `Finished Backup of VM N` or `ERROR: Backup of VM N failed - why` per guest). So: the
// recent vzdump tasks of each online node, their logs read, matched to the jobs by storage and
// selection (or `--job-id`), newest result per guest first.

import type { BackupJob, BackupJobGuestResult } from '../../../shared/backups';
import { getTaskLog } from '../pve/api';
import type { PveClient } from '../pve/client';
import { getVzdumpTasks, type VzdumpTask } from '../pve/backups';

/** How many recent vzdump tasks of each node are read. */
const TASKS_PER_NODE = 8;

export interface VzdumpRun {
  jobId?: string;
  storage?: string;
  all: boolean;
  vmids: number[];
  exclude: number[];
  pool?: string;
  /** vmid → outcome, from the per-guest lines */
  guests: Map<number, { ok: boolean; error?: string }>;
}

function argValue(words: string[], key: string): string | undefined {
  const i = words.indexOf(`--${key}`);
  return i >= 0 ? words[i + 1]?.replace(/^'|'$/g, '') : undefined;
}

function idList(text: string | undefined): number[] {
  return (text ?? '')
    .split(/[,;\s]+/)
    .filter((s) => /^\d+$/.test(s))
    .map(Number);
}

/** Read one vzdump task log. */
export function parseVzdumpLog(lines: readonly string[]): VzdumpRun | undefined {
  const head = lines.find((l) => l.includes('starting new backup job: vzdump'));
  if (!head) return undefined;
  const words = head
    .slice(head.indexOf('vzdump') + 'vzdump'.length)
    .trim()
    .split(/\s+/);
  const vmids: number[] = [];
  for (const w of words) {
    if (w.startsWith('--')) break;
    if (/^\d+$/.test(w)) vmids.push(Number(w));
  }
  const all = argValue(words, 'all');
  const run: VzdumpRun = {
    all: all === '1' || all === 'true',
    vmids: [...vmids, ...idList(argValue(words, 'vmid'))],
    exclude: idList(argValue(words, 'exclude')),
    guests: new Map(),
  };
  const jobId = argValue(words, 'job-id');
  if (jobId) run.jobId = jobId;
  const storage = argValue(words, 'storage');
  if (storage) run.storage = storage;
  const pool = argValue(words, 'pool');
  if (pool) run.pool = pool;
  for (const l of lines) {
    const ok = /Finished Backup of VM (\d+)/.exec(l);
    if (ok) run.guests.set(Number(ok[1]), { ok: true });
    const bad = /ERROR: Backup of VM (\d+) failed - (.*)$/.exec(l);
    if (bad) run.guests.set(Number(bad[1]), { ok: false, error: bad[2]!.trim() });
  }
  return run;
}

/** Whether a job would back up this guest. */
export function jobIncludes(job: Omit<BackupJob, 'lastRun'>, vmid: number): boolean {
  if (job.all) return !job.exclude.includes(vmid);
  return job.vmids.includes(vmid);
}

/** Whether a run was (as far as its command line tells) one of this job's. */
export function runOfJob(run: VzdumpRun, job: Omit<BackupJob, 'lastRun'>): boolean {
  if (run.jobId !== undefined) return run.jobId === job.id;
  if ((run.storage ?? 'local') !== (job.storage ?? 'local')) return false;
  if (job.pool !== undefined) return run.pool === job.pool;
  if (run.all) return job.all;
  return run.vmids.length > 0 && run.vmids.every((id) => jobIncludes(job, id));
}

interface ReadRun {
  task: VzdumpTask;
  run: VzdumpRun;
}

/** Merge runs (newest first) into each job's per-guest results. */
export function resultsFor(
  job: Omit<BackupJob, 'lastRun'>,
  runs: readonly ReadRun[],
): BackupJobGuestResult[] {
  const seen = new Map<number, BackupJobGuestResult>();
  const newest = [...runs].sort((a, b) => b.task.starttime - a.task.starttime);
  for (const { task, run } of newest) {
    if (!runOfJob(run, job)) continue;
    const outcomes = new Map(run.guests);
    // A one-guest task that ended before its guest's line: its exit status says how it went.
    if (outcomes.size === 0 && run.vmids.length === 1 && task.status !== undefined) {
      const ok = task.status === 'OK' || task.status.startsWith('WARNINGS');
      outcomes.set(run.vmids[0]!, ok ? { ok } : { ok, error: task.status });
    }
    for (const [vmid, o] of outcomes) {
      if (seen.has(vmid) || !jobIncludes(job, vmid)) continue;
      seen.set(vmid, {
        vmid,
        ok: o.ok,
        time: task.starttime,
        upid: task.upid,
        ...(o.error ? { error: o.error } : {}),
      });
    }
  }
  return [...seen.values()].sort((a, b) => a.vmid - b.vmid);
}

/** Read the recent vzdump runs of these nodes (a node that fails to answer is skipped). */
export async function readRecentRuns(
  client: PveClient,
  nodes: readonly string[],
  signal?: AbortSignal,
): Promise<ReadRun[]> {
  const perNode = await Promise.all(
    nodes.map(async (node) => {
      try {
        const tasks = (await getVzdumpTasks(client, node, TASKS_PER_NODE, signal)).filter(
          (t) => t.endtime !== undefined,
        );
        const read = await Promise.all(
          tasks.map(async (task) => {
            const { lines } = await getTaskLog(
              client,
              node,
              task.upid,
              { start: 0, limit: 2000 },
              signal,
            );
            const run = parseVzdumpLog(lines.map((l) => l.t));
            return run ? { task, run } : undefined;
          }),
        );
        return read.filter((r): r is ReadRun => r !== undefined);
      } catch {
        return [];
      }
    }),
  );
  return perNode.flat();
}
