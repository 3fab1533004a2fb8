// One connection of a console to PVE: the proxy POST (termproxy or vncproxy), the websocket opened
// in main as the same identity and with the same trust rule, the termproxy auth line and its `OK`,
// termproxy pings, and websocket pings that notice a dead link within seconds. Output leaves
// batched; the end is reported once, with what is known of it, unless we ended it ourselves.

import WebSocket from 'ws';
import { DisposableStore, type Disposable, type Scheduler } from '../../../shared/lifecycle';
import type { ConsoleTarget } from '../../../shared/model';
import type { PveClient } from '../pve/client';
import { consoleSocketPath, createConsoleProxy, type ConsoleProxy } from '../pve/console-api';
import { openConsoleSocket } from '../pve/console-socket';
import { TimerSlot } from '../session/timer-slot';
import { loginRefused, loginUnanswered, pingUnanswered } from './console-failures';
import type { Valve } from './flow-control';
import { OutputBatcher } from './output-batcher';
import { OkDetector, PING_FRAME, authLine, inputFrame, resizeFrame, splitInput } from './termproxy';

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

/** How a connection ended, for the explanation the user reads. */
export interface ConnectionEnd {
  code: number;
  reason: string;
  /** Set when our dead-connection check, not the server, ended it. */
  deadReason?: string;
  /** Closed before anything came through (the proxy refused us). */
  early: boolean;
  proxy: ConsoleProxy;
}

export interface ConsoleConnectionOptions {
  target: ConsoleTarget;
  client: PveClient;
  timings: ConsoleTimings;
  scheduler: Scheduler;
  /** The terminal size to set once the console is up. */
  size(): { cols: number; rows: number } | undefined;
  /** The server as named in reasons ("host:port"). */
  where(): string;
  ready(proxy: ConsoleProxy): void;
  output(data: Uint8Array): void;
  ended(end: ConnectionEnd): void;
}

/** A socket that does not finish its closing handshake within this is cut. */
const CLOSE_GRACE_MS = 1_000;

export class ConsoleConnection implements Disposable, Valve {
  private readonly store = new DisposableStore('ConsoleConnection');
  private readonly attempt = new AbortController();
  private readonly batcher: OutputBatcher;
  private readonly pong: TimerSlot;
  private readonly terminal: boolean;
  private ws: WebSocket | undefined;
  private proxy: ConsoleProxy | undefined;
  private isReady = false;
  /** Bytes relayed (after OK for terminals). */
  private received = 0;
  private deadReason: string | undefined;
  private isPaused = false;
  private closing: Promise<void> | undefined;

  constructor(private readonly opts: ConsoleConnectionOptions) {
    this.terminal = opts.target.kind !== 'vnc';
    this.store.defer(() => this.attempt.abort());
    this.batcher = this.store.add(
      new OutputBatcher({
        utf8: this.terminal,
        flush: (data) => opts.output(data),
        scheduler: opts.scheduler,
      }),
    );
    this.pong = this.store.add(new TimerSlot(opts.scheduler, { label: 'console ping deadline' }));
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** Create the proxy and open its socket. Rejects with what failed; resolves once disposed. */
  async open(): Promise<void> {
    const { target, client } = this.opts;
    const signal = this.attempt.signal;
    const proxy = await createConsoleProxy(client, target, signal);
    if (signal.aborted) return;
    const headers = await client.socketHeaders(signal);
    const ws = await openConsoleSocket({
      endpoint: client.transport.endpoint,
      ...(client.pinnedFingerprint ? { fingerprint: client.pinnedFingerprint } : {}),
      ...(client.transport.peerNode ? { node: client.transport.peerNode } : {}),
      path: consoleSocketPath(target, proxy),
      headers,
      signal,
    });
    if (signal.aborted) {
      ws.terminate();
      return;
    }
    this.ws = ws;
    this.proxy = proxy;
    ws.on('error', () => undefined); // 'close' follows and carries the outcome
    ws.on('close', (code, reason) => this.onClose(code, reason.toString('utf8')));
    this.keepAlive(ws);
    if (this.terminal) {
      this.logIn(ws, proxy);
    } else {
      ws.on('message', (data: Buffer) => this.take(data));
      this.becomeReady(ws, proxy);
    }
  }

  /** Input: text for terminals (framed here), RFB client bytes for VNC. */
  write(data: Uint8Array): void {
    const ws = this.ws;
    if (!this.isReady || ws?.readyState !== WebSocket.OPEN) return;
    // A big paste goes out in pieces: pveproxy refuses client frames over 128 KiB.
    for (const piece of splitInput(data)) {
      ws.send(this.terminal ? inputFrame(piece) : Buffer.from(piece));
    }
  }

  resize(cols: number, rows: number): void {
    const ws = this.ws;
    if (this.terminal && this.isReady && ws?.readyState === WebSocket.OPEN) {
      ws.send(resizeFrame(cols, rows));
    }
  }

  pause(): void {
    if (this.isPaused || !this.ws) return;
    this.isPaused = true;
    this.ws.pause();
  }

  resume(): void {
    if (!this.isPaused || !this.ws) return;
    this.isPaused = false;
    this.ws.resume();
  }

  /** termproxy: the auth line, then `OK` before anything else counts as output. */
  private logIn(ws: WebSocket, proxy: ConsoleProxy): void {
    const ok = new OkDetector();
    const okTimer = this.store.add(
      this.opts.scheduler.setTimeout(
        () => this.dead(loginUnanswered(this.opts.where())),
        this.opts.timings.okTimeoutMs,
        { label: 'console login deadline' },
      ),
    );
    ws.on('message', (data: Buffer) => {
      if (this.isReady) {
        this.take(data);
        return;
      }
      const r = ok.feed(data);
      if (r.state === 'waiting') return;
      void this.store.release(okTimer);
      if (r.state === 'refused') {
        this.dead(loginRefused(this.opts.where()));
        return;
      }
      this.becomeReady(ws, proxy);
      if (r.rest.length > 0) this.take(Buffer.from(r.rest));
    });
    ws.send(authLine(proxy.user, proxy.ticket));
  }

  private becomeReady(ws: WebSocket, proxy: ConsoleProxy): void {
    this.isReady = true;
    if (this.terminal) {
      const size = this.opts.size();
      if (size) ws.send(resizeFrame(size.cols, size.rows));
      this.store.add(
        this.opts.scheduler.setInterval(
          () => {
            if (ws.readyState === WebSocket.OPEN) ws.send(PING_FRAME);
          },
          this.opts.timings.termPingMs,
          { label: 'termproxy ping' },
        ),
      );
    }
    this.opts.ready(proxy);
  }

  /** websocket pings: a connection that stops answering is reported, not discovered later. */
  private keepAlive(ws: WebSocket): void {
    const { pongTimeoutMs, keepAliveMs } = this.opts.timings;
    this.store.add(
      this.opts.scheduler.setInterval(
        () => {
          if (ws.readyState !== WebSocket.OPEN || this.pong.pending) return;
          this.pong.set(
            () => this.dead(pingUnanswered(this.opts.where(), pongTimeoutMs)),
            pongTimeoutMs,
          );
          ws.ping();
        },
        keepAliveMs,
        { label: 'console keep-alive' },
      ),
    );
    ws.on('pong', () => this.pong.clear());
  }

  private take(data: Buffer): void {
    this.received += data.length;
    this.batcher.push(data);
  }

  /** Our own check found the connection dead: cut it, and say why when it closes. */
  private dead(reason: string): void {
    this.deadReason = reason;
    this.ws?.terminate();
  }

  private onClose(code: number, reason: string): void {
    this.batcher.flushNow();
    void this.store.dispose();
    if (this.closing || !this.proxy) return; // we ended it: nothing to report
    this.opts.ended({
      code,
      reason,
      ...(this.deadReason !== undefined ? { deadReason: this.deadReason } : {}),
      early: !this.isReady || this.received === 0,
      proxy: this.proxy,
    });
  }

  /** End it without a report: cancel the attempt, stop the timers, close the socket. */
  dispose(): Promise<void> {
    this.closing ??= this.shut();
    return this.closing;
  }

  private async shut(): Promise<void> {
    const ws = this.ws;
    await this.store.dispose();
    if (ws) await closeSocket(ws, this.opts.scheduler);
  }
}

/** Close politely if open, cut otherwise, and cut anyway after a grace period. */
async function closeSocket(ws: WebSocket, scheduler: Scheduler): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return;
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  if (ws.readyState === WebSocket.OPEN) ws.close(1000);
  else ws.terminate();
  const grace = new AbortController();
  const cut = scheduler
    .delay(CLOSE_GRACE_MS, { label: 'console socket close', signal: grace.signal })
    .then(
      () => ws.terminate(),
      () => undefined,
    );
  await closed;
  grace.abort();
  await cut;
}
