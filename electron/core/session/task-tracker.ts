// The tasks of one profile: its own (power actions) followed to their end with their log tail,
// followed again once the session is back when a follower had to give up; and the cluster's task
// list (other admins', HA, backups) read now and then, each new or changed task reported once.

import { DeckhandError } from '../../../shared/errors';
import { DisposableStore, type Disposable, type Scheduler } from '../../../shared/lifecycle';
import type { GuestResource, TaskInfo } from '../../../shared/model';
import { getClusterTasks } from '../pve/api';
import type { PveClient } from '../pve/client';
import type { ClusterTaskItem } from '../pve/schemas';
import { followTask, isTaskOk, type TaskOutcome } from '../pve/tasks';
import { asDeckhandError } from './as-error';
import { taskLabel } from './labels';
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
  private readonly own = new Map<string, TaskInfo>();
  /** Own tasks whose follower gave up (login refused, certificate changed): resumed once back. */
  private readonly unfollowed = new Map<string, TaskInfo>();
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

  /** This app's tasks merged with the cluster's recent tasks, newest first. */
  async list(): Promise<TaskInfo[]> {
    const cluster = await getClusterTasks(this.opts.client, this.opts.signal);
    const byUpid = new Map<string, TaskInfo>();
    for (const t of cluster) {
      byUpid.set(t.upid, this.fromCluster(t));
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

  private fromCluster(t: ClusterTaskItem): TaskInfo {
    const id = t.id ?? '';
    const gtype = t.type.startsWith('qm') ? 'qemu' : t.type.startsWith('vz') ? 'lxc' : undefined;
    const guestId = gtype && /^\d+$/.test(id) ? `${gtype}/${id}` : undefined;
    const guest = guestId ? this.opts.guest(guestId) : undefined;
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
      label: taskLabel(t.type, id, guest),
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
      this.opts.onTask(this.fromCluster(t));
    }
    this.clusterSeen = seen;
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
