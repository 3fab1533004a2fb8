// The vncproxy backends (spec §7): once the websocket is connected `qm vncproxy` runs (over ssh
// for another node) and bridges it to the VM's VNC display. 'builtin' answers with the demo's own
// RFB server and a getty screen; 'xvnc' with a real TigerVNC Xvnc per session. Either way the
// vncproxy password stops working 30 s after the connection (QM vncproxy: expire_password +30).
//   QEMU = qemu-server src/PVE/API2/Qemu.pm, QM = qemu-server src/PVE/CLI/qm.pm.

import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DisposableStore, toDisposable, type Scheduler } from '../../../shared/lifecycle';
import type { Guest } from '../model';
import type { Simulation } from '../sim';
import type { ConsoleBackend } from './backend';
import { RfbServer } from './rfb-server';
import type { ConsoleSession } from './session';
import { VmGetty } from './vm-getty';
import { XvncDisplay } from './xvnc';

const VNC_PASSWORD_LIFETIME_MS = 30_000;

export type VncBackendKind = 'xvnc' | 'builtin';

export interface VncDeps {
  sim: Simulation;
  scheduler: Scheduler;
  kind: VncBackendKind;
}

/**
 * The worker's part after the connection: the checks `qm vncproxy` meets first, then the
 * backend. Undefined when the proxy failed (the session has ended with the task's reason).
 */
export function startVncBackend(s: ConsoleSession, deps: VncDeps): ConsoleBackend | undefined {
  const g = s.spec.guest!;
  const node = deps.sim.node(s.spec.node);
  s.state = 'running';
  if (!node.online) {
    s.task.log(`ssh: connect to host ${node.ip} port 22: No route to host`);
    s.end('Failed to run vncproxy.');
    return undefined;
  }
  if (g.run === 'stopped') {
    // QM vncproxy: set_password goes to QMP first, which dies for a stopped VM.
    s.task.log(`VM ${g.vmid} not running`);
    s.end('Failed to run vncproxy.');
    return undefined;
  }
  const expires = deps.sim.clock.nowMs() + VNC_PASSWORD_LIFETIME_MS;
  return deps.kind === 'builtin'
    ? new BuiltinVnc(s, g, deps, expires)
    : new XvncVnc(s, g, deps, expires);
}

/** What both backends share: the password's expiry on the simulated clock. */
abstract class VncBackendBase implements ConsoleBackend {
  protected readonly store: DisposableStore;
  protected passwordExpired = false;

  constructor(
    protected readonly s: ConsoleSession,
    protected readonly deps: VncDeps,
    protected readonly passwordExpires: number,
  ) {
    this.store = new DisposableStore(`demo vnc backend (${deps.kind})`);
  }

  abstract input(data: Buffer): void;

  /** QEMU's `expire_password` took effect. */
  protected abstract onPasswordExpired(): void;

  tick(nowMs: number): void {
    if (!this.passwordExpired && nowMs > this.passwordExpires) {
      this.passwordExpired = true;
      this.onPasswordExpired();
    }
  }

  dispose(): Promise<void> {
    return this.store.dispose();
  }
}

/** The demo's own RFB server, with a getty screen for the VM. */
class BuiltinVnc extends VncBackendBase {
  private rfb: RfbServer | undefined;

  constructor(s: ConsoleSession, g: Guest, deps: VncDeps, expires: number) {
    super(s, deps, expires);
    const getty = new VmGetty(g.name);
    const rfb = new RfbServer({
      password: s.vncPassword ?? '',
      passwordValid: () => !this.passwordExpired && deps.sim.clock.nowMs() < expires,
      name: g.name,
      screen: getty.screen,
      onKey: (keysym, down) => getty.key(keysym, down),
      send: (b) => s.send(b),
      end: () => s.end(undefined),
    });
    this.rfb = rfb;
    this.store.defer(() => {
      this.rfb = undefined;
    });
    rfb.start();
  }

  input(data: Buffer): void {
    this.rfb?.push(data);
  }

  protected onPasswordExpired(): void {
    // passwordValid() reads the flag on the next authentication.
  }
}

/** A TigerVNC Xvnc per session, its RFB stream bridged to the websocket. */
class XvncVnc extends VncBackendBase {
  private display: XvncDisplay | undefined;
  private sock: ReturnType<typeof connect> | undefined;
  /** bytes from the client that arrived before Xvnc was up */
  private early: Buffer[] | undefined = [];

  constructor(s: ConsoleSession, g: Guest, deps: VncDeps, expires: number) {
    super(s, deps, expires);
    const job = this.start(g).catch((err: unknown) => {
      s.task.log(err instanceof Error ? err.message : String(err));
      s.end('Failed to run vncproxy.');
    });
    // Disposing waits for a start under way: nothing it makes may outlive the session.
    this.store.add(toDisposable(() => job));
  }

  input(data: Buffer): void {
    if (this.sock) this.sock.write(data);
    else this.early?.push(data);
  }

  protected onPasswordExpired(): void {
    const display = this.display;
    if (!display) return;
    const job = display.expirePassword();
    this.store.add(toDisposable(() => job));
  }

  private async start(g: Guest): Promise<void> {
    const home = await mkdtemp(join(tmpdir(), 'deckhand-demo-vnc-'));
    let display: XvncDisplay | undefined;
    try {
      if (!this.store.isDisposed) {
        display = await XvncDisplay.start({
          dir: home,
          vmName: g.name,
          password: this.s.vncPassword ?? '',
          scheduler: this.deps.scheduler,
        });
      }
    } finally {
      // Ended meanwhile (or failed): nothing of this start may outlive the session.
      if (this.store.isDisposed || !display) {
        await display?.close();
        await rm(home, { recursive: true, force: true });
      }
    }
    if (this.store.isDisposed || !display) return;
    this.display = display;
    // Xvnc goes first, then its directory.
    this.store.defer(async () => {
      await display.close();
      await rm(home, { recursive: true, force: true });
    });
    const sock = connect(display.port, '127.0.0.1');
    this.store.defer(() => void sock.destroy());
    sock.on('connect', () => {
      this.sock = sock;
      for (const b of this.early ?? []) sock.write(b);
      this.early = undefined;
    });
    sock.on('data', (d: Buffer) => this.s.send(d));
    sock.on('error', () => {});
    sock.on('close', () => this.s.end(undefined));
  }
}
