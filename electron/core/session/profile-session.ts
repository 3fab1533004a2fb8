// One connected profile: login, the refresh loop (one GET /cluster/resources per tick), resource
// deltas, connection state, power actions and the tasks they start. Everything it starts it stops
// in dispose(): timers, task followers, in-flight requests and the HTTP agent.

import { DeckhandError } from '../../../shared/errors';
import type {
  ConnectionState,
  GuestRef,
  GuestResource,
  PowerAction,
  ProfileAuthInput,
  ProfileInfo,
  Resource,
  ResourceEvent,
  TaskInfo,
  TaskLogLine,
} from '../../../shared/model';
import { parseUpid } from '../../../shared/upid';
import {
  getClusterStatus,
  getClusterTasks,
  getResources,
  getTaskLog,
  getVersion,
  postPowerAction,
} from '../pve/api';
import { backoffDelay, type BackoffPolicy } from '../../../shared/backoff';
import { PveClient, type PveClientOptions } from '../pve/client';
import type { PveParams } from '../pve/form';
import type { ClusterTaskItem } from '../pve/schemas';
import { followTask, isTaskOk } from '../pve/tasks';
import { normalizeServerUrl } from '../../../shared/server-url';
import { ConnectionTracker, degradedReason, offlineNodesOf } from './connection';
import { diffResources, isEmptyDiff } from './diff';
import { actionLabel, taskLabel } from './labels';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, message: string) => void;

export interface SessionListeners {
  connection(state: ConnectionState): void;
  resources(event: ResourceEvent): void;
  task(task: TaskInfo): void;
}

export interface ProfileSessionOptions {
  profile: ProfileInfo;
  credentials: ProfileAuthInput;
  listeners: SessionListeners;
  /** Refresh period (ms). Default 3000, like the PVE web UI. */
  refreshIntervalMs?: number;
  /** Task status poll period (ms). Default 1000. */
  taskPollMs?: number;
  /**
   * How often the cluster's task list (other admins', HA, backups) is read (ms); 0 turns it off.
   * Default 15000: slower than resources, since tasks change far less often than stats.
   */
  clusterTasksIntervalMs?: number;
  now?: () => number;
  log?: Logger;
  /** Pause between attempts while offline (full jitter, added to the refresh interval). */
  offlineBackoff?: BackoffPolicy;
  /** Client tuning: timeouts, retries, ticket renewal age. */
  client?: Pick<
    PveClientOptions,
    'timeoutMs' | 'connectTimeoutMs' | 'getRetries' | 'retryBackoff' | 'renewAfterMs' | 'random'
  >;
}

/** Consecutive failed ticks after which a connected session counts as offline, not degraded. */
const FAILURES_BEFORE_OFFLINE = 3;
/** How long a node that answered 595/596 is shown unreachable without further news. */
const UNREACHABLE_MEMORY_MS = 60_000;
/** Followed tasks kept for tasks.list. */
const MAX_OWN_TASKS = 200;

const SHUTDOWN_PARAMS = new Set(['timeout', 'forceStop']);
const REBOOT_PARAMS = new Set(['timeout']);

function asDeckhandError(err: unknown): DeckhandError {
  if (err instanceof DeckhandError) return err;
  return new DeckhandError(
    { kind: 'internal', message: err instanceof Error ? err.message : String(err) },
    { cause: err },
  );
}

/** What changes in a cluster task's entry as it runs and ends. */
function clusterTaskSignature(t: ClusterTaskItem): string {
  return `${t.endtime ?? ''}:${t.status ?? ''}`;
}

export class ProfileSession {
  readonly profileId: string;
  private readonly profile: ProfileInfo;
  private readonly client: PveClient;
  private readonly listeners: SessionListeners;
  private readonly refreshIntervalMs: number;
  private readonly taskPollMs: number;
  private readonly clusterTasksIntervalMs: number;
  private clusterTasksTimer: NodeJS.Timeout | undefined;
  private clusterTasksPoll: Promise<void> | undefined;
  /** upid → status/exitstatus last reported, so only new and changed cluster tasks are sent. */
  private clusterTasksSeen = new Map<string, string>();
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly offlineBackoff: BackoffPolicy;
  private readonly tracker: ConnectionTracker;
  private abort = new AbortController();

  private items = new Map<string, Resource>();
  private seq = 0;
  private needSnapshot = true;
  private loggedIn = false;
  private failures = 0;
  private unreachable = new Map<string, number>();
  private readonly ownTasks = new Map<string, TaskInfo>();
  private readonly followers = new Set<Promise<void>>();
  /** Own tasks whose follower gave up (login refused, certificate changed): resumed once back. */
  private readonly unfollowed = new Map<string, TaskInfo>();

  private started = false;
  /** Set after an auth or TLS failure: retrying cannot help until the user acts. */
  private halted = false;
  private disposed = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<DeckhandError | undefined> | undefined;
  private again = false;

  constructor(opts: ProfileSessionOptions) {
    this.profile = opts.profile;
    this.profileId = opts.profile.id;
    this.listeners = opts.listeners;
    this.refreshIntervalMs = opts.refreshIntervalMs ?? 3_000;
    this.taskPollMs = opts.taskPollMs ?? 1_000;
    this.clusterTasksIntervalMs = opts.clusterTasksIntervalMs ?? 15_000;
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? (() => undefined);
    this.offlineBackoff = opts.offlineBackoff ?? { baseMs: 2_000, capMs: 60_000 };
    this.tracker = new ConnectionTracker(this.profileId, this.now);
    this.client = new PveClient({
      ...opts.client,
      endpoint: normalizeServerUrl(opts.profile.url),
      ...(opts.profile.fingerprint ? { fingerprint: opts.profile.fingerprint } : {}),
      credentials: opts.credentials,
      now: this.now,
    });
  }

  /** Start the refresh loop (first tick at once). */
  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    this.emitState();
    this.schedule(0);
    this.scheduleClusterTasks();
  }

  /** The logged-in client, for consoles (which open their own sockets with its credentials). */
  get api(): PveClient {
    return this.client;
  }

  /** One resource as the last refresh saw it. */
  resource(id: string): Resource | undefined {
    return this.items.get(id);
  }

  get state(): ConnectionState {
    return this.tracker.current;
  }

  snapshot(): { seq: number; items: Resource[] } {
    return { seq: this.seq, items: [...this.items.values()] };
  }

  /**
   * One refresh cycle now (login first if needed): exactly one GET /cluster/resources. Waits for
   * a cycle already in flight, so cycles never overlap. Rejects with the cycle's error.
   */
  async tick(): Promise<void> {
    if (this.running) await this.running;
    const err = await this.cycle();
    if (err) throw err;
  }

  /** Log in again from scratch with fresh connections (after fixing credentials, or offline). */
  async reconnect(): Promise<void> {
    if (this.disposed) return;
    this.halted = false;
    this.failures = 0;
    this.loggedIn = false;
    this.needSnapshot = true;
    clearTimeout(this.timer);
    if (this.running) await this.running;
    // dispose() may have run while we waited: a closed session must not come back to life.
    if (this.disposed) return;
    await this.client.transport.resetConnections();
    if (this.disposed) return;
    this.setState({ status: 'connecting' });
    this.started = true;
    await this.cycle();
  }

  private schedule(delayMs: number): void {
    if (!this.started || this.halted || this.disposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.cycle(), delayMs);
    // The loop alone must never keep the process alive.
    this.timer.unref();
  }

  /** Refresh again as soon as possible (after a task ended), without overlapping cycles. */
  private refreshSoon(): void {
    if (this.halted || this.disposed) return;
    if (this.running) this.again = true;
    else void this.cycle();
  }

  private cycle(): Promise<DeckhandError | undefined> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    clearTimeout(this.timer);
    const run = async (): Promise<DeckhandError | undefined> => {
      let next: number | undefined;
      let failure: DeckhandError | undefined;
      try {
        if (!this.loggedIn) await this.connect();
        await this.refresh();
        this.failures = 0;
        this.resumeFollowers();
        next = this.refreshIntervalMs;
      } catch (err) {
        failure = asDeckhandError(err);
        next = this.onFailure(failure);
      }
      this.running = undefined;
      if (this.again) {
        this.again = false;
        if (next !== undefined) next = 0;
      }
      if (next !== undefined) this.schedule(next);
      return failure;
    };
    this.running = run();
    return this.running;
  }

  private async connect(): Promise<void> {
    const signal = this.abort.signal;
    const login = await this.client.login(signal);
    const version = await getVersion(this.client, signal);
    let clusterName = login.clusterName;
    try {
      clusterName ??= (await getClusterStatus(this.client, signal)).clusterName;
    } catch (err) {
      // Users without Sys.Audit on / cannot read it; the cluster name is a nicety.
      if (!(err instanceof DeckhandError && err.kind === 'permission')) throw err;
    }
    this.loggedIn = true;
    this.needSnapshot = true;
    const facts = {
      identity: login.identity,
      version,
      ...(clusterName ? { clusterName } : {}),
    };
    if (this.tracker.identify(facts)) this.emitState();
    this.log('info', `Connected profile ${this.profileId} as ${login.identity} (PVE ${version})`);
  }

  private async refresh(): Promise<void> {
    const { items, invalid } = await getResources(this.client, this.abort.signal);
    if (this.disposed) return;
    if (invalid > 0) {
      this.log('warn', `Profile ${this.profileId}: skipped ${invalid} malformed resource item(s)`);
    }
    this.tracker.markRefreshed();
    if (this.needSnapshot) {
      this.items = new Map(items.map((r) => [r.id, r]));
      this.needSnapshot = false;
      this.seq++;
      this.listeners.resources({
        kind: 'snapshot',
        profileId: this.profileId,
        seq: this.seq,
        items,
      });
    } else {
      const diff = diffResources(this.items, items);
      if (!isEmptyDiff(diff)) {
        this.items = new Map(items.map((r) => [r.id, r]));
        this.seq++;
        this.listeners.resources({
          kind: 'delta',
          profileId: this.profileId,
          seq: this.seq,
          ...diff,
        });
      }
    }
    this.updateHealth();
  }

  /** online or degraded, from the nodes' states and recent 595/596 answers. */
  private updateHealth(): void {
    const now = this.now();
    for (const [node, until] of this.unreachable) if (until <= now) this.unreachable.delete(node);
    const offline = offlineNodesOf(this.items.values());
    const unreachable = [...this.unreachable.keys()].sort();
    const all = [...new Set([...offline, ...unreachable])].sort();
    const reason = degradedReason(offline, unreachable);
    this.setState(
      reason
        ? { status: 'degraded', reason, offlineNodes: all }
        : { status: 'online', offlineNodes: [] },
    );
  }

  /** Decide what a failed cycle means; returns the delay before the next try, or none. */
  private onFailure(err: DeckhandError): number | undefined {
    if (this.disposed) return undefined;
    this.log('warn', `Profile ${this.profileId}: ${err.message}`);
    if (err.kind === 'auth' || err.kind === 'tls') {
      // Retrying would only repeat the refusal (and lock accounts); wait for session.reconnect.
      this.halted = true;
      this.loggedIn = false;
      this.needSnapshot = true;
      this.setState({
        status: 'offline',
        reason: err.message,
        errorKind: err.kind,
        ...(err.fingerprint !== undefined ? { fingerprint: err.fingerprint } : {}),
        ...(err.expectedFingerprint !== undefined
          ? { expectedFingerprint: err.expectedFingerprint }
          : {}),
      });
      return undefined;
    }
    this.failures++;
    const wasUp = this.state.status === 'online' || this.state.status === 'degraded';
    if (wasUp && this.failures < FAILURES_BEFORE_OFFLINE) {
      this.setState({
        status: 'degraded',
        reason: `Refresh failed, retrying: ${err.message}`,
        errorKind: err.kind,
      });
      return this.refreshIntervalMs;
    }
    this.needSnapshot = true;
    this.setState({ status: 'offline', reason: err.message, errorKind: err.kind });
    return this.refreshIntervalMs + backoffDelay(this.failures, this.offlineBackoff);
  }

  private setState(change: Parameters<ConnectionTracker['update']>[0]): void {
    if (this.tracker.update(change)) this.emitState();
  }

  private emitState(): void {
    if (!this.disposed) this.listeners.connection(this.tracker.current);
  }

  private noteUnreachable(err: unknown): void {
    if (err instanceof DeckhandError && err.kind === 'unreachable' && err.node) {
      this.unreachable.set(err.node, this.now() + UNREACHABLE_MEMORY_MS);
      this.updateHealth();
    }
  }

  // ---- power actions and tasks ----

  private powerParams(
    ref: GuestRef,
    action: PowerAction,
    params: Record<string, unknown>,
  ): PveParams {
    const allowed =
      action === 'shutdown' ? SHUTDOWN_PARAMS : action === 'reboot' ? REBOOT_PARAMS : new Set();
    for (const key of Object.keys(params)) {
      if (!allowed.has(key)) {
        throw new DeckhandError({
          kind: 'validation',
          message: `'${key}' is not a parameter of ${action}`,
        });
      }
    }
    if (ref.type === 'lxc' && action === 'reset') {
      throw new DeckhandError({ kind: 'validation', message: 'Containers cannot be reset' });
    }
    return params as PveParams;
  }

  /** Run a power action; resolves once PVE returned the task's UPID, then follows the task. */
  async action(
    ref: GuestRef,
    action: PowerAction,
    params: { timeout?: number; forceStop?: boolean } = {},
  ): Promise<TaskInfo> {
    if (this.disposed) throw new DeckhandError({ kind: 'internal', message: 'Session closed' });
    const pveParams = this.powerParams(ref, action, params);
    const guestId = `${ref.type}/${ref.vmid}`;
    const guest = this.items.get(guestId) as GuestResource | undefined;
    let upid: string;
    try {
      upid = await postPowerAction(this.client, ref, action, pveParams, this.abort.signal);
    } catch (err) {
      this.noteUnreachable(err);
      throw err;
    }
    const parsed = parseUpid(upid);
    if (!parsed) throw new DeckhandError({ kind: 'protocol', message: `Not a task id: ${upid}` });
    if (this.unreachable.delete(ref.node)) this.updateHealth();
    const task: TaskInfo = {
      profileId: this.profileId,
      upid,
      node: parsed.node,
      type: parsed.type,
      id: parsed.id,
      user: parsed.user,
      starttime: parsed.starttime,
      status: 'running',
      label: actionLabel(action, ref.type, ref.vmid, guest?.name),
      guestId,
      own: true,
    };
    this.recordTask(task);
    this.follow(task);
    return task;
  }

  private recordTask(task: TaskInfo): void {
    this.ownTasks.delete(task.upid);
    this.ownTasks.set(task.upid, task);
    while (this.ownTasks.size > MAX_OWN_TASKS) {
      const oldest = this.ownTasks.keys().next().value;
      if (oldest === undefined) break;
      this.ownTasks.delete(oldest);
    }
    if (!this.disposed) this.listeners.task(task);
  }

  private follow(task: TaskInfo): void {
    const done = followTask(this.client, task.upid, {
      pollMs: this.taskPollMs,
      signal: this.abort.signal,
      onPollError: (err) => {
        this.noteUnreachable(err);
        this.log('warn', `Task ${task.upid}: status poll failed: ${asDeckhandError(err).message}`);
      },
    }).then(
      (outcome) => {
        this.recordTask({
          ...task,
          status: 'stopped',
          endtime: Math.floor(this.now() / 1000),
          exitstatus: outcome.exitstatus,
          ok: outcome.ok,
          logTail: outcome.logTail,
        });
        // The guest's row should change at once, not at the next tick.
        this.refreshSoon();
      },
      (err: unknown) => {
        if (this.disposed) return;
        this.log('warn', `Task ${task.upid}: ${asDeckhandError(err).message}`);
        // The task runs on regardless; follow it again once the session is back, so its end
        // (and the guest's new state) still reaches the user.
        this.unfollowed.set(task.upid, task);
      },
    );
    this.followers.add(done);
    void done.finally(() => this.followers.delete(done));
  }

  private resumeFollowers(): void {
    if (this.unfollowed.size === 0 || this.disposed) return;
    const tasks = [...this.unfollowed.values()];
    this.unfollowed.clear();
    for (const task of tasks) this.follow(task);
  }

  private taskFromCluster(t: ClusterTaskItem): TaskInfo {
    const id = t.id ?? '';
    const gtype = t.type.startsWith('qm') ? 'qemu' : t.type.startsWith('vz') ? 'lxc' : undefined;
    const guestId = gtype && /^\d+$/.test(id) ? `${gtype}/${id}` : undefined;
    const guest = guestId ? (this.items.get(guestId) as GuestResource | undefined) : undefined;
    const stopped = t.endtime !== undefined;
    const info: TaskInfo = {
      profileId: this.profileId,
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

  private scheduleClusterTasks(): void {
    if (this.disposed || this.clusterTasksIntervalMs <= 0) return;
    clearTimeout(this.clusterTasksTimer);
    this.clusterTasksTimer = setTimeout(() => {
      this.clusterTasksPoll = this.pollClusterTasks().finally(() => {
        this.clusterTasksPoll = undefined;
        this.scheduleClusterTasks();
      });
    }, this.clusterTasksIntervalMs);
    this.clusterTasksTimer.unref();
  }

  /** Report cluster tasks that are new or changed since the last poll (own tasks are followed). */
  private async pollClusterTasks(): Promise<void> {
    // While offline the refresh loop owns reconnecting; this poll just waits for it.
    if (!this.loggedIn || this.halted || this.disposed) return;
    let cluster: ClusterTaskItem[];
    try {
      cluster = await getClusterTasks(this.client, this.abort.signal);
    } catch (err) {
      if (!this.disposed) {
        this.log('debug', `Cluster tasks of ${this.profileId}: ${asDeckhandError(err).message}`);
      }
      return;
    }
    const seen = new Map<string, string>();
    for (const t of cluster) {
      if (this.disposed) return;
      const signature = clusterTaskSignature(t);
      seen.set(t.upid, signature);
      if (this.ownTasks.has(t.upid) || this.clusterTasksSeen.get(t.upid) === signature) continue;
      this.listeners.task(this.taskFromCluster(t));
    }
    this.clusterTasksSeen = seen;
  }

  /** This app's tasks merged with the cluster's recent tasks, newest first. */
  async tasks(): Promise<TaskInfo[]> {
    const cluster = await getClusterTasks(this.client, this.abort.signal);
    const byUpid = new Map<string, TaskInfo>();
    for (const t of cluster) {
      byUpid.set(t.upid, this.taskFromCluster(t));
      // The caller has these now; the poll need not send them again.
      this.clusterTasksSeen.set(t.upid, clusterTaskSignature(t));
    }
    for (const t of this.ownTasks.values()) byUpid.set(t.upid, t);
    return [...byUpid.values()].sort((a, b) => b.starttime - a.starttime);
  }

  async taskLog(
    upid: string,
    window: { start?: number; limit?: number },
  ): Promise<{ lines: TaskLogLine[]; total: number }> {
    const parsed = parseUpid(upid);
    if (!parsed) throw new DeckhandError({ kind: 'validation', message: `Not a task id: ${upid}` });
    try {
      return await getTaskLog(this.client, parsed.node, upid, window, this.abort.signal);
    } catch (err) {
      this.noteUnreachable(err);
      throw err;
    }
  }

  /** Stop the loop and followers, abort requests, close every socket. Idempotent. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.timer);
    clearTimeout(this.clusterTasksTimer);
    this.abort.abort(new DeckhandError({ kind: 'internal', message: 'Session closed' }));
    await Promise.allSettled([this.running, this.clusterTasksPoll, ...this.followers]);
    await this.client.close();
  }
}
