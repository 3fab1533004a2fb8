// The console sessions alive now, by port (spec §7). The ports are names, not sockets: the demo
// never binds 5900–5999, a port only finds its session. Ending sessions are settled here, so
// closing the cluster waits until every shell, display and directory they started is gone.

import type { Disposable, Scheduler } from '../../../shared/lifecycle';
import { fail } from '../errors';
import type { Simulation } from '../sim';
import { ConsoleSession, type SessionSpec } from './session';

const PORT_MIN = 5900;
const PORT_MAX = 5999;
// TERMPROXY listen_and_accept: 10 s; QEMU vncproxy: $timeout = 10.
const CONNECT_TIMEOUT_MS = 10_000;

export interface OpenRequest {
  spec: SessionSpec;
  taskType: string;
  taskId: string;
  /** the ticket (and VNC password) for the port the proxy got */
  ticketFor: (port: number) => { ticket: string; vncPassword?: string };
  cmdlineFor: (port: number) => string;
}

export interface ConsoleSessionInfo {
  kind: SessionSpec['kind'];
  node: string;
  vmid?: number;
  authid: string;
  cols?: number;
  rows?: number;
}

export class SessionRegistry implements Disposable {
  private readonly sessions = new Map<number, ConsoleSession>();
  /** disposals of ended sessions still running */
  private readonly settling = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly sim: Simulation,
    private readonly scheduler: Scheduler,
  ) {}

  get(port: number): ConsoleSession | undefined {
    return this.sessions.get(port);
  }

  /** A proxy's session, waiting for its websocket; its worker task runs until it ends. */
  open(r: OpenRequest): ConsoleSession {
    if (this.closed) throw fail('demo cluster is closing');
    const port = this.allocatePort();
    // fork_worker runs on the node that took the call, whatever node the console is for.
    const t = this.sim.tasks.startDetached(
      this.sim.localNode.name,
      r.taskType,
      r.taskId,
      r.spec.identity.authid,
    );
    const { ticket, vncPassword } = r.ticketFor(port);
    const session = new ConsoleSession(
      {
        spec: r.spec,
        port,
        ticket,
        vncPassword,
        cmdline: r.cmdlineFor(port),
        task: { log: t.log, end: t.end, upid: t.task.upid },
        connectDeadline: this.sim.clock.nowMs() + CONNECT_TIMEOUT_MS,
      },
      {
        scheduler: this.scheduler,
        nowMs: () => this.sim.clock.nowMs(),
        taskRunning: (upid) => this.sim.tasks.get(upid)?.status === 'running',
        ended: (s, disposed) => this.ended(s, disposed),
      },
    );
    this.sessions.set(port, session);
    return session;
  }

  list(): ConsoleSessionInfo[] {
    const out: ConsoleSessionInfo[] = [];
    for (const s of this.sessions.values()) {
      if (s.state === 'ended') continue;
      const { kind, node, guest, identity } = s.spec;
      const e: ConsoleSessionInfo = { kind, node, authid: identity.authid };
      if (guest) e.vmid = guest.vmid;
      const size = s.size;
      if (size) {
        e.cols = size.cols;
        e.rows = size.rows;
      }
      out.push(e);
    }
    return out;
  }

  /** How many sessions `act` applied to (stall, drop). */
  count(act: (s: ConsoleSession) => boolean): number {
    let n = 0;
    for (const s of this.sessions.values()) if (act(s)) n++;
    return n;
  }

  /** End every session (their tasks stay as they are) and wait until all are gone. */
  async dispose(): Promise<void> {
    this.closed = true;
    for (const s of [...this.sessions.values()]) s.end(undefined, { closing: true });
    while (this.settling.size > 0) await Promise.all([...this.settling]);
  }

  private allocatePort(): number {
    // pve-common PVE/Tools.pm next_vnc_port: the first free port from 5900 up.
    for (let p = PORT_MIN; p <= PORT_MAX; p++) if (!this.sessions.has(p)) return p;
    throw fail(`unable to find free port (${PORT_MIN}-${PORT_MAX})`);
  }

  private ended(s: ConsoleSession, disposed: Promise<void>): void {
    if (this.sessions.get(s.port) === s) this.sessions.delete(s.port);
    const settled = disposed.catch(() => undefined);
    this.settling.add(settled);
    void settled.then(() => this.settling.delete(settled));
  }
}
