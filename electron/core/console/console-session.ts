// One console as a window sees it: its state and generation, every change reported with a reason
// a user understands, reconnects, input and resizes, output relayed with flow control, and the
// recent output replayed to a window that takes it over. Each connection to PVE is a
// ConsoleConnection; what the user reads about a failure comes from console-failures.

import { DisposableStore, systemScheduler, type Scheduler } from '../../../shared/lifecycle';
import type { ConsoleInfo, ConsoleTarget, GuestResource } from '../../../shared/model';
import { parseUpid } from '../../../shared/upid';
import { getTaskStatus } from '../pve/api';
import type { PveClient } from '../pve/client';
import {
  ConsoleConnection,
  DEFAULT_CONSOLE_TIMINGS,
  type ConnectionEnd,
  type ConsoleTimings,
} from './console-connection';
import {
  closeFailure,
  earlyCloseFailure,
  openFailure,
  precheckFailure,
  type ConsoleFailure,
} from './console-failures';
import { FlowControl } from './flow-control';
import { ReplayBuffer } from './replay-buffer';
import { tokenConsoleRefusal } from './token-consoles';

export type { ConsoleTimings } from './console-connection';

export interface ConsoleSessionDeps {
  consoleId: string;
  target: ConsoleTarget;
  title: string;
  label: string;
  /** The client consoles of this profile use now (the session's, or a console login). */
  client(): PveClient;
  /** The guest as the last refresh saw it (undefined for node shells or unknown guests). */
  guest(): GuestResource | undefined;
  /** Whether the last refresh saw the target's node online (undefined: not known). */
  nodeOnline(): boolean | undefined;
  /** The server's version (e.g. "9.1.9") when known. */
  serverVersion(): string | undefined;
  /** True when consoles would authenticate with an API token. */
  usesToken(): boolean;
  emit(info: ConsoleInfo): void;
  output(data: Uint8Array): void;
  now(): number;
  timings?: Partial<ConsoleTimings>;
  /** Where the connections' timers come from. Default: the system's. */
  scheduler?: Scheduler;
}

/** How often, and how many times, the proxy task is asked whether it ended (to explain a close). */
const PROXY_EXIT_POLL_MS = 200;
const PROXY_EXIT_POLLS = 5;

export class ConsoleSession {
  private state: ConsoleInfo;
  private readonly store = new DisposableStore('ConsoleSession');
  /** Cancels the explanations still being looked up when the console closes. */
  private readonly abort = new AbortController();
  private connection: ConsoleConnection | undefined;
  private size: { cols: number; rows: number } | undefined;
  private readonly flow = new FlowControl(() => this.connection);
  private readonly replay = new ReplayBuffer();
  private closed = false;
  private closing: Promise<void> | undefined;
  private readonly timings: ConsoleTimings;
  private readonly scheduler: Scheduler;
  private readonly terminal: boolean;

  constructor(private readonly deps: ConsoleSessionDeps) {
    this.timings = { ...DEFAULT_CONSOLE_TIMINGS, ...deps.timings };
    this.scheduler = deps.scheduler ?? systemScheduler;
    this.terminal = deps.target.kind !== 'vnc';
    this.store.defer(() => this.abort.abort());
    this.state = {
      consoleId: deps.consoleId,
      target: deps.target,
      protocol: this.terminal ? 'terminal' : 'vnc',
      title: deps.title,
      label: deps.label,
      status: 'connecting',
      generation: 0,
      since: deps.now(),
    };
  }

  get info(): ConsoleInfo {
    return { ...this.state };
  }

  /** Start a (new) connection: drops any current one first. */
  connect(): ConsoleInfo {
    if (this.closed) return this.info;
    this.teardown();
    this.flow.restart(0);
    this.setState({ status: 'connecting', generation: this.state.generation + 1 });
    const generation = this.state.generation;
    void this.run().catch((err: unknown) => {
      // A newer attempt, or the close, has replaced this one: its failure is no news.
      if (this.closed || this.state.generation !== generation) return;
      this.fail(openFailure(err, this.deps.target));
    });
    return this.info;
  }

  /** Input from the window: text (terminals, framed here) or RFB client bytes (VNC). */
  write(data: Uint8Array): void {
    this.connection?.write(data);
  }

  resize(cols: number, rows: number): void {
    this.size = { cols, rows };
    this.connection?.resize(cols, rows);
  }

  ack(bytes: number): void {
    this.flow.acked(bytes);
  }

  /**
   * A new window takes the console over: it gets the recent terminal output (counted as
   * unacknowledged again, since the old window's acks will never come), or a fresh VNC connection.
   */
  handOver(): { info: ConsoleInfo; replay: Buffer[] } {
    if (!this.terminal) {
      this.connect();
      return { info: this.info, replay: [] };
    }
    this.flow.restart(this.replay.size);
    return { info: this.info, replay: this.replay.contents() };
  }

  /** Close for good: the tab, the window or the profile is gone. */
  close(reason = 'Console closed'): void {
    if (this.closed) return;
    this.teardown();
    this.closed = true;
    this.setState({ status: 'closed', reason });
    this.closing = this.store.dispose();
  }

  /** Close (if not yet) and wait until its socket is down. */
  async dispose(): Promise<void> {
    this.close();
    await this.closing;
  }

  /** Closed because another window took it over: tell the old window only. */
  movedAway(): ConsoleInfo {
    return { ...this.state, status: 'closed', movedAway: true, reason: 'Moved to another window' };
  }

  // ---- connection ----

  private async run(): Promise<void> {
    const precheck = precheckFailure(this.deps);
    if (precheck) {
      this.fail(precheck);
      return;
    }
    const connection = new ConsoleConnection({
      target: this.deps.target,
      client: this.deps.client(),
      timings: this.timings,
      scheduler: this.scheduler,
      size: () => this.size,
      where: () => this.where(),
      ready: (proxy) => {
        this.setState({
          status: 'connected',
          ...(proxy.vncPassword !== undefined ? { vncPassword: proxy.vncPassword } : {}),
        });
      },
      output: (data) => this.deliver(data),
      ended: (end) => this.onEnded(connection, end),
    });
    this.connection = this.store.add(connection);
    try {
      await connection.open();
    } catch (err) {
      // Nothing of it is left to keep: the failure is reported by connect().
      if (this.connection === connection) this.teardown();
      throw err;
    }
  }

  private deliver(data: Uint8Array): void {
    if (this.terminal) this.replay.remember(Buffer.from(data));
    this.deps.output(data);
    this.flow.delivered(data.byteLength);
  }

  private onEnded(connection: ConsoleConnection, end: ConnectionEnd): void {
    this.store.forget(connection);
    if (this.connection !== connection) return;
    this.connection = undefined;
    if (this.closed) return;
    const generation = this.state.generation;
    if (end.deadReason) {
      this.fail({ reason: end.deadReason, errorKind: 'network' });
      return;
    }
    const explained = end.early ? this.explainEarlyClose(end) : this.explainClose(end);
    void explained.then((f) => this.failIfCurrent(generation, f));
  }

  private async explainClose(end: ConnectionEnd): Promise<ConsoleFailure> {
    const proxyExit = await this.proxyTaskExit(end.proxy.upid);
    return closeFailure({ ...end, terminal: this.terminal, where: this.where(), proxyExit });
  }

  /** Closed before anything came through: the proxy refused us. Its task usually says why. */
  private async explainEarlyClose(end: ConnectionEnd): Promise<ConsoleFailure> {
    if (this.deps.usesToken()) {
      const refusal = tokenConsoleRefusal(this.deps.target, this.deps.serverVersion(), 'closed');
      if (refusal) return refusal;
    }
    return earlyCloseFailure(this.where(), await this.proxyTaskExit(end.proxy.upid));
  }

  /** The proxy task's exit status, if it ended (briefly waiting for it to). */
  private async proxyTaskExit(upid: string): Promise<string | undefined> {
    const node = parseUpid(upid)?.node;
    if (!node) return undefined;
    const signal = this.abort.signal;
    try {
      const client = this.deps.client();
      for (let i = 0; i < PROXY_EXIT_POLLS; i++) {
        const status = await getTaskStatus(client, node, upid, signal);
        if (!status.running) return status.exitstatus;
        await this.scheduler.delay(PROXY_EXIT_POLL_MS, { label: 'proxy task exit', signal });
      }
    } catch {
      // The reason is a nicety; the close itself is reported either way.
    }
    return undefined;
  }

  /** Report a failure found out asynchronously, unless a reconnect has begun since. */
  private failIfCurrent(generation: number, failure: ConsoleFailure): void {
    if (this.state.generation === generation && this.connection === undefined) this.fail(failure);
  }

  private fail(failure: ConsoleFailure): void {
    if (this.closed) return;
    this.setState({
      status: 'disconnected',
      reason: failure.reason,
      ...(failure.errorKind ? { errorKind: failure.errorKind } : {}),
      ...(failure.remedy ? { remedy: failure.remedy } : {}),
    });
  }

  private where(): string {
    try {
      return this.deps.client().transport.endpoint.hostPort;
    } catch {
      return 'The server';
    }
  }

  /** Drop the current connection (or attempt) without reporting a disconnect. */
  private teardown(): void {
    const connection = this.connection;
    if (!connection) return;
    this.connection = undefined;
    // It stays in the store until its socket is down, so dispose() can wait for that.
    void connection.dispose().then(() => this.store.forget(connection));
  }

  private setState(
    change: Partial<Omit<ConsoleInfo, 'consoleId' | 'target' | 'protocol' | 'title' | 'label'>>,
  ): void {
    const next: ConsoleInfo = {
      consoleId: this.state.consoleId,
      target: this.state.target,
      protocol: this.state.protocol,
      title: this.state.title,
      label: this.state.label,
      status: change.status ?? this.state.status,
      generation: change.generation ?? this.state.generation,
      since: this.deps.now(),
    };
    // reason/remedy/password describe one state only; they never carry over to the next.
    if (change.reason !== undefined) next.reason = change.reason;
    if (change.errorKind !== undefined) next.errorKind = change.errorKind;
    if (change.remedy !== undefined) next.remedy = change.remedy;
    if (change.vncPassword !== undefined) next.vncPassword = change.vncPassword;
    this.state = next;
    this.deps.emit(this.info);
  }
}
