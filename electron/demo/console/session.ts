// One console proxy's life (spec §7): made by a termproxy/vncproxy call, it waits 10 s for its one
// websocket, serves it through a backend, and ends with either side; its worker task ends with
// it. What it starts (its tick, its backend) sits in its DisposableStore; ending disposes that.
//   TERMPROXY = pve-xtermjs termproxy/src/main.rs,
//   HTTP = pve-http-server src/PVE/APIServer/AnyEvent.pm (websocket_proxy).

import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { DisposableStore, type Scheduler } from '../../../shared/lifecycle';
import type { Identity } from '../auth';
import type { Guest } from '../model';
import type { ConsoleBackend } from './backend';

export type ConsoleKind = 'shell' | 'lxc' | 'serial' | 'vnc';
export type SessionState = 'listening' | 'auth' | 'running' | 'ended';

// HTTP websocket_proxy: $max_payload_size = 128 * 1024 for server frames.
export const MAX_FRAME = 128 * 1024;
const TICK_MS = 100;

/** What the proxy call decided: which console, for whom, checked against which ACL path. */
export interface SessionSpec {
  kind: ConsoleKind;
  node: string;
  guest?: Guest;
  /** the serial interface asked for (qemu termproxy `serial`) */
  serial?: string;
  identity: Identity;
  aclPath: string;
  priv: string;
}

/** The proxy's worker task, whose end is the session's. */
export interface ProxyTask {
  upid: string;
  log(line: string): void;
  end(error?: string): void;
}

export interface SessionInit {
  spec: SessionSpec;
  port: number;
  /** termproxy pins the ticket it was started with (--ticket-fd) */
  ticket: string;
  /** termproxy's command line, for the task's error text */
  cmdline: string;
  task: ProxyTask;
  /** the VNC password a vncproxy reply promised */
  vncPassword?: string;
  /** simulated ms by which the websocket must arrive */
  connectDeadline: number;
}

export interface SessionHooks {
  scheduler: Scheduler;
  /** the simulated clock, in ms */
  nowMs(): number;
  /** whether the worker task still runs (DELETE …/tasks/{upid} stops it) */
  taskRunning(upid: string): boolean;
  /** the session ended; `disposed` settles once everything it started is gone */
  ended(s: ConsoleSession, disposed: Promise<void>): void;
}

export class ConsoleSession {
  state: SessionState = 'listening';
  readonly spec: SessionSpec;
  readonly port: number;
  readonly ticket: string;
  readonly cmdline: string;
  readonly task: ProxyTask;
  readonly vncPassword: string | undefined;
  /** TERMPROXY read_ticket_line's deadline, once the client is connected */
  authDeadline?: number;
  private readonly connectDeadline: number;
  private readonly store: DisposableStore;
  private backend?: ConsoleBackend;
  private ws?: WebSocket;
  private socket?: Duplex;
  /** stall(): the connection is silent both ways. */
  private stalled = false;

  constructor(
    init: SessionInit,
    private readonly hooks: SessionHooks,
  ) {
    this.spec = init.spec;
    this.port = init.port;
    this.ticket = init.ticket;
    this.cmdline = init.cmdline;
    this.task = init.task;
    this.vncPassword = init.vncPassword;
    this.connectDeadline = init.connectDeadline;
    this.store = new DisposableStore(`demo console session ${init.port}`);
    this.store.add(
      hooks.scheduler.setInterval(() => this.tick(), TICK_MS, { label: 'demo console tick' }),
    );
  }

  get size(): { cols: number; rows: number } | undefined {
    return this.backend?.size;
  }

  /** The websocket arrived (already upgraded); `start` makes the backend that serves it. */
  attach(ws: WebSocket, socket: Duplex, start: () => ConsoleBackend | undefined): void {
    this.ws = ws;
    this.socket = socket;
    ws.on('error', () => {});
    ws.on('close', () => {
      // TERMPROXY: the client going away ends the loop normally (exit 0); QM vncproxy exit(0).
      this.end(undefined);
    });
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      if (this.state !== 'ended') this.backend?.input(toBuffer(data));
    });
    const backend = start();
    if (!backend) return;
    if (this.state === 'ended') {
      void Promise.resolve(backend.dispose()).catch(() => undefined);
      return;
    }
    this.backend = this.store.add(backend);
  }

  send(data: Buffer): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== ws.OPEN || this.stalled) return;
    for (let i = 0; i < data.length; i += MAX_FRAME) {
      ws.send(data.subarray(i, i + MAX_FRAME), { binary: true });
    }
  }

  /** Stop reading the websocket (pings go unanswered, nothing is sent); false if none is open. */
  stall(): boolean {
    if (!this.socket || this.socket.destroyed) return false;
    this.socket.pause();
    this.stalled = true;
    return true;
  }

  /** Destroy the websocket's TCP socket, no close frame; false if none is open. */
  drop(): boolean {
    if (!this.socket || this.socket.destroyed) return false;
    this.socket.destroy();
    return true;
  }

  /** termproxy gives up: the reason to the task log, `exit code 1` as the task's error. */
  termproxyFailed(line: string): void {
    this.task.log(line);
    this.commandFailed();
  }

  /** The command ended by itself: termproxy's PTY read fails and it exits 1. */
  commandFailed(): void {
    this.end(`command '${this.cmdline}' failed: exit code 1`);
  }

  /**
   * End the session: the task ends with `error` (none: TASK OK), the client socket is shut down
   * and everything started is disposed. `closing`: the cluster goes, the task stays as it is
   * and the socket is destroyed at once.
   */
  end(error: string | undefined, o: { closing?: boolean } = {}): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    if (!o.closing) this.task.end(error);
    // HTTP websocket_proxy: when the backend goes, pveproxy shuts the client socket down after
    // flushing, without a close frame.
    const socket = this.socket;
    if (socket && !socket.destroyed) socket.end();
    this.backend = undefined;
    this.hooks.ended(this, this.store.dispose());
    if (o.closing && socket && !socket.destroyed) socket.destroy();
  }

  private tick(): void {
    if (this.state === 'ended') return;
    const now = this.hooks.nowMs();
    if (!this.hooks.taskRunning(this.task.upid)) {
      // The task was stopped (DELETE …/tasks/{upid}): the worker and its proxy are gone.
      this.end(undefined);
      return;
    }
    const vnc = this.spec.kind === 'vnc';
    if (this.state === 'listening' && now > this.connectDeadline) {
      if (vnc) this.end('connection timed out');
      else this.termproxyFailed('failed waiting for client: timed out');
      return;
    }
    if (this.state === 'auth' && this.authDeadline !== undefined && now > this.authDeadline) {
      this.termproxyFailed('failed reading ticket: timed out');
      return;
    }
    if (this.state === 'running' && this.spec.guest?.run === 'stopped') {
      // The guest went away under the console: QEMU closes its VNC socket (qm vncproxy exits 0),
      // lxc-console / qm terminal end and termproxy's PTY read fails.
      if (vnc) this.end(undefined);
      else this.commandFailed();
      return;
    }
    this.backend?.tick?.(now);
  }
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
