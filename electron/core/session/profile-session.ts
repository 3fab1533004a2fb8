// One connected profile: login, resource deltas, connection health, power actions. It composes
// the refresh loop (one GET /cluster/resources per tick) and the task tracker, and stops all it
// started in dispose(): timers, task followers, in-flight requests and the HTTP agent.

import { DeckhandError } from '../../../shared/errors';
import { DisposableStore, systemScheduler } from '../../../shared/lifecycle';
import type {
  ConnectionState,
  GuestRef,
  GuestResource,
  PowerAction,
  Resource,
  TaskInfo,
  TaskLogLine,
} from '../../../shared/model';
import type { TfaAnswer } from '../../../shared/tfa';
import { parseUpid } from '../../../shared/upid';
import {
  getClusterStatus,
  getNodeVersion,
  getResources,
  getTaskLog,
  getVersion,
  postPowerAction,
} from '../pve/api';
import { PveClient } from '../pve/client';
import { isInDoubt, RequestInDoubt } from '../pve/errors';
import { normalizeServerUrl } from '../../../shared/server-url';
import { ConnectionTracker, degradedReason, offlineNodesOf, type StateChange } from './connection';
import { diffResources, isEmptyDiff } from './diff';
import { actionLabel } from './labels';
import type { Logger } from './logger';
import { powerParams } from './power-params';
import { RefreshLoop, type FailureVerdict } from './refresh-loop';
import { DEFAULT_SEARCH_TIMINGS } from './in-doubt';
import { TaskTracker } from './task-tracker';
import { TaskWriter } from './task-writer';
import { UnreachableNodes } from './unreachable-nodes';
import { AddressIndex } from '../addresses/address-index';

import type { ProfileSessionOptions, SessionListeners } from './session-options';

export type { LogLevel, Logger } from './logger';
export type { ProfileSessionOptions, SessionListeners };

/** Consecutive failed ticks after which a connected session counts as offline, not degraded. */
const FAILURES_BEFORE_OFFLINE = 3;

export class ProfileSession {
  readonly profileId: string;
  private readonly client: PveClient;
  private readonly listeners: SessionListeners;
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly health: ConnectionTracker;
  private readonly store = new DisposableStore('ProfileSession');
  private readonly loop: RefreshLoop;
  private readonly taskTracker: TaskTracker;
  /** Writes beside the power actions that start a task (snapshots): followed, never sent twice. */
  readonly writes: TaskWriter;
  private readonly abort = new AbortController();
  /** Guests' and nodes' addresses, read in the background (electron/core/addresses). */
  readonly addresses: AddressIndex;

  private items = new Map<string, Resource>();
  private seq = 0;
  private needSnapshot = true;
  private loggedIn = false;
  /** Nodes that answered 595/596: re-checked on each refresh that lists them online. */
  private readonly unreachable = new UnreachableNodes();
  private disposed = false;

  constructor(opts: ProfileSessionOptions) {
    this.profileId = opts.profile.id;
    this.listeners = opts.listeners;
    const scheduler = opts.scheduler ?? systemScheduler;
    this.now = opts.now ?? (() => scheduler.now());
    this.log = opts.log ?? (() => undefined);
    this.health = new ConnectionTracker(this.profileId, this.now);
    this.client = new PveClient({
      ...opts.client,
      endpoint: normalizeServerUrl(opts.profile.url),
      ...(opts.profile.fingerprint ? { fingerprint: opts.profile.fingerprint } : {}),
      credentials: opts.credentials,
      now: this.now,
      scheduler,
    });
    this.taskTracker = this.store.add(
      new TaskTracker({
        profileId: this.profileId,
        client: this.client,
        signal: this.abort.signal,
        scheduler,
        now: this.now,
        log: this.log,
        taskPollMs: opts.taskPollMs ?? 1_000,
        clusterTasksIntervalMs: opts.clusterTasksIntervalMs ?? 15_000,
        guest: (id) => this.items.get(id) as GuestResource | undefined,
        canPoll: () => this.loggedIn && !this.loop.halted,
        onTask: (task) => this.listeners.task(task),
        onOwnTaskEnded: () => this.loop.soon(),
        onRequestError: (err) => this.noteUnreachable(err),
        inDoubtTimings: { ...DEFAULT_SEARCH_TIMINGS, ...opts.inDoubtSearch },
      }),
    );
    this.writes = new TaskWriter({
      profileId: this.profileId,
      tracker: this.taskTracker,
      guest: (id) => this.items.get(id) as GuestResource | undefined,
      log: this.log,
      onRequestError: (err) => this.noteUnreachable(err),
      closed: () => this.disposed,
    });
    this.loop = this.store.add(
      new RefreshLoop({
        intervalMs: opts.refreshIntervalMs ?? 3_000,
        offlineBackoff: opts.offlineBackoff ?? { baseMs: 2_000, capMs: 60_000 },
        scheduler,
        cycle: () => this.cycle(),
        onFailure: (err, failures) => this.onFailure(err, failures),
      }),
    );
    this.addresses = this.store.add(
      new AddressIndex({
        profileId: this.profileId,
        client: this.client,
        scheduler,
        now: this.now,
        signal: this.abort.signal,
        log: this.log,
        canFetch: () => this.loggedIn && !this.loop.halted,
        onChange: (e) => this.listeners.addresses?.(e),
        ...(opts.addressTimings ? { timings: opts.addressTimings } : {}),
      }),
    );
  }

  /** Start the refresh loop (first tick at once). */
  start(): void {
    if (this.loop.started || this.disposed) return;
    this.emitState();
    this.loop.start();
    this.taskTracker.start();
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
    return this.health.current;
  }

  snapshot(): { seq: number; items: Resource[] } {
    return { seq: this.seq, items: [...this.items.values()] };
  }

  /**
   * One refresh cycle now (login first if needed): exactly one GET /cluster/resources. Waits for
   * a cycle already in flight, so cycles never overlap. Rejects with the cycle's error.
   */
  tick(): Promise<void> {
    return this.loop.tick();
  }

  /** Log in again from scratch with fresh connections (after fixing credentials, or offline). */
  async reconnect(): Promise<void> {
    if (this.disposed) return;
    this.loggedIn = false;
    this.needSnapshot = true;
    await this.loop.reset();
    // dispose() may have run while we waited: a closed session must not come back to life.
    if (this.disposed) return;
    await this.client.transport.resetConnections();
    if (this.disposed) return;
    this.setState({ status: 'connecting' });
    await this.loop.resume();
  }

  /**
   * Answer the second factor this profile's login waits for (TOTP code or recovery key), then
   * connect with the ticket it gives. A refused code rejects (kind 'tfa') and changes nothing.
   */
  async answerTfa(answer: TfaAnswer): Promise<void> {
    if (this.disposed) return;
    await this.client.answerTfa(answer, this.abort.signal);
    await this.reconnect();
  }

  /** One cycle of the loop: log in if needed, refresh, and resume tasks left unfollowed. */
  private async cycle(): Promise<void> {
    if (!this.loggedIn) await this.connect();
    await this.refresh();
    await this.recheckUnreachable();
    this.taskTracker.resumeUnfollowed();
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
    if (this.health.identify(facts)) this.emitState();
    this.log('info', `Connected profile ${this.profileId} as ${login.identity} (PVE ${version})`);
  }

  private async refresh(): Promise<void> {
    const { items, invalid } = await getResources(this.client, this.abort.signal);
    if (this.disposed) return;
    if (invalid > 0) {
      this.log('warn', `Profile ${this.profileId}: skipped ${invalid} malformed resource item(s)`);
    }
    this.health.markRefreshed();
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
      this.taskTracker.relabel();
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
        this.taskTracker.relabel();
      }
    }
    this.addresses.observe(this.items.values());
    this.updateHealth();
  }

  /** online or degraded, from the nodes' states and recent 595/596 answers. */
  private updateHealth(): void {
    const offline = offlineNodesOf(this.items.values());
    const unreachable = this.unreachable.list();
    const all = [...new Set([...offline, ...unreachable])].sort();
    const reason = degradedReason(offline, unreachable);
    this.setState(
      reason
        ? { status: 'degraded', reason, offlineNodes: all }
        : { status: 'online', offlineNodes: [] },
    );
  }

  /** What a failed cycle means for the user and for the loop's next try. */
  private onFailure(err: DeckhandError, failures: number): FailureVerdict {
    this.log('warn', `Profile ${this.profileId}: ${err.message}`);
    if (err.kind === 'auth' || err.kind === 'tls' || err.kind === 'tfa') {
      // Retrying would only repeat the refusal (and lock accounts); wait for session.reconnect.
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
        ...(err.tfa !== undefined ? { tfa: err.tfa } : {}),
      });
      return 'halt';
    }
    const wasUp = this.state.status === 'online' || this.state.status === 'degraded';
    if (wasUp && failures < FAILURES_BEFORE_OFFLINE) {
      this.setState({
        status: 'degraded',
        reason: `Refresh failed, retrying: ${err.message}`,
        errorKind: err.kind,
      });
      return 'retry';
    }
    this.needSnapshot = true;
    this.setState({ status: 'offline', reason: err.message, errorKind: err.kind });
    return 'back-off';
  }

  private setState(change: StateChange): void {
    if (this.health.update(change)) this.emitState();
  }

  private emitState(): void {
    if (!this.disposed) this.listeners.connection(this.health.current);
  }

  /** One request to each unreachable node the cluster lists online; clear those that answer. */
  private async recheckUnreachable(): Promise<void> {
    const probe = (node: string) => getNodeVersion(this.client, node, this.abort.signal);
    if (await this.unreachable.recheck(this.items.values(), probe)) this.updateHealth();
  }

  private noteUnreachable(err: unknown): void {
    if (err instanceof DeckhandError && err.kind === 'unreachable' && err.node) {
      if (this.unreachable.add(err.node)) this.updateHealth();
    }
  }

  // ---- power actions and tasks ----

  /**
   * Run a power action; resolves once PVE returned the task's UPID, then follows the task. When
   * the request may have reached PVE but no sound reply came (lost, late, malformed), it is not
   * sent again: it resolves with an `in-doubt` placeholder and looks for the task (task-tracker).
   */
  async action(
    ref: GuestRef,
    action: PowerAction,
    params: { timeout?: number; forceStop?: boolean } = {},
  ): Promise<TaskInfo> {
    if (this.disposed) throw new DeckhandError({ kind: 'internal', message: 'Session closed' });
    const pveParams = powerParams(ref, action, params);
    const guestId = `${ref.type}/${ref.vmid}`;
    const guest = this.items.get(guestId) as GuestResource | undefined;
    const label = actionLabel(action, ref.type, ref.vmid, guest?.name);
    const write = this.taskTracker.beginWrite(ref, action);
    let upid: string;
    let parsed: ReturnType<typeof parseUpid>;
    try {
      upid = await postPowerAction(this.client, ref, action, pveParams, this.abort.signal);
      parsed = parseUpid(upid);
      if (!parsed) {
        // PVE may have started a task anyway: the answer says nothing sure.
        throw new RequestInDoubt(
          new DeckhandError({ kind: 'protocol', message: `Not a task id: ${upid}` }),
        );
      }
    } catch (err) {
      this.noteUnreachable(err);
      if (!isInDoubt(err) || this.disposed) {
        this.taskTracker.endWrite(write);
        throw err;
      }
      this.log('warn', `Profile ${this.profileId}: ${label} in doubt: ${err.message}`);
      return this.taskTracker.resolveInDoubt(write, {
        label,
        guestId,
        action,
        before: guest,
        cause: err,
      });
    }
    this.taskTracker.endWrite(write);
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
      label,
      guestId,
      own: true,
    };
    this.taskTracker.follow(task);
    return task;
  }

  /** This app's tasks merged with the cluster's recent tasks, newest first. */
  tasks(): Promise<TaskInfo[]> {
    return this.taskTracker.list();
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
    this.abort.abort(new DeckhandError({ kind: 'internal', message: 'Session closed' }));
    // The loop and the tracker settle (their cycles, polls and followers) before the client goes.
    await this.store.dispose();
    await this.client.dispose();
  }
}
