// The demo's console proxies as one service (spec §7): proxy creation, tickets, the sessions by
// port and the websocket upgrade that hands a connection to its session's backend (a terminal
// for termproxy, a VNC server for vncproxy). Disposing it ends every session and waits for them.

import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { DisposableStore, systemScheduler, type Scheduler } from '../../../shared/lifecycle';
import type { AuthService } from '../auth';
import type { Simulation } from '../sim';
import type { ConsoleBackend } from './backend';
import { ConsoleProxies } from './proxies';
import { SessionRegistry, type ConsoleSessionInfo } from './registry';
import { MAX_FRAME, type ConsoleSession } from './session';
import { PctBridge } from './pct-bridge';
import { loadPty, ptyStatus } from './shell';
import { TerminalBackend } from './terminal-backend';
import { ConsoleTickets } from './tickets';
import { consoleFeatures, type ConsoleFeatures } from './version';
import { startVncBackend, type VncBackendKind } from './vnc-backend';
import { missingXvncPrograms, XVNC_PACKAGES } from './xvnc';

export type { ConsoleSessionInfo } from './registry';

export interface ConsoleManagerOptions {
  version: string;
  vncBackend: 'auto' | 'xvnc' | 'builtin';
  /** false: shells over pipes, as where node-pty cannot load. */
  pty: boolean;
  /** the PEM the vncproxy reply carries as `cert` (PVE: pve-root-ca.pem) */
  certificatePem: () => string;
  scheduler?: Scheduler;
}

export class ConsoleManager {
  readonly features: ConsoleFeatures;
  readonly vncBackend: VncBackendKind;
  readonly tickets: ConsoleTickets;
  readonly proxies: ConsoleProxies;
  private readonly registry: SessionRegistry;
  private readonly scheduler: Scheduler;
  private readonly wss: WebSocketServer;
  private readonly store = new DisposableStore('demo consoles');
  private pct: PctBridge | undefined;
  /** What was typed into node shells, in order (tests check what reached a shell). */
  private readonly typed: string[] = [];

  constructor(
    private readonly sim: Simulation,
    private readonly auth: AuthService,
    private readonly opts: ConsoleManagerOptions,
  ) {
    this.features = consoleFeatures(opts.version);
    const missing = missingXvncPrograms();
    if (opts.vncBackend === 'xvnc' && missing.length > 0) {
      void this.store.dispose();
      throw new Error(
        `vncBackend 'xvnc' needs ${missing.join(', ')} on PATH: apt-get install ${XVNC_PACKAGES}`,
      );
    }
    this.vncBackend = opts.vncBackend === 'builtin' || missing.length > 0 ? 'builtin' : 'xvnc';
    this.scheduler = opts.scheduler ?? systemScheduler;
    this.tickets = new ConsoleTickets(auth, this.features);
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: MAX_FRAME,
      // HTTP websocket_proxy echoes the client's Sec-WebSocket-Protocol verbatim (since 2021).
      handleProtocols: (_offered, req) => req.headers['sec-websocket-protocol'] ?? false,
    });
    // Newest first on dispose: the sessions end before the websocket server closes.
    this.store.defer(() => this.wss.close());
    this.registry = this.store.add(new SessionRegistry(sim, this.scheduler));
    this.proxies = new ConsoleProxies(
      sim,
      this.features,
      this.tickets,
      this.registry,
      opts.certificatePem,
    );
  }

  /** Load node-pty before the first shell is needed. */
  static prepare(): Promise<void> {
    return loadPty();
  }

  support(): { pty: boolean; ptyError?: string; vnc: VncBackendKind } {
    if (!this.opts.pty) {
      return { pty: false, ptyError: 'pseudo-terminals are turned off', vnc: this.vncBackend };
    }
    return { ...ptyStatus(), vnc: this.vncBackend };
  }

  /** Everything typed into node shells so far. */
  shellInput(): string[] {
    return [...this.typed];
  }

  list(): ConsoleSessionInfo[] {
    return this.registry.list();
  }

  /**
   * Stop reading every open console websocket (so pings go unanswered and nothing is sent), as a
   * network silently dropping packets would; how many there were.
   */
  stallSockets(): number {
    return this.registry.count((s) => s.stall());
  }

  /** Destroy every open console websocket's TCP socket, no close frame; how many there were. */
  dropSockets(): number {
    return this.registry.count((s) => s.drop());
  }

  dispose(): Promise<void> {
    return this.store.dispose();
  }

  /** Whether a proxy is waiting for its connection on this port (else pveproxy's connect fails). */
  listening(port: number): boolean {
    return this.registry.get(port)?.state === 'listening';
  }

  /** Complete the upgrade (already authorised) and hand the socket to the port's session. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, port: number): void {
    const s = this.registry.get(port);
    if (!s || s.state !== 'listening') {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      if (s.state !== 'listening') {
        socket.destroy();
        return;
      }
      s.attach(ws, socket, () => this.startBackend(s, (socket as Socket).remotePort ?? 0));
    });
  }

  private startBackend(s: ConsoleSession, peer: number): ConsoleBackend | undefined {
    const deps = { sim: this.sim, scheduler: this.scheduler };
    if (s.spec.kind === 'vnc') return startVncBackend(s, { ...deps, kind: this.vncBackend });
    // The node shell's `pct` command: made with the first node shell (no bash on Windows).
    if (s.spec.kind === 'shell' && !this.pct && process.platform !== 'win32') {
      this.pct = this.store.add(new PctBridge(this.sim, this.scheduler));
    }
    return new TerminalBackend(
      s,
      {
        ...deps,
        auth: this.auth,
        tickets: this.tickets,
        pty: this.opts.pty,
        ...(this.pct ? { pct: this.pct } : {}),
        shellInput: (text) => void this.typed.push(text),
      },
      peer,
    );
  }
}
