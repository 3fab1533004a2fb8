// One console: creates the PVE proxy, opens the websocket in main, speaks termproxy (terminals)
// or passes RFB through untouched (VNC), and relays bytes to the owning window with batching and
// flow control. It reports every state change with a reason a user understands, notices a dead
// socket within seconds (close, or pings left unanswered), and owns its timers and socket.

import WebSocket from 'ws';
import { DeckhandError } from '../../../shared/errors';
import type {
  ConsoleInfo,
  ConsoleRemedy,
  ConsoleTarget,
  ErrorKind,
  GuestResource,
} from '../../../shared/model';
import { parseUpid } from '../../../shared/upid';
import { getTaskStatus } from '../pve/api';
import type { PveClient } from '../pve/client';
import { consoleSocketPath, createConsoleProxy, type ConsoleProxy } from '../pve/console-api';
import { openConsoleSocket } from '../pve/console-socket';
import { OutputBatcher } from './output-batcher';
import { OkDetector, PING_FRAME, authLine, inputFrame, resizeFrame, splitInput } from './termproxy';
import { tokenConsoleRefusal } from './token-consoles';

export interface ConsoleTimings {
  /** termproxy `2` ping period (PVE's web UI: 30 s). */
  termPingMs: number;
  /** websocket ping period, to notice a dead connection. */
  keepAliveMs: number;
  /** A ping unanswered this long means the connection is dead. */
  pongTimeoutMs: number;
  /** How long the server may take to answer the auth line with `OK`. */
  okTimeoutMs: number;
}

export const DEFAULT_CONSOLE_TIMINGS: ConsoleTimings = {
  termPingMs: 30_000,
  keepAliveMs: 5_000,
  pongTimeoutMs: 5_000,
  okTimeoutMs: 15_000,
};

/** Flow control: pause the PVE socket above this many unacknowledged bytes, resume below LOW. */
export const HIGH_WATER_BYTES = 256 * 1024;
export const LOW_WATER_BYTES = 64 * 1024;
/** Terminal output kept for a window that takes the console over (pop-out). */
const REPLAY_BYTES = 1024 * 1024;

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
}

type Failure = { reason: string; errorKind?: ErrorKind; remedy?: ConsoleRemedy };

interface Live {
  ws: WebSocket;
  proxy: ConsoleProxy;
  timers: NodeJS.Timeout[];
  batcher: OutputBatcher;
  /** Bytes relayed on this connection (after OK for terminals). */
  received: number;
  ready: boolean;
  paused: boolean;
  closedByUs: boolean;
  pongTimer?: NodeJS.Timeout;
  /** Set when the dead-connection check, not the server, ended it. */
  deadReason?: string;
}

export class ConsoleSession {
  private state: ConsoleInfo;
  private live: Live | undefined;
  private attempt: AbortController | undefined;
  private size: { cols: number; rows: number } | undefined;
  private unacked = 0;
  private replay: Buffer[] = [];
  private replayBytes = 0;
  private closed = false;
  private readonly timings: ConsoleTimings;
  private readonly terminal: boolean;

  constructor(private readonly deps: ConsoleSessionDeps) {
    this.timings = { ...DEFAULT_CONSOLE_TIMINGS, ...deps.timings };
    this.terminal = deps.target.kind !== 'vnc';
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

  get isClosed(): boolean {
    return this.closed;
  }

  /** Start a (new) connection: drops any current one first. */
  connect(): ConsoleInfo {
    if (this.closed) return this.info;
    this.teardown();
    this.unacked = 0;
    this.setState({ status: 'connecting', generation: this.state.generation + 1 });
    const attempt = new AbortController();
    this.attempt = attempt;
    void this.run(attempt.signal).catch((err: unknown) => {
      if (attempt.signal.aborted || this.closed) return;
      this.fail(describeFailure(err, this.deps.target));
    });
    return this.info;
  }

  /** Input from the window: text (terminals, framed here) or RFB client bytes (VNC). */
  write(data: Uint8Array): void {
    const live = this.live;
    if (!live?.ready || live.ws.readyState !== WebSocket.OPEN) return;
    // A big paste goes out in pieces: pveproxy refuses client frames over 128 KiB.
    for (const piece of splitInput(data)) {
      live.ws.send(this.terminal ? inputFrame(piece) : Buffer.from(piece));
    }
  }

  resize(cols: number, rows: number): void {
    this.size = { cols, rows };
    const live = this.live;
    if (this.terminal && live?.ready && live.ws.readyState === WebSocket.OPEN) {
      live.ws.send(resizeFrame(cols, rows));
    }
  }

  ack(bytes: number): void {
    this.unacked = Math.max(0, this.unacked - bytes);
    const live = this.live;
    if (live?.paused && this.unacked < LOW_WATER_BYTES) {
      live.paused = false;
      live.ws.resume();
    }
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
    this.unacked = this.replayBytes;
    const replay = [...this.replay];
    const live = this.live;
    if (live?.paused && this.unacked < LOW_WATER_BYTES) {
      live.paused = false;
      live.ws.resume();
    }
    return { info: this.info, replay };
  }

  /** Close for good: the tab, the window or the profile is gone. */
  close(reason = 'Console closed'): void {
    if (this.closed) return;
    this.teardown();
    this.closed = true;
    this.setState({ status: 'closed', reason });
  }

  /** Closed because another window took it over: tell the old window only. */
  movedAway(): ConsoleInfo {
    return { ...this.state, status: 'closed', movedAway: true, reason: 'Moved to another window' };
  }

  // ---- connection ----

  private async run(signal: AbortSignal): Promise<void> {
    const { target } = this.deps;
    const precheck = this.precheck();
    if (precheck) {
      this.fail(precheck);
      return;
    }
    const client = this.deps.client();
    const proxy = await createConsoleProxy(client, target, signal);
    if (signal.aborted) return;
    const headers = await client.socketHeaders(signal);
    const ws = await openConsoleSocket({
      endpoint: client.transport.endpoint,
      ...(client.pinnedFingerprint ? { fingerprint: client.pinnedFingerprint } : {}),
      path: consoleSocketPath(target, proxy),
      headers,
      signal,
    });
    if (signal.aborted || this.closed) {
      ws.terminate();
      return;
    }
    const live: Live = {
      ws,
      proxy,
      timers: [],
      received: 0,
      ready: false,
      paused: false,
      closedByUs: false,
      batcher: new OutputBatcher({
        utf8: this.terminal,
        flush: (data) => this.deliver(data),
      }),
    };
    this.live = live;
    this.attempt = undefined;
    ws.on('error', () => undefined); // 'close' follows and carries the outcome
    ws.on('close', (code, reasonBuf) => this.onClose(live, code, reasonBuf.toString('utf8')));
    this.keepAlive(live);

    if (this.terminal) {
      const ok = new OkDetector();
      const okTimer = setTimeout(() => {
        live.deadReason = `${this.where()} did not answer the console login in time`;
        ws.terminate();
      }, this.timings.okTimeoutMs);
      live.timers.push(okTimer);
      const onData = (data: Buffer): void => {
        if (live.ready) {
          live.received += data.length;
          live.batcher.push(data);
          return;
        }
        const r = ok.feed(data);
        if (r.state === 'waiting') return;
        clearTimeout(okTimer);
        if (r.state === 'refused') {
          live.deadReason = `${this.where()} answered the console login with something other than OK`;
          ws.terminate();
          return;
        }
        live.ready = true;
        this.onReady(live);
        if (r.rest.length > 0) {
          live.received += r.rest.length;
          live.batcher.push(Buffer.from(r.rest));
        }
      };
      ws.on('message', (data: Buffer) => onData(data));
      ws.send(authLine(proxy.user, proxy.ticket));
    } else {
      ws.on('message', (data: Buffer) => {
        live.received += data.length;
        live.batcher.push(data);
      });
      live.ready = true;
      this.onReady(live);
    }
  }

  private onReady(live: Live): void {
    if (this.terminal) {
      if (this.size) live.ws.send(resizeFrame(this.size.cols, this.size.rows));
      const ping = setInterval(() => {
        if (live.ws.readyState === WebSocket.OPEN) live.ws.send(PING_FRAME);
      }, this.timings.termPingMs);
      live.timers.push(ping);
    }
    this.setState({
      status: 'connected',
      ...(live.proxy.vncPassword !== undefined ? { vncPassword: live.proxy.vncPassword } : {}),
    });
  }

  /** websocket pings: a connection that stops answering is reported, not discovered later. */
  private keepAlive(live: Live): void {
    const timer = setInterval(() => {
      if (live.ws.readyState !== WebSocket.OPEN || live.pongTimer) return;
      live.pongTimer = setTimeout(() => {
        live.deadReason = `${this.where()} stopped answering (no reply to a ping for ${String(
          Math.round(this.timings.pongTimeoutMs / 1000),
        )} s)`;
        live.ws.terminate();
      }, this.timings.pongTimeoutMs);
      live.ws.ping();
    }, this.timings.keepAliveMs);
    live.timers.push(timer);
    live.ws.on('pong', () => {
      if (live.pongTimer) clearTimeout(live.pongTimer);
      live.pongTimer = undefined;
    });
  }

  private deliver(data: Uint8Array): void {
    const live = this.live;
    this.unacked += data.byteLength;
    if (this.terminal) this.remember(Buffer.from(data));
    this.deps.output(data);
    if (live && !live.paused && this.unacked > HIGH_WATER_BYTES) {
      live.paused = true;
      live.ws.pause();
    }
  }

  private remember(chunk: Buffer): void {
    this.replay.push(chunk);
    this.replayBytes += chunk.length;
    while (this.replayBytes > REPLAY_BYTES && this.replay.length > 1) {
      this.replayBytes -= this.replay.shift()?.length ?? 0;
    }
  }

  private onClose(live: Live, code: number, reason: string): void {
    this.stopTimers(live);
    live.batcher.flushNow();
    live.batcher.dispose();
    if (this.live !== live) return;
    this.live = undefined;
    if (live.closedByUs || this.closed) return;
    const generation = this.state.generation;
    if (live.deadReason) {
      this.fail({ reason: live.deadReason, errorKind: 'network' });
      return;
    }
    if (!live.ready || live.received === 0) {
      // Closed before anything came through: the proxy refused us. Its task usually says why.
      void this.explainEarlyClose(live).then((f) => this.failIfCurrent(generation, f));
      return;
    }
    // pveproxy never sends a close frame (1006 either way): the proxy task tells a shell that
    // exited from a connection that broke.
    void this.explainClose(live, code, reason).then((f) => this.failIfCurrent(generation, f));
  }

  private async explainClose(live: Live, code: number, reason: string): Promise<Failure> {
    const exit = await this.proxyTaskExit(live.proxy.upid);
    if (exit !== undefined && /exit code|exited/i.test(exit)) {
      return { reason: 'The session ended: the shell exited' };
    }
    if (code === 1006)
      return { reason: `Connection to ${this.where()} lost`, errorKind: 'network' };
    const ended = this.terminal ? 'The session ended' : 'The console connection ended';
    return { reason: reason ? `${ended}: ${reason}` : ended };
  }

  private async explainEarlyClose(live: Live): Promise<Failure> {
    const { target } = this.deps;
    if (this.deps.usesToken()) {
      const refusal = tokenConsoleRefusal(target, this.deps.serverVersion(), 'closed');
      if (refusal) return refusal;
    }
    const exit = await this.proxyTaskExit(live.proxy.upid);
    if (exit && exit !== 'OK') {
      const failure: Failure = { reason: `The console could not start: ${exit}`, errorKind: 'api' };
      if (/not running/i.test(exit)) failure.remedy = 'start-guest';
      return failure;
    }
    return {
      reason: `${this.where()} closed the console before it was ready (the console ticket was refused or the proxy ended)`,
      errorKind: 'api',
    };
  }

  /** The proxy task's exit status, if it ended (briefly waiting for it to). */
  private async proxyTaskExit(upid: string): Promise<string | undefined> {
    const node = parseUpid(upid)?.node;
    if (!node) return undefined;
    try {
      const client = this.deps.client();
      for (let i = 0; i < 5; i++) {
        const status = await getTaskStatus(client, node, upid);
        if (!status.running) return status.exitstatus;
        await new Promise((r) => setTimeout(r, 200));
      }
    } catch {
      // The reason is a nicety; the close itself is reported either way.
    }
    return undefined;
  }

  private precheck(): Failure | undefined {
    const { target } = this.deps;
    if (this.deps.nodeOnline() === false) {
      // Its guests show as 'unknown' then: Start could not help, the node must come back.
      return {
        reason: `Node ${target.node} is offline: its consoles cannot be reached until it is back`,
        errorKind: 'unreachable',
      };
    }
    if (target.kind !== 'shell') {
      const guest = this.deps.guest();
      const what = target.kind === 'lxc' ? 'CT' : 'VM';
      const name = guest?.name ? ` (${guest.name})` : '';
      if (guest?.template) {
        return { reason: `${what} ${String(target.vmid)}${name} is a template: it has no console` };
      }
      if (guest && guest.status !== 'running' && guest.status !== 'unknown') {
        return {
          reason: `${what} ${String(target.vmid)}${name} is ${guest.status}. Start it to open its ${
            target.kind === 'vnc' ? 'screen' : 'console'
          }.`,
          remedy: 'start-guest',
        };
      }
    }
    if (this.deps.usesToken()) {
      return tokenConsoleRefusal(target, this.deps.serverVersion(), 'before');
    }
    return undefined;
  }

  /** Report a failure found out asynchronously, unless a reconnect has begun since. */
  private failIfCurrent(generation: number, failure: Failure): void {
    if (this.state.generation === generation && this.live === undefined) this.fail(failure);
  }

  private fail(failure: Failure): void {
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

  private stopTimers(live: Live): void {
    for (const t of live.timers) clearTimeout(t);
    live.timers = [];
    if (live.pongTimer) clearTimeout(live.pongTimer);
    live.pongTimer = undefined;
  }

  /** Drop the current attempt and socket without reporting a disconnect. */
  private teardown(): void {
    this.attempt?.abort();
    this.attempt = undefined;
    const live = this.live;
    if (!live) return;
    this.live = undefined;
    live.closedByUs = true;
    this.stopTimers(live);
    live.batcher.dispose();
    if (live.ws.readyState === WebSocket.OPEN) live.ws.close(1000);
    else live.ws.terminate();
    // A socket that does not finish its closing handshake promptly is cut.
    const cut = setTimeout(() => live.ws.terminate(), 1000);
    live.ws.once('close', () => clearTimeout(cut));
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

function describeFailure(err: unknown, target: ConsoleTarget): Failure {
  if (!(err instanceof DeckhandError)) {
    return { reason: err instanceof Error ? err.message : String(err), errorKind: 'internal' };
  }
  const base: Failure = { reason: err.message, errorKind: err.kind };
  switch (err.kind) {
    case 'permission':
      // PVE's text names the path and privilege: "Permission check failed (/vms/118, VM.Console)".
      return { ...base, reason: `No permission to open this console: ${err.message}` };
    case 'timeout':
      return { ...base, reason: `Opening the console timed out: ${err.message}` };
    case 'api':
      if (/does not look like a valid user name/i.test(err.message)) {
        return (
          tokenConsoleRefusal(target, undefined, 'refused') ?? {
            ...base,
            remedy: 'console-login',
          }
        );
      }
      if (/not running/i.test(err.message)) return { ...base, remedy: 'start-guest' };
      return base;
    default:
      return base;
  }
}
