// The tasks of one profile: its own (power actions) followed to their end with their log tail,
// followed again once the session is back when a follower had to give up; and the cluster's task
// list (other admins', HA, backups) read now and then, each new or changed task reported once.

import { DeckhandError } from '../../../shared/errors';
import { DisposableStore, type Disposable, type Scheduler } from '../../../shared/lifecycle';
import type { GuestRef, GuestResource, PowerAction, TaskInfo } from '../../../shared/model';
import { getClusterTasks } from '../pve/api';
import type { PveClient } from '../pve/client';
import type { ClusterTaskItem } from '../pve/schemas';
import { followTask, isTaskOk, type TaskOutcome } from '../pve/tasks';
import { asDeckhandError } from './as-error';
import {
  guestChanged,
  InDoubtSearch,
  matchInDoubtTask,
  notFound,
  taskTypesFor,
  type InDoubtWant,
  type SearchTimings,
} from './in-doubt';
import { labelTask } from './labels';
import type { Logger } from './logger';
import { TimerSlot } from './timer-slot';

/** Followed tasks kept for tasks.list. */
const MAX_OWN_TASKS = 200;

export interface TaskTrackerOptions {
  profileId: string;
  client: PveClient;
  /** Cancels the cluster task list requests (the session's). */
  signal: AbortSignal;
  scheduler: Scheduler;
  now(): number;
  log: Logger;
  /** Task status poll period (ms). */
  taskPollMs: number;
  /** How often the cluster's task list is read (ms); 0 turns it off. */
  clusterTasksIntervalMs: number;
  /** The guest as the last refresh saw it, for task labels. */
  guest(guestId: string): GuestResource | undefined;
  /** Whether the cluster's task list may be read now (logged in and not halted). */
  canPoll(): boolean;
  /** A task started, changed or ended. */
  onTask(task: TaskInfo): void;
  /** An own task ended: the guest's row should change at once, not at the next tick. */
  onOwnTaskEnded(): void;
  /** A request failed (a 595 from a node marks it unreachable). */
  onRequestError(err: unknown): void;
  /** How long and how often the task of an in-doubt request is looked for. */
  inDoubtTimings: SearchTimings;
}

/** A power action being sent: its task, when it shows up in the cluster's list, is ours. */
export interface PendingWrite {
  readonly want: InDoubtWant;
}

/** What an in-doubt request's search needs to report its outcome. */
export interface InDoubtReport {
  label: string;
  guestId: string;
  /** A power action's: whether the guest moved tells a lost reply's fate; other writes have none */
  action?: PowerAction;
  /** The guest as the last refresh saw it before the POST */
  before: GuestResource | undefined;
  /** Why the request's fate is unknown */
  cause: DeckhandError;
}

/** The fields that make a found task an own, confirmed one in place of its placeholder. */
function confirmedFields(p: TaskInfo): Partial<TaskInfo> {
  return {
    label: p.label,
    own: true,
    outcome: 'confirmed',
    replaces: p.upid,
    ...(p.guestId ? { guestId: p.guestId } : {}),
  };
}

/** What changes in a cluster task's entry as it runs and ends. */
function clusterTaskSignature(t: ClusterTaskItem): string {
  return `${t.endtime ?? ''}:${t.status ?? ''}`;
}

/** One task followed to its end. Disposing stops the polling; the task runs on, on the server. */
class TaskFollower implements Disposable {
  private readonly store = new DisposableStore('TaskFollower');
  private readonly abort = new AbortController();
  readonly done: Promise<TaskOutcome>;

  constructor(
    client: PveClient,
    upid: string,
    opts: { pollMs: number; scheduler: Scheduler; onPollError(err: unknown): void },
  ) {
    this.store.defer(() =>
      this.abort.abort(new DeckhandError({ kind: 'internal', message: 'Session closed' })),
    );
    this.done = followTask(client, upid, { ...opts, signal: this.abort.signal });
    const settled = (): void => void this.store.dispose();
    this.done.then(settled, settled);
  }

  async dispose(): Promise<void> {
    await this.store.dispose();
    await this.done.catch(() => undefined);
  }
}

export class TaskTracker implements Disposable {
  private readonly store = new DisposableStore('TaskTracker');
  private readonly pollTimer: TimerSlot;
  private poll: Promise<void> | undefined;
  /** upid → status/exitstatus last reported, so only new and changed cluster tasks are sent. */
  private clusterSeen = new Map<string, string>();
  /** The cluster tasks as last reported, relabelled when the guests they name become known. */
  private clusterInfo = new Map<string, TaskInfo>();
  private readonly own = new Map<string, TaskInfo>();
  /** Own tasks whose follower gave up (login refused, certificate changed): resumed once back. */
  private readonly unfollowed = new Map<string, TaskInfo>();
  /** Writes in flight or in doubt: their tasks are not reported as someone else's. */
  private readonly pending = new Set<PendingWrite>();
  /** Numbers the in-doubt placeholders. */
  private doubts = 0;
  private disposed = false;

  constructor(private readonly opts: TaskTrackerOptions) {
    this.pollTimer = this.store.add(
      new TimerSlot(opts.scheduler, { label: 'cluster tasks poll', unref: true }),
    );
  }

  /** Start reading the cluster's task list. */
  start(): void {
    this.schedulePoll();
  }

  /** Report an own task that just started and follow it to its end. */
  follow(task: TaskInfo): void {
    this.record(task);
    this.startFollower(task);
  }

  /** Follow again the own tasks whose follower gave up (the session is back). */
  resumeUnfollowed(): void {
    if (this.unfollowed.size === 0 || this.disposed) return;
    const tasks = [...this.unfollowed.values()];
    this.unfollowed.clear();
    for (const task of tasks) this.startFollower(task);
  }

  /**
   * A power action is about to be sent: tasks known now are not its own, and a task of its kind
   * appearing meanwhile is held back (it is probably ours) until endWrite or the in-doubt search.
   */
  beginWrite(
    guest: Pick<GuestRef, 'node' | 'type' | 'vmid'>,
    action: PowerAction | { types: readonly string[]; id?: string },
  ): PendingWrite {
    const want: InDoubtWant = {
      types: typeof action === 'string' ? taskTypesFor(guest.type, action) : action.types,
      id: typeof action !== 'string' && action.id !== undefined ? action.id : String(guest.vmid),
      node: guest.node,
      user: this.opts.client.identity,
      sentAt: this.nowS(),
      exclude: new Set([...this.own.keys(), ...this.clusterSeen.keys()]),
    };
    const write: PendingWrite = { want };
    this.pending.add(write);
    return write;
  }

  /** The write got its answer (a task id or an error PVE gave): nothing more to look for. */
  endWrite(write: PendingWrite): void {
    this.pending.delete(write);
  }

  /**
   * Report an in-doubt power action and find out whether it ran: its task in the cluster's list
   * is followed like any own task ('confirmed'); no task and an unchanged guest is 'did-not-run';
   * no task but a changed guest (or no list to look at) stays in doubt, ended.
   */
  resolveInDoubt(write: PendingWrite, report: InDoubtReport): TaskInfo {
    const { want } = write;
    const placeholder: TaskInfo = {
      profileId: this.opts.profileId,
      upid: `in-doubt:${report.guestId}:${++this.doubts}`,
      node: want.node,
      type: want.types[0] ?? '',
      id: want.id,
      user: want.user,
      starttime: want.sentAt,
      status: 'running',
      label: report.label,
      guestId: report.guestId,
      own: true,
      outcome: 'in-doubt',
    };
    this.record(placeholder);
    const search = this.store.add(
      new InDoubtSearch({
        want: write.want,
        list: (signal) => getClusterTasks(this.opts.client, signal),
        scheduler: this.opts.scheduler,
        timings: this.opts.inDoubtTimings,
      }),
    );
    search.done.then(
      (result) => {
        this.store.forget(search);
        this.pending.delete(write);
        if (this.disposed) return;
        this.own.delete(placeholder.upid);
        if (result.found) {
          this.follow({ ...this.fromCluster(result.found), ...confirmedFields(placeholder) });
          return;
        }
        const after = this.opts.guest(report.guestId);
        const changed = report.action ? guestChanged(report.before, after, report.action) : false;
        this.record(notFound(placeholder, result, changed, report.cause, this.nowS()));
        this.opts.onOwnTaskEnded();
      },
      () => {
        this.store.forget(search);
        this.pending.delete(write);
      },
    );
    return placeholder;
  }

  private nowS(): number {
    return Math.floor(this.opts.now() / 1000);
  }

  /** A cluster task that is probably a pending write's own: not someone else's. */
  private heldBack(t: ClusterTaskItem): boolean {
    for (const w of this.pending) if (matchInDoubtTask([t], w.want)) return true;
    return false;
  }

  /** This app's tasks merged with the cluster's recent tasks, newest first. */
  async list(): Promise<TaskInfo[]> {
    const cluster = await getClusterTasks(this.opts.client, this.opts.signal);
    const byUpid = new Map<string, TaskInfo>();
    for (const t of cluster) {
      if (this.heldBack(t)) continue;
      const info = this.fromCluster(t);
      byUpid.set(t.upid, info);
      this.clusterInfo.set(t.upid, info);
      // The caller has these now; the poll need not send them again.
      this.clusterSeen.set(t.upid, clusterTaskSignature(t));
    }
    for (const t of this.own.values()) byUpid.set(t.upid, t);
    return [...byUpid.values()].sort((a, b) => b.starttime - a.starttime);
  }

  private record(task: TaskInfo): void {
    this.own.delete(task.upid);
    this.own.set(task.upid, task);
    while (this.own.size > MAX_OWN_TASKS) {
      const oldest = this.own.keys().next().value;
      if (oldest === undefined) break;
      this.own.delete(oldest);
    }
    if (!this.disposed) this.opts.onTask(task);
  }

  private startFollower(task: TaskInfo): void {
    const { log } = this.opts;
    const follower = this.store.add(
      new TaskFollower(this.opts.client, task.upid, {
        pollMs: this.opts.taskPollMs,
        scheduler: this.opts.scheduler,
        onPollError: (err) => {
          this.opts.onRequestError(err);
          log('warn', `Task ${task.upid}: status poll failed: ${asDeckhandError(err).message}`);
        },
      }),
    );
    follower.done.then(
      (outcome) => {
        this.store.forget(follower);
        this.record({
          ...task,
          status: 'stopped',
          endtime: Math.floor(this.opts.now() / 1000),
          exitstatus: outcome.exitstatus,
          ok: outcome.ok,
          logTail: outcome.logTail,
        });
        this.opts.onOwnTaskEnded();
      },
      (err: unknown) => {
        this.store.forget(follower);
        if (this.disposed) return;
        log('warn', `Task ${task.upid}: ${asDeckhandError(err).message}`);
        // The task runs on regardless; follow it again once the session is back, so its end
        // (and the guest's new state) still reaches the user.
        this.unfollowed.set(task.upid, task);
      },
    );
  }

  /**
   * The resources changed (the first ones arrived, a guest was renamed): cluster tasks labelled
   * without their guest's name or type are labelled again and reported once more.
   */
  relabel(): void {
    if (this.disposed) return;
    for (const [upid, info] of this.clusterInfo) {
      if (this.own.has(upid)) continue;
      const { label, guestId } = labelTask(info.type, info.id, this.opts.guest);
      if (label === info.label && guestId === info.guestId) continue;
      const next: TaskInfo = { ...info, label };
      if (guestId) next.guestId = guestId;
      this.clusterInfo.set(upid, next);
      this.opts.onTask(next);
    }
  }

  private fromCluster(t: ClusterTaskItem): TaskInfo {
    const id = t.id ?? '';
    const { label, guestId } = labelTask(t.type, id, this.opts.guest);
    const stopped = t.endtime !== undefined;
    const info: TaskInfo = {
      profileId: this.opts.profileId,
      upid: t.upid,
      node: t.node,
      type: t.type,
      id,
      user: t.tokenid ? `${t.user}!${t.tokenid}` : t.user,
      starttime: t.starttime,
      status: stopped ? 'stopped' : 'running',
      label,
      own: false,
    };
    if (guestId) info.guestId = guestId;
    if (stopped) {
      info.endtime = t.endtime;
      if (t.status !== undefined) {
        info.exitstatus = t.status;
        info.ok = isTaskOk(t.status);
      }
    }
    return info;
  }

  private schedulePoll(): void {
    if (this.disposed || this.opts.clusterTasksIntervalMs <= 0) return;
    this.pollTimer.set(() => {
      this.poll = this.pollClusterTasks().finally(() => {
        this.poll = undefined;
        this.schedulePoll();
      });
    }, this.opts.clusterTasksIntervalMs);
  }

  /** Report cluster tasks that are new or changed since the last poll (own tasks are followed). */
  private async pollClusterTasks(): Promise<void> {
    // While offline the refresh loop owns reconnecting; this poll just waits for it.
    if (this.disposed || !this.opts.canPoll()) return;
    let cluster: ClusterTaskItem[];
    try {
      cluster = await getClusterTasks(this.opts.client, this.opts.signal);
    } catch (err) {
      if (!this.disposed) {
        this.opts.log(
          'debug',
          `Cluster tasks of ${this.opts.profileId}: ${asDeckhandError(err).message}`,
        );
      }
      return;
    }
    const seen = new Map<string, string>();
    for (const t of cluster) {
      if (this.disposed) return;
      const signature = clusterTaskSignature(t);
      seen.set(t.upid, signature);
      if (this.own.has(t.upid) || this.clusterSeen.get(t.upid) === signature) continue;
      if (this.heldBack(t)) {
        // Not seen yet: reported as someone else's later only if no write claims it.
        seen.delete(t.upid);
        continue;
      }
      const info = this.fromCluster(t);
      this.clusterInfo.set(t.upid, info);
      this.opts.onTask(info);
    }
    this.clusterSeen = seen;
    for (const upid of this.clusterInfo.keys()) if (!seen.has(upid)) this.clusterInfo.delete(upid);
  }

  /** Stop the poll and every follower, and wait for what was in flight. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const poll = this.poll;
    await this.store.dispose();
    await poll;
  }
}
