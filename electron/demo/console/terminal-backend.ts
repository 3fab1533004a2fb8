// The termproxy backend (spec §7): the `<authid>:<ticket>\n` line first (10 s, at most 4 KiB),
// `OK`, then the command termproxy runs, as its PTY would show it: a node shell (root directly,
// anyone else through /bin/login), `lxc-console`, or `qm terminal` on the VM's serial port.
//   TERMPROXY = pve-xtermjs termproxy/src/main.rs, NODES = pve-manager PVE/API2/Nodes.pm,
//   QM = qemu-server src/PVE/CLI/qm.pm.

import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DisposableStore, toDisposable, type Scheduler } from '../../../shared/lifecycle';
import type { AuthService } from '../auth';
import { KERNEL_RELEASE, KERNEL_VERSION } from '../seed/node-hardware';
import type { Simulation } from '../sim';
import type { ConsoleBackend } from './backend';
import { FakeLogin } from './node-login';
import type { PctBridge } from './pct-bridge';
import type { ConsoleSession } from './session';
import { spawnShell, type TerminalProcess } from './shell';
import { TermproxyStream } from './termproxy-stream';
import type { ConsoleTickets } from './tickets';

// TERMPROXY listen_and_accept and read_ticket_line: 10 s each.
const AUTH_TIMEOUT_MS = 10_000;
// TERMPROXY's ByteBuffer holds 4 KiB; a ticket line longer than that is "incomplete".
const AUTH_LINE_MAX = 4096;

export interface TerminalDeps {
  sim: Simulation;
  auth: AuthService;
  tickets: ConsoleTickets;
  scheduler: Scheduler;
  /** false: shells over pipes, as where node-pty cannot load. */
  pty: boolean;
  /** The node shell's `pct` (none on Windows). */
  pct?: PctBridge;
  /** Records what is typed into node shells (the tests' view of what reached the shell). */
  shellInput?(text: string): void;
}

export class TerminalBackend implements ConsoleBackend {
  private readonly store = new DisposableStore('demo terminal backend');
  private authBuf: Buffer | undefined = Buffer.alloc(0);
  private stream?: TermproxyStream;
  private term?: TerminalProcess;
  private login?: FakeLogin;

  /** The client just connected from `peer`; termproxy now waits for the ticket line. */
  constructor(
    private readonly s: ConsoleSession,
    private readonly deps: TerminalDeps,
    peer: number,
  ) {
    // TERMPROXY listen_and_accept prints the client address to the task log.
    s.task.log(`client connection: 127.0.0.1:${peer}`);
    s.state = 'auth';
    s.authDeadline = deps.sim.clock.nowMs() + AUTH_TIMEOUT_MS;
  }

  get size(): { cols: number; rows: number } | undefined {
    return this.term ? { cols: this.term.cols, rows: this.term.rows } : undefined;
  }

  input(data: Buffer): void {
    if (this.s.state === 'auth') this.readAuthLine(data);
    else if (this.s.state === 'running') this.feed(data);
  }

  dispose(): Promise<void> {
    this.login = undefined;
    return this.store.dispose();
  }

  private readAuthLine(data: Buffer): void {
    const s = this.s;
    const buf = Buffer.concat([this.authBuf ?? Buffer.alloc(0), data]);
    this.authBuf = buf;
    const nl = buf.indexOf(0x0a);
    if (nl < 0) {
      if (buf.length >= AUTH_LINE_MAX) {
        s.termproxyFailed('failed reading ticket: authentication data is incomplete');
      }
      return;
    }
    const line = buf.subarray(0, nl).toString('utf8');
    const rest = buf.subarray(nl + 1);
    this.authBuf = undefined;
    const colon = line.indexOf(':');
    if (colon < 0) {
      s.termproxyFailed('failed reading ticket: authentication data is invalid');
      return;
    }
    if (!this.deps.tickets.termproxyAuth(s, line.slice(0, colon), line.slice(colon + 1))) {
      // TERMPROXY: on failure it just closes; the text goes to the task log.
      s.termproxyFailed('authentication request failed');
      return;
    }
    s.state = 'running';
    this.stream = new TermproxyStream();
    s.send(Buffer.from('OK'));
    this.startCommand();
    if (rest.length > 0) this.feed(rest);
  }

  private feed(data: Buffer): void {
    for (const ev of this.stream!.push(data)) {
      if (ev.kind === 'resize') {
        this.term?.resize(ev.cols, ev.rows);
        continue;
      }
      if (this.s.spec.kind === 'shell') this.deps.shellInput?.(ev.data.toString('utf8'));
      if (this.login) this.login.input(ev.data);
      else this.term?.write(ev.data);
    }
  }

  private print(text: string): void {
    this.s.send(Buffer.from(text, 'utf8'));
  }

  /** The command after `OK`: what the PTY would show, from the real commands' behaviour. */
  private startCommand(): void {
    const s = this.s;
    const node = this.deps.sim.node(s.spec.node);
    if (!node.online) {
      this.print(`ssh: connect to host ${node.ip} port 22: No route to host\r\n`);
      s.commandFailed();
      return;
    }
    const g = s.spec.guest;
    if (s.spec.kind === 'lxc' && g) {
      if (g.run === 'stopped') {
        this.print(
          `lxc-console: ${g.vmid}: ../src/lxc/tools/lxc_console.c: main: 129 ${g.vmid} is not running\r\n`,
        );
        s.commandFailed();
        return;
      }
      this.spawn('root', g.name, '');
      return;
    }
    if (s.spec.kind === 'serial' && g) {
      // QM terminal: the interface checks come before the running check.
      const serial = s.spec.serial;
      const problem =
        serial && !(serial === 'serial0' && g.serial)
          ? `serial interface '${serial}' is not configured`
          : !g.serial
            ? 'unable to find a serial interface'
            : g.run === 'stopped'
              ? `VM ${g.vmid} not running`
              : undefined;
      if (problem) {
        this.print(`${problem}\r\n`);
        s.commandFailed();
        return;
      }
      // -escape 0: no "(press Ctrl+O to exit)" hint.
      this.spawn('root', g.name, `starting serial terminal on interface serial0\r\n`);
      return;
    }
    const motd = `Linux ${node.name} ${KERNEL_RELEASE} ${KERNEL_VERSION} x86_64\r\n\r\n`;
    if (s.spec.identity.authid === 'root@pam') {
      this.spawn('root', node.name, motd, true);
      return;
    }
    // NODES get_shell_command: everyone else, tokens included, goes through /bin/login.
    this.login = new FakeLogin(
      node.name,
      (user, password) => this.deps.auth.checkPassword(`${user}@pam`, password),
      (text) => this.print(text),
      (user) => {
        this.login = undefined;
        this.spawn(user, node.name, motd, true);
      },
    );
    this.login.start();
  }

  private spawn(user: string, host: string, banner: string, nodeShell = false): void {
    const s = this.s;
    // Synchronous on purpose: termproxy has its PTY before it reads any input, so input and
    // resizes sent right after `OK` must find the terminal there (not be lost in a gap).
    let home: string;
    try {
      home = mkdtempSync(join(tmpdir(), 'deckhand-demo-shell-'));
    } catch (err) {
      this.print(`cannot create a home directory: ${String(err)}\r\n`);
      s.commandFailed();
      return;
    }
    if (banner) this.print(banner);
    const pct = nodeShell ? this.deps.pct?.shellEnv() : undefined;
    const term = spawnShell({
      ...(pct ? { pathPrefix: pct.binDir, env: { ...pct.env, DECKHAND_DEMO_NODE: host } } : {}),
      user,
      host,
      home,
      cols: 80,
      rows: 20,
      pty: this.deps.pty,
      scheduler: this.deps.scheduler,
    });
    this.term = term;
    // The shell goes first, then its home: nothing may still write there while it is removed.
    this.store.add(
      toDisposable(async () => {
        await term.kill();
        await rm(home, { recursive: true, force: true });
      }),
    );
    term.onData((d) => s.send(d));
    term.onExit(() => s.commandFailed());
  }
}
