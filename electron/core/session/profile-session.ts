// One connected profile: login, resource deltas, connection health, power actions. It composes
// the refresh loop (one GET /cluster/resources per tick) and the task tracker, and stops all it
// started in dispose(): timers, task followers, in-flight requests and the HTTP agent.

import { DeckhandError } from '../../../shared/errors';
import { DisposableStore, systemScheduler } from '../../../shared/lifecycle';
import type {
  ConnectionState,
  GuestRef,
  PowerAction,
  Resource,
  TaskInfo,
  TaskLogLine,
} from '../../../shared/model';
import type { TfaAnswer } from '../../../shared/tfa';
import { parseUpid } from '../../../shared/upid';
import { getNodeVersion, getTaskLog } from '../pve/api';
import { PveClient } from '../pve/client';
import { normalizeServerUrl } from '../../../shared/server-url';
import { loginAndLearn } from './cluster-facts';
import { ConnectionTracker, degradedReason, offlineNodesOf, type StateChange } from './connection';
import { fetchResources, InProcessPipeline } from './resource-pipeline';
import type { ProfilePipeline } from './resource-pipeline';
import type { Logger } from './logger';
import { RefreshLoop, stablePhase, type FailureVerdict } from './refresh-loop';
import { DEFAULT_SEARCH_TIMINGS } from './in-doubt';
import { TaskTracker } from './task-tracker';
import { TaskWriter } from './task-writer';
import { runPowerAction, type PowerActionParams } from './power-action';
import { judgeFailure } from './failure-verdict';
import { UnreachableNodes } from './unreachable-nodes';
import { ResourceView, changesStructure } from './resource-view';
import { AddressIndex } from '../addresses/address-index';
import { ClusterLinks, notAnswering } from '../trust/cluster-links';

import type { ProfileSessionOptions, SessionListeners } from './session-options';

export type { LogLevel, Logger } from './logger';
export type { ProfileSessionOptions, SessionListeners };

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
  /** The cluster's nodes as ways in: per-node pins and failover (electron/core/trust). */
  readonly links: ClusterLinks;

  /** The resources as the last refresh (or the profile cache) saw them (resource-view.ts). */
  private readonly items: ResourceView;
  /** Parse, validation and diff of each reply (resource-pipeline.ts; a worker where it can). */
  private readonly stage: ProfilePipeline;
  private readonly intervalMs: number;
  private readonly hiddenIntervalMs: number;
  private loggedIn = false;
  /** Nodes that answered 595/596: re-checked on each refresh that lists them online. */
  private readonly unreachable = new UnreachableNodes();
  /** The nodes the resources list as not online (kept from the last change of structure). */
  private offlineNodes: string[];
  private disposed = false;

  constructor(opts: ProfileSessionOptions) {
    this.profileId = opts.profile.id;
    this.listeners = opts.listeners;
    const scheduler = opts.scheduler ?? systemScheduler;
    this.now = opts.now ?? (() => scheduler.now());
    this.log = opts.log ?? (() => undefined);
    this.health = new ConnectionTracker(this.profileId, this.now);
    this.items = new ResourceView(this.profileId, this.log, opts.seed);
    this.offlineNodes = offlineNodesOf(this.items.values());
    if (opts.seed) {
      const { savedAt, clusterName, version, standalone } = opts.seed;
      this.health.remember({ lastRefresh: savedAt, clusterName, version, standalone });
    }
    this.intervalMs = opts.refreshIntervalMs ?? 3_000;
    this.hiddenIntervalMs = Math.max(this.intervalMs, opts.hiddenRefreshIntervalMs ?? 30_000);
    this.client = new PveClient({
      ...opts.client,
      endpoint: normalizeServerUrl(opts.profile.url),
      ...(opts.profile.fingerprint ? { fingerprint: opts.profile.fingerprint } : {}),
      credentials: opts.credentials,
      now: this.now,
      scheduler,
    });
    this.links = new ClusterLinks({
      client: this.client,
      home: this.client.transport.endpoint,
      ...(opts.profile.fingerprint ? { homePin: opts.profile.fingerprint } : {}),
      ...(opts.profile.nodeFingerprints ? { stored: opts.profile.nodeFingerprints } : {}),
      ...(opts.seed?.nodes ? { known: opts.seed.nodes } : {}),
      signal: this.abort.signal,
      log: this.log,
      onPins: (pins) => this.listeners.nodePins?.(pins),
    });
    // The host's pipeline (shared by its sessions), else an in-process one of this session's.
    const pipeline = opts.resourcePipeline ?? this.store.add(new InProcessPipeline());
    this.stage = this.store.add(pipeline.open());
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
        guest: (id) => this.items.guest(id),
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
      guest: (id) => this.items.guest(id),
      log: this.log,
      onRequestError: (err) => this.noteUnreachable(err),
      closed: () => this.disposed,
    });
    this.loop = this.store.add(
      new RefreshLoop({
        intervalMs: this.intervalMs,
        // Profiles tick at their own point of the interval, not all at once.
        phase: stablePhase(this.profileId),
        offlineBackoff: opts.offlineBackoff ?? { baseMs: 3_000, capMs: 60_000 },
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

  snapshot(): { seq: number; items: Resource[]; stale?: { savedAt: number } } {
    return this.items.snapshot();
  }

  /**
   * Whether a window shows this profile: hidden, the loop slows down; shown again, it refreshes
   * at once and keeps the usual pace.
   */
  setVisible(visible: boolean): void {
    if (this.disposed) return;
    this.loop.setIntervalMs(visible ? this.intervalMs : this.hiddenIntervalMs);
    if (visible && this.loop.started) this.loop.soon();
  }

  /** A refresh as soon as possible (a window got the focus): never two at once. */
  refreshSoon(): void {
    if (!this.disposed && this.loop.started) this.loop.soon();
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
    this.items.needSnapshot = true;
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

  /** Speak to `node` (default: the profile's own server) again, as the user asked; then refresh. */
  async preferNode(node?: string): Promise<void> {
    if (this.disposed) return;
    await this.loop.reset();
    await this.links.moveTo(node);
    await this.reconnect();
  }

  /** The user approved a cluster node's new certificate: pin it, save it, connect again. */
  async approveNode(node: string, fingerprint: string): Promise<void> {
    if (this.disposed) return;
    this.links.pins.approve(node, fingerprint);
    this.listeners.nodePins?.(this.links.pins.toJSON());
    await this.loop.reset();
    if (this.links.via === node) await this.links.moveTo(node);
    await this.reconnect();
  }

  /** One cycle of the loop: log in if needed, refresh, and resume tasks left unfollowed. */
  private async cycle(): Promise<void> {
    try {
      await this.cycleOnce();
    } catch (err) {
      // The node spoken to stopped answering: carry on through another node of the cluster.
      if (this.disposed || !notAnswering(err) || !(await this.links.failover())) throw err;
      await this.cycleOnce();
    }
  }

  private async cycleOnce(): Promise<void> {
    if (!this.loggedIn) await this.connect();
    await this.refresh();
    await this.links.observe(this.items.nodeNames());
    await this.recheckUnreachable();
    this.taskTracker.resumeUnfollowed();
  }

  private async connect(): Promise<void> {
    const facts = await loginAndLearn(this.client, this.abort.signal, () => this.links.learn());
    this.loggedIn = true;
    this.items.needSnapshot = true;
    if (this.health.identify(facts)) this.emitState();
    this.log(
      'info',
      `Connected profile ${this.profileId} as ${facts.identity} (PVE ${facts.version})`,
    );
  }

  private async refresh(): Promise<void> {
    const signal = this.abort.signal;
    const r = await fetchResources(this.client, this.stage, this.items.needSnapshot, signal);
    if (this.disposed) return;
    this.health.markRefreshed();
    const event = this.items.take(r);
    const structural = changesStructure(event);
    if (event) this.listeners.resources(event);
    if (structural) {
      this.taskTracker.relabel();
      this.offlineNodes = offlineNodesOf(this.items.values());
    }
    this.addresses.observe(this.items.values(), structural);
    this.updateHealth();
  }

  /** online or degraded, from the nodes' states and recent 595/596 answers. */
  private updateHealth(): void {
    const offline = this.offlineNodes;
    const unreachable = this.unreachable.list();
    const all = [...new Set([...offline, ...unreachable])].sort();
    const via = this.links.via;
    const reason = [this.links.reason(), degradedReason(offline, unreachable)]
      .filter(Boolean)
      .join('; ');
    this.setState(
      reason
        ? { status: 'degraded', reason, offlineNodes: all, ...(via ? { via } : {}) }
        : { status: 'online', offlineNodes: [] },
    );
  }

  /** What a failed cycle means for the user and for the loop's next try. */
  private onFailure(err: DeckhandError, failures: number): FailureVerdict {
    this.log('warn', `Profile ${this.profileId}: ${err.message}`);
    const outcome = judgeFailure(
      err,
      failures,
      this.state.status,
      this.client.transport.endpoint.baseUrl,
    );
    if (outcome.relogin) this.loggedIn = false;
    if (outcome.snapshot) this.items.needSnapshot = true;
    this.setState(outcome.state);
    return outcome.verdict;
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
  action(ref: GuestRef, action: PowerAction, params: PowerActionParams = {}): Promise<TaskInfo> {
    if (this.disposed) throw new DeckhandError({ kind: 'internal', message: 'Session closed' });
    return runPowerAction(
      {
        profileId: this.profileId,
        client: this.client,
        tracker: this.taskTracker,
        signal: this.abort.signal,
        log: this.log,
        guest: (id) => this.items.guest(id),
        version: () => this.health.current.version,
        closed: () => this.disposed,
        onRequestError: (err) => this.noteUnreachable(err),
        onNodeAnswered: (node) => {
          if (this.unreachable.delete(node)) this.updateHealth();
        },
      },
      ref,
      action,
      params,
    );
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
