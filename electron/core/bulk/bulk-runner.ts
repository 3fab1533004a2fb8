// Bulk power actions: a job of many guests, each run through its profile session's own power
// action (sent once, followed as a task, in-doubt on a lost reply), at most N per profile at once.
// Queued items can be cancelled and failed ones retried; the owning window gets the whole job as
// a 'bulk' event on every change. Where the server has the cluster bulk endpoints (PVE 9.0.13+,
// cluster-bulk.ts), a profile's guests go in one request whose task's log gives each row its result.
// A migration's row ends when the guest shows on its target (bulk-arrivals.ts), at most
// `maxWorkers` at once.

import { randomBytes } from 'node:crypto';
import {
  BULK_CONCURRENCY_PER_PROFILE,
  bulkActionLabel,
  bulkItemKey,
  isPowerBulk,
  type BulkAction,
  type BulkBackupParams,
  type BulkItem,
  type BulkJob,
  type BulkMigrateParams,
  type BulkSnapshotParams,
  type BulkSpec,
} from '../../../shared/bulk';
import { DeckhandError, toErrorData } from '../../../shared/errors';
import type { CallContext } from '../../../shared/ipc';
import { DisposableStore, type Disposable, type Scheduler } from '../../../shared/lifecycle';
import type { GuestRef, TaskInfo } from '../../../shared/model';
import { Arrivals } from './bulk-arrivals';
import { bulkOutcomes, isMissingEndpoint } from './cluster-bulk';
import { reasonFromLog, reasonIsInLog } from './task-failure';

export interface BulkRunnerDeps {
  /** Start the action on one guest; resolves with its task once PVE answered. */
  action(ref: GuestRef, action: BulkAction): Promise<TaskInfo>;
  /** Take a snapshot of one guest (a task through its session's writer). */
  snapshot?(ref: GuestRef, params: BulkSnapshotParams): Promise<TaskInfo>;
  /** Back up one guest (one vzdump task). */
  backup?(ref: GuestRef, params: BulkBackupParams): Promise<TaskInfo>;
  /** Migrate one guest (its own task; an HA guest's through ha-manager). */
  migrate?(ref: GuestRef, params: BulkMigrateParams): Promise<TaskInfo>;
  /** The node a guest shows on in its profile's resources now (a migration's end). */
  nodeOf?(ref: GuestRef): string | undefined;
  onResources?(listener: (profileId: string) => void): Disposable;
  scheduler?: Scheduler;
  /** Every task event (start, progress, end) of every session. */
  onTask(listener: (task: TaskInfo) => void): Disposable;
  emit(clientId: string, job: BulkJob): void;
  onClientGone(listener: (clientId: string) => void): Disposable;
  /**
   * One request for many guests of a profile, resolving with its one task, when the profile's
   * server has the cluster bulk endpoint for this action; undefined when it has not.
   */
  clusterBulk?(profileId: string, spec: BulkSpec, refs: GuestRef[]): Promise<TaskInfo> | undefined;
  /** The text lines of a task's log (the cluster bulk task's, read when it ends). */
  taskLog?(profileId: string, upid: string): Promise<string[]>;
  concurrency?: number;
}

interface Job {
  owner: string;
  spec: BulkSpec;
  state: BulkJob;
  /** profiles whose server refused the cluster bulk endpoint: per guest from then on */
  perGuest: Set<string>;
}

interface Group {
  jobId: string;
  profileId: string;
  keys: string[];
}

const NO_CLIENT = '';
const MAX_ITEMS = 500;

export class BulkRunner implements Disposable {
  private readonly jobs = new Map<string, Job>();
  private readonly store = new DisposableStore('bulk jobs');
  /** UPID of a running item → its job and key */
  private readonly waiting = new Map<string, { jobId: string; key: string }>();
  /** UPID of a running cluster bulk task → its job and items */
  private readonly groups = new Map<string, Group>();
  private readonly arrivals: Arrivals | undefined;

  constructor(private readonly deps: BulkRunnerDeps) {
    this.store.add(deps.onTask((task) => this.taskEvent(task)));
    if (deps.nodeOf && deps.onResources) {
      this.arrivals = this.store.add(
        new Arrivals({
          nodeOf: deps.nodeOf,
          onResources: deps.onResources,
          ...(deps.scheduler ? { scheduler: deps.scheduler } : {}),
        }),
      );
    }
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

  run(refs: readonly GuestRef[], spec: BulkSpec, ctx: CallContext | undefined): BulkJob {
    const { action } = spec;
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
      const to = spec.action === 'migrate' ? ` to ${spec.migrate.target}` : '';
      items.set(key, {
        key,
        ref,
        label: `${bulkActionLabel(action)} ${what}${to}`,
        state: 'queued',
      });
    }
    const jobId = `b${randomBytes(6).toString('hex')}`;
    const job: Job = {
      owner: ctx?.clientId ?? NO_CLIENT,
      spec,
      state: { jobId, action, items: [...items.values()], done: false, rev: 0 },
      perGuest: new Set(),
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
    this.groups.clear();
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
    const limit =
      job.spec.action === 'migrate'
        ? (job.spec.migrate.maxWorkers ?? 1)
        : (this.deps.concurrency ?? BULK_CONCURRENCY_PER_PROFILE);
    const running = new Map<string, number>();
    for (const item of job.state.items) {
      if (item.state === 'running') {
        running.set(item.ref.profileId, (running.get(item.ref.profileId) ?? 0) + 1);
      }
    }
    this.pumpGroups(job, running);
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

  /** A profile with nothing running and a cluster bulk endpoint: all its queued guests at once. */
  private pumpGroups(job: Job, running: Map<string, number>): void {
    const action = job.state.action;
    if (!this.deps.clusterBulk || (!isPowerBulk(action) && action !== 'migrate')) return;
    const queued = new Map<string, BulkItem[]>();
    for (const item of job.state.items) {
      const p = item.ref.profileId;
      if (item.state !== 'queued' || running.has(p) || job.perGuest.has(p)) continue;
      queued.set(p, [...(queued.get(p) ?? []), item]);
    }
    for (const [profileId, items] of queued) {
      const sent = this.deps.clusterBulk(
        profileId,
        job.spec,
        items.map((i) => ({ ...i.ref })),
      );
      if (!sent) continue;
      running.set(profileId, items.length);
      for (const item of items) item.state = 'running';
      void this.startGroup(job, profileId, items, sent);
    }
  }

  private async startGroup(
    job: Job,
    profileId: string,
    items: BulkItem[],
    sent: Promise<TaskInfo>,
  ): Promise<void> {
    let task: TaskInfo;
    try {
      task = await sent;
    } catch (err) {
      if (this.store.isDisposed) return;
      if (isMissingEndpoint(err)) {
        // Not there after all (an older node answered): per guest, nothing was started.
        job.perGuest.add(profileId);
        for (const item of items) if (item.state === 'running') item.state = 'queued';
      } else {
        const message = toErrorData(err).message;
        for (const item of items) this.settle(item, false, message);
      }
      this.pump(job);
      return;
    }
    if (this.store.isDisposed) return;
    for (const item of items) item.upid = task.upid;
    const group: Group = { jobId: job.state.jobId, profileId, keys: items.map((i) => i.key) };
    if (task.status === 'stopped') {
      void this.endGroup(group, task);
      return;
    }
    this.groups.set(task.upid, group);
    this.changed(job);
  }

  /** The bulk task ended: each guest's row from its log (PVE's message for the failed ones). */
  private async endGroup(group: Group, task: TaskInfo): Promise<void> {
    let log: string[] = [];
    try {
      log = (await this.deps.taskLog?.(group.profileId, task.upid)) ?? [];
    } catch {
      // Without the log only the task's status is known: it applies to every guest.
    }
    const job = this.jobs.get(group.jobId);
    if (this.store.isDisposed || !job) return;
    const items = job.state.items.filter((i) => group.keys.includes(i.key));
    const exit =
      task.outcome === 'did-not-run' ? (task.exitstatus ?? 'Did not run') : task.exitstatus;
    const outcomes = bulkOutcomes(
      items.map((i) => i.ref),
      log,
      task.ok === true ? (exit ?? 'OK') : (exit ?? 'Failed'),
    );
    for (const item of items) {
      const o = outcomes.get(item.ref.vmid);
      if (o?.ok === true && this.awaitArrival(job, item)) continue;
      this.settle(item, o?.ok === true, o?.message);
    }
    this.pump(job);
  }

  private settle(item: BulkItem, ok: boolean, message: string | undefined): void {
    if (item.state !== 'running') return;
    item.state = ok ? 'ok' : 'failed';
    if (!ok) item.message = message ?? 'Failed';
    else if (message) item.message = message; // "Skipped: not running"
  }

  /** A migrated guest's row waits until the guest shows on its target; false: nothing to wait. */
  private awaitArrival(job: Job, item: BulkItem): boolean {
    if (job.spec.action !== 'migrate' || !this.arrivals) return false;
    return this.arrivals.watch(item.key, item.ref, job.spec.migrate.target, (ok, message) => {
      if (item.state !== 'running' || this.store.isDisposed) return;
      this.settle(item, ok, message);
      if (this.jobs.has(job.state.jobId)) this.pump(job);
    });
  }

  private async start(job: Job, item: BulkItem): Promise<void> {
    let task: TaskInfo;
    try {
      task = await this.send(job.spec, item.ref);
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

  private send(spec: BulkSpec, ref: GuestRef): Promise<TaskInfo> {
    if (spec.action === 'snapshot') {
      if (!this.deps.snapshot)
        throw new DeckhandError({ kind: 'internal', message: 'No snapshots' });
      return this.deps.snapshot(ref, spec.snapshot);
    }
    if (spec.action === 'backup') {
      if (!this.deps.backup) throw new DeckhandError({ kind: 'internal', message: 'No backups' });
      return this.deps.backup(ref, spec.backup);
    }
    if (spec.action === 'migrate') {
      if (!this.deps.migrate)
        throw new DeckhandError({ kind: 'internal', message: 'No migration' });
      return this.deps.migrate(ref, spec.migrate);
    }
    return this.deps.action(ref, spec.action);
  }

  private taskEvent(task: TaskInfo): void {
    const group =
      this.groups.get(task.upid) ??
      (task.replaces !== undefined ? this.groups.get(task.replaces) : undefined);
    if (group) {
      if (task.replaces !== undefined && this.groups.has(task.replaces)) {
        this.groups.delete(task.replaces);
        this.groups.set(task.upid, group);
      }
      if (task.status !== 'stopped') return;
      this.groups.delete(task.upid);
      void this.endGroup(group, task);
      return;
    }
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

  private finish(
    job: Job,
    item: BulkItem,
    ok: boolean,
    message: string | undefined,
    logRead = false,
  ): void {
    if (this.store.isDisposed || item.state !== 'running') return;
    const { upid } = item;
    if (!ok && !logRead && reasonIsInLog(message) && upid && this.deps.taskLog) {
      // A bare "migration aborted": the reason is on the task log's ERROR line.
      const bare = message ?? 'Failed';
      void this.deps
        .taskLog(item.ref.profileId, upid)
        .then(
          (lines) => reasonFromLog(bare, lines),
          () => bare,
        )
        .then((why) => this.finish(job, item, false, why, true));
      return;
    }
    if (ok && this.awaitArrival(job, item)) {
      this.changed(job);
      return;
    }
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
