// Console proxies as PVE runs them (spec §7): each termproxy/vncproxy call makes a VNC ticket, a
// port in 5900–5999 and a worker task; the proxy waits 10 s for its one connection (which arrives
// through .../vncwebsocket), termproxy then 10 s more for the `<authid>:<ticket>\n` line, and the
// task ends with the session. Sources, per rule, in the comments:
//   NODES = pve-manager PVE/API2/Nodes.pm, QEMU = qemu-server src/PVE/API2/Qemu.pm,
//   QM = qemu-server src/PVE/CLI/qm.pm, LXC = pve-container src/PVE/API2/LXC.pm,
//   ACL = pve-access-control src/PVE/AccessControl.pm, TERMPROXY = pve-xtermjs termproxy/src/main.rs,
//   HTTP = pve-http-server src/PVE/APIServer/AnyEvent.pm (websocket_proxy).
// The ports are names, not sockets: the demo never binds 5900–5999, a port only finds its session.

import { mkdtempSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AuthService, Identity } from '../auth';
import { ApiError, fail } from '../errors';
import type { Guest } from '../model';
import type { Simulation } from '../sim';
import { FakeLogin } from './node-login';
import { RfbServer } from './rfb-server';
import { loadPty, ptyStatus, spawnShell, type TerminalProcess } from './shell';
import { TermproxyStream } from './termproxy-stream';
import { consoleFeatures, type ConsoleFeatures } from './version';
import { VmGetty } from './vm-getty';
import { missingXvncPrograms, XvncDisplay, XVNC_PACKAGES } from './xvnc';

export type ConsoleKind = 'shell' | 'lxc' | 'serial' | 'vnc';
export type VncBackend = 'xvnc' | 'builtin';

export interface ConsoleSessionInfo {
  kind: ConsoleKind;
  node: string;
  vmid?: number;
  authid: string;
  cols?: number;
  rows?: number;
}

export interface TermproxyReply {
  user: string;
  ticket: string;
  port: number;
  upid: string;
}

export interface VncproxyReply extends TermproxyReply {
  cert: string;
  password?: string;
}

export interface ConsoleManagerOptions {
  version: string;
  vncBackend: 'auto' | 'xvnc' | 'builtin';
  /** false: shells over pipes, as where node-pty cannot load. */
  pty: boolean;
  /** the PEM the vncproxy reply carries as `cert` (PVE: pve-root-ca.pem) */
  certificatePem: () => string;
}

const PORT_MIN = 5900;
const PORT_MAX = 5999;
// TERMPROXY listen_and_accept and read_ticket_line: 10 s each; QEMU vncproxy: $timeout = 10.
const CONNECT_TIMEOUT_MS = 10_000;
const AUTH_TIMEOUT_MS = 10_000;
// QM vncproxy: expire_password +30.
const VNC_PASSWORD_LIFETIME_MS = 30_000;
// TERMPROXY's ByteBuffer holds 4 KiB; a ticket line longer than that is "incomplete".
const AUTH_LINE_MAX = 4096;
// HTTP websocket_proxy: $max_payload_size = 128 * 1024 for server frames.
const MAX_FRAME = 128 * 1024;
const TICK_MS = 100;

type State = 'listening' | 'auth' | 'running' | 'ended';

interface Session {
  port: number;
  kind: ConsoleKind;
  node: string;
  guest?: Guest;
  /** the serial interface asked for (qemu termproxy `serial`) */
  serial?: string;
  identity: Identity;
  aclPath: string;
  priv: string;
  /** termproxy pins the ticket it was started with (--ticket-fd) */
  ticket: string;
  vncPassword?: string;
  /** termproxy's command line, for the task's error text */
  cmdline: string;
  task: { log: (line: string) => void; end: (error?: string) => void; upid: string };
  state: State;
  connectDeadline: number;
  authDeadline?: number;
  passwordExpires?: number;
  passwordExpired?: boolean;
  ticker?: NodeJS.Timeout;
  ws?: WebSocket;
  socket?: Duplex;
  authBuf?: Buffer;
  stream?: TermproxyStream;
  term?: TerminalProcess;
  /** stallSockets(): the connection is silent both ways. */
  stalled?: boolean;
  login?: FakeLogin;
  rfb?: RfbServer;
  xvnc?: XvncDisplay;
  xvncSocket?: Socket;
  /** bytes from the client that arrived before the VNC backend was up */
  early?: Buffer[];
  home?: string;
  cleanup?: Promise<void>;
}

function generateVncPassword(): string {
  // pve-common src/PVE/Ticket.pm generate_vnc_password: 8 chars from '!' (0x21) to '`' (0x60).
  let out = '';
  while (out.length < 8) {
    for (const b of randomBytes(16)) {
      if (out.length < 8) out += String.fromCharCode(0x21 + (b & 0x3f));
    }
  }
  return out;
}

/** Split `user@realm!token` into the identity the ACL checks. */
export function identityOf(authid: string): Identity {
  const bang = authid.indexOf('!');
  return bang < 0
    ? { user: authid, authid }
    : { user: authid.slice(0, bang), tokenid: authid.slice(bang + 1), authid };
}

export class ConsoleManager {
  readonly features: ConsoleFeatures;
  readonly vncBackend: VncBackend;
  private readonly sessions = new Map<number, Session>();
  private readonly wss: WebSocketServer;
  private readonly cleanups = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly sim: Simulation,
    private readonly auth: AuthService,
    private readonly opts: ConsoleManagerOptions,
  ) {
    this.features = consoleFeatures(opts.version);
    const missing = missingXvncPrograms();
    if (opts.vncBackend === 'xvnc' && missing.length > 0) {
      throw new Error(
        `vncBackend 'xvnc' needs ${missing.join(', ')} on PATH: apt-get install ${XVNC_PACKAGES}`,
      );
    }
    this.vncBackend = opts.vncBackend === 'builtin' || missing.length > 0 ? 'builtin' : 'xvnc';
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: MAX_FRAME,
      // HTTP websocket_proxy echoes the client's Sec-WebSocket-Protocol verbatim (since 2021).
      handleProtocols: (_offered, req) => req.headers['sec-websocket-protocol'] ?? false,
    });
  }

  /** Load node-pty before the first shell is needed. */
  static prepare(): Promise<void> {
    return loadPty();
  }

  support(): { pty: boolean; ptyError?: string; vnc: VncBackend } {
    const status = ptyStatus();
    if (!this.opts.pty) {
      return { pty: false, ptyError: 'pseudo-terminals are turned off', vnc: this.vncBackend };
    }
    return { ...status, vnc: this.vncBackend };
  }

  list(): ConsoleSessionInfo[] {
    const out: ConsoleSessionInfo[] = [];
    for (const s of this.sessions.values()) {
      if (s.state === 'ended') continue;
      const e: ConsoleSessionInfo = { kind: s.kind, node: s.node, authid: s.identity.authid };
      if (s.guest) e.vmid = s.guest.vmid;
      if (s.term) {
        e.cols = s.term.cols;
        e.rows = s.term.rows;
      }
      out.push(e);
    }
    return out;
  }

  /**
   * Stop reading every open console websocket (so pings go unanswered and nothing is sent), as a
   * network silently dropping packets would; how many there were.
   */
  stallSockets(): number {
    let n = 0;
    for (const s of this.sessions.values()) {
      if (s.socket && !s.socket.destroyed) {
        s.socket.pause();
        s.stalled = true;
        n++;
      }
    }
    return n;
  }

  /** Destroy every open console websocket's TCP socket, no close frame; how many there were. */
  dropSockets(): number {
    let n = 0;
    for (const s of this.sessions.values()) {
      if (s.socket && !s.socket.destroyed) {
        s.socket.destroy();
        n++;
      }
    }
    return n;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const s of [...this.sessions.values()]) this.end(s, undefined, { quiet: true });
    await Promise.all([...this.cleanups]);
    this.wss.close();
  }

  // ---- creating proxies ----------------------------------------------------------------------

  private allocatePort(): number {
    // pve-common PVE/Tools.pm next_vnc_port: the first free port from 5900 up.
    for (let p = PORT_MIN; p <= PORT_MAX; p++) if (!this.sessions.has(p)) return p;
    throw fail(`unable to find free port (${PORT_MIN}-${PORT_MAX})`);
  }

  private ssh(node: string): string {
    const n = this.sim.node(node);
    return `/usr/bin/ssh -e none -o BatchMode=yes -o HostKeyAlias=${node} -t root@${n.ip} --`;
  }

  private termproxyCmd(port: number, path: string, perm: string, vncEndpoint: boolean): string {
    const f = this.features;
    return [
      '/usr/bin/termproxy',
      String(port),
      '--path',
      path,
      '--perm',
      perm,
      ...(vncEndpoint ? ['--vncticket-endpoint'] : []),
      ...(f.portBoundTickets ? ['--verify-port', '--ticket-fd', '12'] : []),
      '--',
    ].join(' ');
  }

  private begin(
    s: Omit<Session, 'state' | 'connectDeadline' | 'task' | 'port' | 'ticket' | 'cmdline'>,
    taskType: string,
    taskId: string,
    ticketFor: (port: number) => string,
    cmdlineFor: (port: number) => string,
  ): Session {
    if (this.closed) throw fail('demo cluster is closing');
    const port = this.allocatePort();
    // fork_worker runs on the node that took the call, whatever node the console is for.
    const t = this.sim.tasks.startDetached(
      this.sim.localNode.name,
      taskType,
      taskId,
      s.identity.authid,
    );
    const session: Session = {
      ...s,
      port,
      ticket: ticketFor(port),
      cmdline: cmdlineFor(port),
      task: { log: t.log, end: t.end, upid: t.task.upid },
      state: 'listening',
      connectDeadline: this.sim.clock.nowMs() + CONNECT_TIMEOUT_MS,
    };
    this.sessions.set(port, session);
    session.ticker = setInterval(() => this.tick(session), TICK_MS);
    return session;
  }

  private vncTicket(identity: Identity, path: string, port: number): string {
    // ACL assemble_vnc_ticket: the port is signed in since PVE 9.1.9 (qemu-server c9ee34b5).
    return this.auth.createVncTicket(
      identity.authid,
      path,
      this.features.portBoundTickets ? port : undefined,
    );
  }

  /** POST /nodes/{node}/termproxy */
  nodeTermproxy(identity: Identity, node: string): TermproxyReply {
    // NODES termproxy before 9.0.13 ran verify_username($rpcenv->get_user()), which a token id
    // fails (pve-access-control src/PVE/Auth/Plugin.pm verify_username's text).
    if (identity.tokenid && !this.features.nodeShellTokens) {
      throw fail(`value '${identity.authid}' does not look like a valid user name`);
    }
    const n = this.sim.node(node);
    const path = `/nodes/${node}`;
    // NODES get_shell_command: root@pam gets `login -f root` (nothing over ssh), anyone else
    // /bin/login; a remote node is reached by `ssh -t root@<ip> --`.
    const local = n === this.sim.localNode;
    const login =
      identity.authid === 'root@pam' ? (local ? '/bin/login -f root' : '') : '/bin/login';
    const s = this.begin(
      { kind: 'shell', node, identity, aclPath: path, priv: 'Sys.Console' },
      'vncshell',
      '',
      (port) => this.vncTicket(identity, path, port),
      (port) =>
        `${this.termproxyCmd(port, path, 'Sys.Console', this.features.nodeShellTokens)} ${local ? '' : this.ssh(node) + ' '}${login}`.trimEnd(),
    );
    return { user: identity.authid, ticket: s.ticket, port: s.port, upid: s.task.upid };
  }

  /** POST /nodes/{node}/lxc/{vmid}/termproxy and /nodes/{node}/qemu/{vmid}/termproxy */
  guestTermproxy(identity: Identity, guest: Guest, serial: string | undefined): TermproxyReply {
    const path = `/vms/${guest.vmid}`;
    const local = this.sim.node(guest.node) === this.sim.localNode;
    const remote = local ? '' : this.ssh(guest.node) + ' ';
    const inner =
      guest.type === 'lxc'
        ? // LXC termproxy: dtach around lxc-console (cmode tty, the default).
          `/usr/bin/dtach -A /var/run/dtach/vzctlconsole${guest.vmid} -r winch -z lxc-console -n ${guest.vmid} -e -1`
        : `/usr/sbin/qm terminal ${guest.vmid} -escape 0${serial ? ` -iface ${serial}` : ''}`;
    const s = this.begin(
      {
        kind: guest.type === 'lxc' ? 'lxc' : 'serial',
        node: guest.node,
        guest,
        serial,
        identity,
        aclPath: path,
        priv: 'VM.Console',
      },
      'vncproxy',
      String(guest.vmid),
      (port) => this.vncTicket(identity, path, port),
      (port) =>
        `${this.termproxyCmd(port, path, 'VM.Console', this.features.portBoundTickets)} ${remote}${inner}`,
    );
    return { user: identity.authid, ticket: s.ticket, port: s.port, upid: s.task.upid };
  }

  /** POST /nodes/{node}/qemu/{vmid}/vncproxy */
  vncproxy(identity: Identity, guest: Guest, generatePassword: boolean): VncproxyReply {
    const path = `/vms/${guest.vmid}`;
    let password: string | undefined;
    let vncPassword = '';
    const s = this.begin(
      { kind: 'vnc', node: guest.node, guest, identity, aclPath: path, priv: 'VM.Console' },
      'vncproxy',
      String(guest.vmid),
      (port) => {
        const ticket = this.vncTicket(identity, path, port);
        if (this.features.portBoundTickets) {
          // QEMU vncproxy since 282ec11d: a fresh password whenever VNC auth is used, and the
          // ticket prefixed with it so clients that use the ticket as password still work.
          password = generateVncPassword();
          vncPassword = password;
          return `${password}:${ticket}`;
        }
        // Before: the ticket itself is the VNC password unless generate-password asks for one.
        vncPassword = generatePassword ? (password = generateVncPassword()) : ticket;
        return ticket;
      },
      () => `/usr/sbin/qm vncproxy ${guest.vmid}`,
    );
    s.vncPassword = vncPassword;
    const reply: VncproxyReply = {
      user: identity.authid,
      ticket: s.ticket,
      port: s.port,
      upid: s.task.upid,
      cert: this.opts.certificatePem(),
    };
    if (password !== undefined) reply.password = password;
    return reply;
  }

  // ---- the websocket -------------------------------------------------------------------------

  /**
   * GET …/vncwebsocket, the handler part (NODES/QEMU/LXC vncwebsocket): the ticket must verify
   * for the caller, the path and (since 9.1.9) the port. Throws PVE's errors.
   */
  verifyWebsocket(identity: Identity, path: string, port: number, vncticket: string): void {
    if (path.startsWith('/nodes/') && identity.tokenid && !this.features.nodeShellTokens) {
      throw fail(`value '${identity.authid}' does not look like a valid user name`);
    }
    const ok = this.auth.verifyVncTicket(
      vncticket,
      identity.authid,
      path,
      this.features.portBoundTickets ? port : undefined,
    );
    // pve-common Ticket.pm verify_rsa_ticket raises this 401.
    if (!ok) throw new ApiError(401, 'permission denied - invalid PVEVNC ticket');
  }

  /** Whether a proxy is waiting for its connection on this port (else pveproxy's connect fails). */
  listening(port: number): boolean {
    return this.sessions.get(port)?.state === 'listening';
  }

  /** Complete the upgrade (already authorised) and hand the socket to the port's session. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, port: number): void {
    const s = this.sessions.get(port);
    if (!s || s.state !== 'listening') {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(s, ws, socket));
  }

  private attach(s: Session, ws: WebSocket, socket: Duplex): void {
    if (s.state !== 'listening') {
      socket.destroy();
      return;
    }
    s.ws = ws;
    s.socket = socket;
    ws.on('error', () => {});
    ws.on('close', () => {
      // TERMPROXY: the client going away ends the loop normally (exit 0); QM vncproxy exit(0).
      if (s.state !== 'ended') this.end(s, undefined);
    });
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => this.onMessage(s, toBuffer(data)));
    const peer = (socket as Socket).remotePort ?? 0;
    if (s.kind === 'vnc') {
      this.startVnc(s);
    } else {
      // TERMPROXY listen_and_accept prints the client address to the task log.
      s.task.log(`client connection: 127.0.0.1:${peer}`);
      s.state = 'auth';
      s.authBuf = Buffer.alloc(0);
      s.authDeadline = this.sim.clock.nowMs() + AUTH_TIMEOUT_MS;
    }
  }

  private onMessage(s: Session, data: Buffer): void {
    if (s.state === 'ended') return;
    if (s.kind === 'vnc') {
      if (s.rfb) s.rfb.push(data);
      else if (s.xvncSocket) s.xvncSocket.write(data);
      else s.early?.push(data);
      return;
    }
    if (s.state === 'auth') {
      s.authBuf = Buffer.concat([s.authBuf ?? Buffer.alloc(0), data]);
      const nl = s.authBuf.indexOf(0x0a);
      if (nl < 0) {
        if (s.authBuf.length >= AUTH_LINE_MAX) {
          this.termproxyFailed(s, 'failed reading ticket: authentication data is incomplete');
        }
        return;
      }
      const line = s.authBuf.subarray(0, nl).toString('utf8');
      const rest = s.authBuf.subarray(nl + 1);
      s.authBuf = undefined;
      const colon = line.indexOf(':');
      if (colon < 0) {
        this.termproxyFailed(s, 'failed reading ticket: authentication data is invalid');
        return;
      }
      if (!this.termproxyAuth(s, line.slice(0, colon), line.slice(colon + 1))) {
        // TERMPROXY: on failure it just closes; the text goes to the task log.
        this.termproxyFailed(s, 'authentication request failed');
        return;
      }
      s.state = 'running';
      s.stream = new TermproxyStream();
      this.send(s, Buffer.from('OK'));
      this.startTerminal(s);
      if (rest.length > 0) this.feedTerminal(s, rest);
      return;
    }
    if (s.state === 'running') this.feedTerminal(s, data);
  }

  /** What termproxy asks the API to verify the auth line (TERMPROXY authenticate). */
  private termproxyAuth(s: Session, authid: string, ticket: string): boolean {
    // The pinned ticket (--ticket-fd, since 9.1.9) must be the one the proxy was made with.
    if (this.features.portBoundTickets && ticket !== s.ticket) return false;
    const vncEndpoint =
      s.kind === 'shell' ? this.features.nodeShellTokens : this.features.portBoundTickets;
    if (vncEndpoint) {
      return this.checkVncticketEndpoint(
        authid,
        ticket,
        s.aclPath,
        s.priv,
        this.features.portBoundTickets ? s.port : undefined,
      );
    }
    return this.checkTicketEndpoint(authid, ticket, s.aclPath, s.priv);
  }

  /**
   * POST /access/vncticket (pve-access-control src/PVE/API2/AccessControl.pm verify_vnc_ticket):
   * the ticket for this authid (user or token), path and port, and the privilege on the path.
   */
  checkVncticketEndpoint(
    authid: string,
    ticket: string,
    path: string,
    privs: string,
    port: number | undefined,
  ): boolean {
    if (!this.auth.verifyVncTicket(ticket, authid, path, port)) return false;
    const id = identityOf(authid);
    if (id.tokenid !== undefined && authid !== this.auth.tokenId) return false;
    if (!this.auth.userExists(id.user)) return false;
    const list = privs.split(/[,; ]+/).filter(Boolean);
    return list.length > 0 && list.every((p) => this.auth.hasPriv(id, p));
  }

  /**
   * The older route, POST /access/ticket with path+privs (verify_auth): a user (never a token:
   * lookup_username fails on a token id) with a port-less VNC ticket.
   */
  private checkTicketEndpoint(user: string, ticket: string, path: string, privs: string): boolean {
    if (user.includes('!') || !this.auth.userExists(user)) return false;
    if (!this.auth.verifyVncTicket(ticket, user, path, undefined)) return false;
    const list = privs.split(/[,; ]+/).filter(Boolean);
    return list.every((p) => this.auth.hasPriv({ user, authid: user }, p));
  }

  private termproxyFailed(s: Session, line: string): void {
    s.task.log(line);
    this.end(s, `command '${s.cmdline}' failed: exit code 1`);
  }

  private send(s: Session, data: Buffer): void {
    const ws = s.ws;
    if (!ws || ws.readyState !== ws.OPEN || s.stalled) return;
    for (let i = 0; i < data.length; i += MAX_FRAME) {
      ws.send(data.subarray(i, i + MAX_FRAME), { binary: true });
    }
  }

  private feedTerminal(s: Session, data: Buffer): void {
    for (const ev of s.stream!.push(data)) {
      if (ev.kind === 'resize') s.term?.resize(ev.cols, ev.rows);
      else if (s.login) s.login.input(ev.data);
      else s.term?.write(ev.data);
    }
  }

  /** The command after `OK`: what the PTY would show, from the real commands' behaviour. */
  private startTerminal(s: Session): void {
    const node = this.sim.node(s.node);
    const print = (text: string): void => this.send(s, Buffer.from(text, 'utf8'));
    // The command ended by itself: termproxy's PTY read fails and it exits 1.
    const exitFailed = (): void => this.end(s, `command '${s.cmdline}' failed: exit code 1`);
    if (!node.online) {
      print(`ssh: connect to host ${node.ip} port 22: No route to host\r\n`);
      exitFailed();
      return;
    }
    const g = s.guest;
    if (s.kind === 'lxc' && g) {
      if (g.run === 'stopped') {
        print(
          `lxc-console: ${g.vmid}: ../src/lxc/tools/lxc_console.c: main: 129 ${g.vmid} is not running\r\n`,
        );
        exitFailed();
        return;
      }
      this.spawnTerminal(s, 'root', g.name, '');
      return;
    }
    if (s.kind === 'serial' && g) {
      // QM terminal: the interface checks come before the running check.
      if (s.serial && !(s.serial === 'serial0' && g.serial)) {
        print(`serial interface '${s.serial}' is not configured\r\n`);
        exitFailed();
        return;
      }
      if (!g.serial) {
        print('unable to find a serial interface\r\n');
        exitFailed();
        return;
      }
      if (g.run === 'stopped') {
        print(`VM ${g.vmid} not running\r\n`);
        exitFailed();
        return;
      }
      // -escape 0: no "(press Ctrl+O to exit)" hint.
      this.spawnTerminal(s, 'root', g.name, `starting serial terminal on interface serial0\r\n`);
      return;
    }
    const motd = `Linux ${node.name} 6.14.11-4-pve #1 SMP PREEMPT_DYNAMIC PMX 6.14.11-4 (2025-10-10T08:04Z) x86_64\r\n\r\n`;
    if (s.identity.authid === 'root@pam') {
      this.spawnTerminal(s, 'root', node.name, motd);
      return;
    }
    // NODES get_shell_command: everyone else, tokens included, goes through /bin/login.
    s.login = new FakeLogin(
      node.name,
      (user, password) => this.auth.checkPassword(`${user}@pam`, password),
      print,
      (user) => {
        s.login = undefined;
        this.spawnTerminal(s, user, node.name, motd);
      },
    );
    s.login.start();
  }

  private spawnTerminal(s: Session, user: string, host: string, banner: string): void {
    // Synchronous on purpose: termproxy has its PTY before it reads any input, so input and
    // resizes sent right after `OK` must find the terminal there (not be lost in a gap).
    let home: string;
    try {
      home = mkdtempSync(join(tmpdir(), 'deckhand-demo-shell-'));
    } catch (err) {
      this.send(s, Buffer.from(`cannot create a home directory: ${String(err)}\r\n`));
      this.end(s, `command '${s.cmdline}' failed: exit code 1`);
      return;
    }
    s.home = home;
    if (banner) this.send(s, Buffer.from(banner, 'utf8'));
    const term = spawnShell({ user, host, home, cols: 80, rows: 20, pty: this.opts.pty });
    s.term = term;
    term.onData((d) => this.send(s, d));
    term.onExit(() => {
      if (s.state !== 'ended') this.end(s, `command '${s.cmdline}' failed: exit code 1`);
    });
  }

  private startVnc(s: Session): void {
    const g = s.guest!;
    const node = this.sim.node(s.node);
    s.state = 'running';
    // QEMU vncproxy's worker runs `qm vncproxy` (over ssh for another node) once connected.
    if (!node.online) {
      s.task.log(`ssh: connect to host ${node.ip} port 22: No route to host`);
      this.end(s, 'Failed to run vncproxy.');
      return;
    }
    if (g.run === 'stopped') {
      // QM vncproxy: set_password goes to QMP first, which dies for a stopped VM.
      s.task.log(`VM ${g.vmid} not running`);
      this.end(s, 'Failed to run vncproxy.');
      return;
    }
    s.passwordExpires = this.sim.clock.nowMs() + VNC_PASSWORD_LIFETIME_MS;
    const password = s.vncPassword ?? '';
    if (this.vncBackend === 'builtin') {
      const getty = new VmGetty(g.name);
      s.rfb = new RfbServer({
        password,
        passwordValid: () => !s.passwordExpired && this.sim.clock.nowMs() < s.passwordExpires!,
        name: g.name,
        screen: getty.screen,
        onKey: (keysym, down) => getty.key(keysym, down),
        send: (b) => this.send(s, b),
        end: () => this.end(s, undefined),
      });
      s.rfb.start();
      return;
    }
    s.early = [];
    const job = (async () => {
      const home = await mkdtemp(join(tmpdir(), 'deckhand-demo-vnc-'));
      let display: XvncDisplay | undefined;
      try {
        if (s.state !== 'ended') {
          display = await XvncDisplay.start({ dir: home, vmName: g.name, password });
        }
      } finally {
        // Ended meanwhile (or failed): nothing of this start may outlive the session.
        if (s.state === 'ended' || !display) {
          await display?.close();
          await rm(home, { recursive: true, force: true });
        }
      }
      if (s.state === 'ended' || !display) return;
      s.home = home;
      s.xvnc = display;
      const sock = connect(display.port, '127.0.0.1');
      s.xvncSocket = sock;
      sock.on('connect', () => {
        for (const b of s.early ?? []) sock.write(b);
        s.early = undefined;
      });
      sock.on('data', (d: Buffer) => this.send(s, d));
      sock.on('error', () => {});
      sock.on('close', () => {
        if (s.state !== 'ended') this.end(s, undefined);
      });
    })().catch((err: unknown) => {
      s.task.log(err instanceof Error ? err.message : String(err));
      this.end(s, 'Failed to run vncproxy.');
    });
    this.track(job);
  }

  // ---- lifetime ------------------------------------------------------------------------------

  private tick(s: Session): void {
    if (s.state === 'ended') return;
    const now = this.sim.clock.nowMs();
    const task = this.sim.tasks.get(s.task.upid);
    if (task && task.status !== 'running') {
      // The task was stopped (DELETE …/tasks/{upid}): the worker and its proxy are gone.
      this.end(s, undefined);
      return;
    }
    if (s.state === 'listening' && now > s.connectDeadline) {
      if (s.kind === 'vnc') this.end(s, 'connection timed out');
      else this.termproxyFailed(s, 'failed waiting for client: timed out');
      return;
    }
    if (s.state === 'auth' && s.authDeadline !== undefined && now > s.authDeadline) {
      this.termproxyFailed(s, 'failed reading ticket: timed out');
      return;
    }
    if (s.state === 'running' && s.guest && s.guest.run === 'stopped') {
      // The guest went away under the console: QEMU closes its VNC socket (qm vncproxy exits 0),
      // lxc-console / qm terminal end and termproxy's PTY read fails.
      this.end(s, s.kind === 'vnc' ? undefined : `command '${s.cmdline}' failed: exit code 1`);
      return;
    }
    if (s.passwordExpires !== undefined && !s.passwordExpired && now > s.passwordExpires) {
      s.passwordExpired = true;
      if (s.xvnc) this.track(s.xvnc.expirePassword());
    }
  }

  private track(p: Promise<unknown>): void {
    const done: Promise<void> = p.then(
      () => undefined,
      () => undefined,
    );
    this.cleanups.add(done);
    void done.then(() => this.cleanups.delete(done));
  }

  private end(s: Session, error: string | undefined, o: { quiet?: boolean } = {}): void {
    if (s.state === 'ended') return;
    s.state = 'ended';
    if (s.ticker) clearInterval(s.ticker);
    this.sessions.delete(s.port);
    if (!o.quiet) s.task.end(error);
    // HTTP websocket_proxy: when the backend goes, pveproxy shuts the client socket down after
    // flushing, without a close frame.
    if (s.socket && !s.socket.destroyed) s.socket.end();
    const term = s.term;
    const xvnc = s.xvnc;
    const sock = s.xvncSocket;
    const home = s.home;
    s.rfb = undefined;
    this.track(
      (async () => {
        sock?.destroy();
        await Promise.all([term?.kill(), xvnc?.close()]);
        if (home) await rm(home, { recursive: true, force: true });
      })(),
    );
    if (this.closed && s.socket && !s.socket.destroyed) s.socket.destroy();
  }
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
