// Bulk power actions: a job of many guests, each run through its profile session's own power
// action (sent once, followed as a task, in-doubt on a lost reply), at most N per profile at once.
// Queued items can be cancelled and failed ones retried; the owning window gets the whole job as
// a 'bulk' event on every change. No cluster bulk endpoint: the demo (PVE 9.0) has none, so per guest.

import { randomBytes } from 'node:crypto';
import {
  BULK_CONCURRENCY_PER_PROFILE,
  bulkActionLabel,
  bulkItemKey,
  type BulkAction,
  type BulkItem,
  type BulkJob,
} from '../../../shared/bulk';
import { DeckhandError, toErrorData } from '../../../shared/errors';
import type { CallContext } from '../../../shared/ipc';
import { DisposableStore, type Disposable } from '../../../shared/lifecycle';
import type { GuestRef, TaskInfo } from '../../../shared/model';

export interface BulkRunnerDeps {
  /** Start the action on one guest; resolves with its task once PVE answered. */
  action(ref: GuestRef, action: BulkAction): Promise<TaskInfo>;
  /** Every task event (start, progress, end) of every session. */
  onTask(listener: (task: TaskInfo) => void): Disposable;
  emit(clientId: string, job: BulkJob): void;
  onClientGone(listener: (clientId: string) => void): Disposable;
  concurrency?: number;
}

interface Job {
  owner: string;
  state: BulkJob;
}

const NO_CLIENT = '';
const MAX_ITEMS = 500;

export class BulkRunner implements Disposable {
  private readonly jobs = new Map<string, Job>();
  private readonly store = new DisposableStore('bulk jobs');
  /** UPID of a running item → its job and key */
  private readonly waiting = new Map<string, { jobId: string; key: string }>();

  constructor(private readonly deps: BulkRunnerDeps) {
    this.store.add(deps.onTask((task) => this.taskEvent(task)));
    this.store.add(
      deps.onClientGone((clientId) => {
        for (const [id, job] of this.jobs) {
          if (job.owner !== clientId) continue;
          for (const item of job.state.items) if (item.state === 'queued') item.state = 'cancelled';
          this.jobs.delete(id);
        }
      }),
    );
  }

  run(refs: readonly GuestRef[], action: BulkAction, ctx: CallContext | undefined): BulkJob {
    if (this.store.isDisposed)
      throw new DeckhandError({ kind: 'internal', message: 'Shutting down' });
    if (refs.length === 0 || refs.length > MAX_ITEMS) {
      throw new DeckhandError({
        kind: 'validation',
        message: `A bulk action takes 1 to ${String(MAX_ITEMS)} guests`,
      });
    }
    const items = new Map<string, BulkItem>();
    for (const ref of refs) {
      const key = bulkItemKey(ref);
      const what = `${ref.type === 'lxc' ? 'CT' : 'VM'} ${String(ref.vmid)}`;
      items.set(key, { key, ref, label: `${bulkActionLabel(action)} ${what}`, state: 'queued' });
    }
    const jobId = `b${randomBytes(6).toString('hex')}`;
    const job: Job = {
      owner: ctx?.clientId ?? NO_CLIENT,
      state: { jobId, action, items: [...items.values()], done: false, rev: 0 },
    };
    this.jobs.set(jobId, job);
    this.pump(job);
    return this.snapshot(job);
  }

  /** Cancel what has not started; running ones go on (a sent write is not taken back). */
  cancel(jobId: string, ctx: CallContext | undefined): BulkJob {
    const job = this.own(jobId, ctx);
    for (const item of job.state.items) {
      if (item.state !== 'queued') continue;
      item.state = 'cancelled';
      item.message = 'Cancelled before it started';
    }
    this.changed(job);
    return this.snapshot(job);
  }

  /** Queue the failed items again (only those). */
  retry(jobId: string, ctx: CallContext | undefined): BulkJob {
    const job = this.own(jobId, ctx);
    for (const item of job.state.items) {
      if (item.state !== 'failed') continue;
      item.state = 'queued';
      delete item.message;
      delete item.upid;
    }
    this.pump(job);
    return this.snapshot(job);
  }

  dispose(): Promise<void> {
    this.jobs.clear();
    this.waiting.clear();
    return this.store.dispose();
  }

  private own(jobId: string, ctx: CallContext | undefined): Job {
    const job = this.jobs.get(jobId);
    if (!job || job.owner !== (ctx?.clientId ?? NO_CLIENT)) {
      throw new DeckhandError({ kind: 'validation', message: 'No such bulk job' });
    }
    return job;
  }

  private pump(job: Job): void {
    const limit = this.deps.concurrency ?? BULK_CONCURRENCY_PER_PROFILE;
    const running = new Map<string, number>();
    for (const item of job.state.items) {
      if (item.state === 'running') {
        running.set(item.ref.profileId, (running.get(item.ref.profileId) ?? 0) + 1);
      }
    }
    for (const item of job.state.items) {
      if (item.state !== 'queued') continue;
      const n = running.get(item.ref.profileId) ?? 0;
      if (n >= limit) continue;
      running.set(item.ref.profileId, n + 1);
      item.state = 'running';
      void this.start(job, item);
    }
    this.changed(job);
  }

  private async start(job: Job, item: BulkItem): Promise<void> {
    let task: TaskInfo;
    try {
      task = await this.deps.action(item.ref, job.state.action);
    } catch (err) {
      this.finish(job, item, false, toErrorData(err).message);
      return;
    }
    if (this.store.isDisposed) return;
    item.upid = task.upid;
    item.label = task.label;
    if (task.status === 'stopped') {
      this.finish(job, item, task.ok === true, task.exitstatus);
      return;
    }
    this.waiting.set(task.upid, { jobId: job.state.jobId, key: item.key });
    this.changed(job);
  }

  private taskEvent(task: TaskInfo): void {
    const at =
      this.waiting.get(task.upid) ??
      (task.replaces !== undefined ? this.waiting.get(task.replaces) : undefined);
    if (!at) return;
    const job = this.jobs.get(at.jobId);
    const item = job?.state.items.find((i) => i.key === at.key);
    if (!job || !item) return;
    if (task.replaces !== undefined && this.waiting.has(task.replaces)) {
      // The in-doubt placeholder was found as a real task: follow that one.
      this.waiting.delete(task.replaces);
      this.waiting.set(task.upid, at);
      item.upid = task.upid;
    }
    if (task.status !== 'stopped') return;
    this.waiting.delete(task.upid);
    this.finish(job, item, task.ok === true, task.exitstatus);
  }

  private finish(job: Job, item: BulkItem, ok: boolean, message: string | undefined): void {
    if (this.store.isDisposed || item.state !== 'running') return;
    item.state = ok ? 'ok' : 'failed';
    if (!ok) item.message = message ?? 'Failed';
    this.pump(job);
  }

  private changed(job: Job): void {
    job.state.rev += 1;
    job.state.done = job.state.items.every((i) => i.state !== 'queued' && i.state !== 'running');
    if (this.jobs.has(job.state.jobId) && job.owner !== NO_CLIENT) {
      this.deps.emit(job.owner, this.snapshot(job));
    }
  }

  private snapshot(job: Job): BulkJob {
    return { ...job.state, items: job.state.items.map((i) => ({ ...i, ref: { ...i.ref } })) };
  }
}
