// Public surface of the demo cluster: what hosts, tests and the bench may use.
// The implementation lives beside this file; `startDemoCluster` is exported from ./index.

import type { Disposable, Scheduler } from '../../shared/lifecycle';

export interface DemoClusterOptions {
  /** Seed for names, ids, stats and timings; same seed, same cluster. Default 1. */
  seed?: number;
  /** Number of nodes (default 3; 1 when `standalone`). */
  nodes?: number;
  /**
   * A standalone node instead of a cluster: one node that never joined one, as PVE reports it
   * (/cluster/status has only the node, `nodeid` 0; no `clustername` at login; no HA). Default false.
   */
  standalone?: boolean;
  /** The standalone node's name (default 'pve-edge'). */
  standaloneName?: string;
  /** Where in the seed's guest list the guests start (default 0), so two demos differ. */
  firstBlueprint?: number;
  /** Number of guests spread over the nodes (default 30). */
  guests?: number;
  /** How many of the nodes are offline (default 1 when nodes >= 3, else 0). */
  offlineNodes?: number;
  /** Added latency per API request in ms (default 0). */
  latencyMs?: number;
  /** Delay before answering a 401, as pveproxy does (~3 s); default 0 for tests. */
  authFailureDelayMs?: number;
  /** Multiplier for task durations (1 = realistic seconds; tests use e.g. 0.05). Default 1. */
  taskTimeScale?: number;
  /** New journal lines per second on each online node (default 0.5; the bench uses 1000). */
  journalLinesPerSecond?: number;
  /** How often the simulated stats move, in ms (default 1000). */
  statsIntervalMs?: number;
  /** TCP port on 127.0.0.1 (default 0 = any free port). */
  port?: number;
  /**
   * Serve every node itself, as PVE does: each its own certificate, on its own loopback address
   * (pve1 127.0.0.1, pve2 127.0.0.2, …: the nodes' `ip`) and the same port. Default false: only
   * the first node is served and the others are reached through it.
   */
  directNodes?: boolean;
  /** root@pam password (default: random per start). */
  password?: string;
  /**
   * pve-manager version the demo reports and behaves as (default '9.1.9'). Console behaviour
   * follows it: API tokens in the node shell since 9.0.13, port-bound VNC tickets, guest console
   * tokens and the vncproxy `password` since 9.1.9 (spec §1, §7).
   */
  version?: string;
  /**
   * What serves VNC consoles: a real TigerVNC Xvnc per session ('xvnc'), the demo's own small RFB
   * server ('builtin'), or Xvnc when `Xvnc`, `xterm` and `vncpasswd` are on PATH ('auto', default).
   */
  vncBackend?: 'auto' | 'xvnc' | 'builtin';
  /**
   * false: shells run over pipes, with a notice, as they do where node-pty cannot load (default
   * true).
   */
  pty?: boolean;
  /**
   * Where the cluster's real-time timers come from: task steps, added latency, console ticks,
   * kill deadlines (default: the system scheduler). Simulated time is advanceClock()'s.
   */
  scheduler?: Scheduler;
}

export interface ConsoleSupport {
  /** termproxy sessions run in a real pseudo-terminal */
  pty: boolean;
  /** why not, when `pty` is false */
  ptyError?: string;
  /** the VNC backend in use */
  vnc: 'xvnc' | 'builtin';
}

export interface ConsoleSessionInfo {
  /** node shell, container console, VM serial console, or VNC */
  kind: 'shell' | 'lxc' | 'serial' | 'vnc';
  node: string;
  vmid?: number;
  /** who opened it: user@realm or a token id */
  authid: string;
  /** the terminal's size, once a terminal runs */
  cols?: number;
  rows?: number;
}

export interface DemoCredentials {
  /** Full-rights user: root@pam */
  username: string;
  realm: string;
  password: string;
  /** A read-only user (PVEAuditor on /): audit@pve */
  readonlyUser: { username: string; realm: string; password: string };
  /**
   * A user with a second factor (Administrator): tfa@pve. Logging in answers `NeedTFA`; step 2
   * takes `totp:<code>` (RFC 6238 over `totpSecret`, base32) or `recovery:<key>`, each key once.
   */
  tfaUser: {
    username: string;
    realm: string;
    password: string;
    totpSecret: string;
    recoveryKeys: readonly string[];
  };
  /** A user whose only second factor is WebAuthn: webauthn@pve (same password as tfaUser). */
  webauthnUser: { username: string; realm: string; password: string };
  /** An API token of root@pam with privsep=0: `root@pam!deckhand` */
  token: { tokenId: string; secret: string };
}

export type FaultRule =
  /** Answer matching requests with this status (e.g. 500, 502, 595) and PVE's body for it. */
  | {
      kind: 'status';
      status: number;
      method?: string;
      path?: RegExp;
      times?: number;
      message?: string;
    }
  /** Destroy the socket without a reply. */
  | { kind: 'drop'; method?: string; path?: RegExp; times?: number }
  /** Delay the reply. */
  | { kind: 'slow'; delayMs: number; method?: string; path?: RegExp; times?: number }
  /** Reply 200 with a body that is not JSON. */
  | { kind: 'malformed'; method?: string; path?: RegExp; times?: number }
  /** Run the request (a POST starts its task), then destroy the socket: the reply is lost. */
  | { kind: 'drop-reply'; method?: string; path?: RegExp; times?: number }
  /** Run the request at once, but answer only after `delayMs` (past the client's timeout). */
  | { kind: 'late-reply'; delayMs: number; method?: string; path?: RegExp; times?: number };

export interface DemoCluster extends Disposable {
  /** https://127.0.0.1:<port> (no trailing slash, no /api2/json) */
  readonly url: string;
  readonly port: number;
  /** SHA-256 of the current certificate, colon hex upper case */
  readonly fingerprint: string;
  /** The current certificate (PEM), for clients that trust it as their CA. */
  readonly certificatePem: string;
  /** The node this server answers as (pve1); the others are reached through it. */
  readonly localNode: string;
  /** A standalone node, not a cluster (see DemoClusterOptions.standalone). */
  readonly standalone: boolean;
  readonly credentials: DemoCredentials;
  /** Add a fault rule; returns a function that removes it. */
  addFault(rule: FaultRule): () => void;
  clearFaults(): void;
  /**
   * Change a user's password, as an admin would with `pveum passwd` (tickets already issued stay
   * valid, as on PVE). `credentials` keeps the passwords the cluster started with.
   */
  setPassword(userid: string, password: string): void;
  /** Invalidate every ticket issued so far (as if they had expired). */
  expireTickets(): void;
  /** Move the simulated clock forward (tickets age, uptime grows). */
  advanceClock(seconds: number): void;
  /**
   * Swap a node's certificate (default the first node's) for a fresh self-signed one, as
   * `pvecm updatecerts --force` would; resolves with its fingerprint.
   */
  rotateCertificate(node?: string): Promise<string>;
  /** The cluster's node names, in order (a joined node last). */
  nodeNames(): string[];
  /** https://<address>:<port> of a node the demo serves itself (directNodes; else the first only). */
  nodeUrl(node: string): string;
  /** The SHA-256 of a served node's certificate (as GET /nodes `ssl_fingerprint` shows it). */
  nodeFingerprint(node: string): string;
  /**
   * Take a node offline (the cluster lists it offline, its guests stop, its own server stops
   * answering: connections refused) or bring it back.
   */
  setNodeOnline(node: string, online: boolean): Promise<void>;
  /** A node joins the cluster (no guests; its own certificate and, with directNodes, server). */
  addNode(): Promise<string>;
  /** Make the whole cluster unreachable (every node's server stops: refused) or bring it back. */
  setReachable(reachable: boolean): Promise<void>;
  /** Count of requests seen, by `METHOD /path` (path without query), for tests and benches. */
  requestCounts(): Map<string, number>;
  /** TLS connections the running front ends accepted (handshakes done), for keep-alive tests. */
  tlsConnections(): number;
  /** Change the nodes' journal line rate from now on (lines per second per node). */
  setJournalRate(linesPerSecond: number): void;
  /** Leave only `bytes` free on a node's storage (every node's, when shared): backups then run out of space. */
  setStorageAvail(node: string, storage: string, bytes: number): void;
  /**
   * Test knob: while held, running tasks make no progress (a task started now stays running
   * before its first step, its locks kept) until released with `false`.
   */
  holdTasks(hold: boolean): void;
  /** Test knob: the guest ignores (or again honours) ACPI shutdown requests. */
  ignoreShutdown(vmid: number, ignore: boolean): void;
  /** Another client edits a guest's config file (its digest changes); '' deletes an option. */
  editConfig(vmid: number, changes: Record<string, string>): void;
  /** The pve-manager version it behaves as. */
  readonly version: string;
  /** Whether shells have a real PTY and which VNC backend serves consoles. */
  consoleSupport(): ConsoleSupport;
  /** The console proxies alive now (waiting for their connection or connected). */
  consoleSessions(): ConsoleSessionInfo[];
  /**
   * Destroy the TCP socket of every open console websocket, abruptly (no close frame), as a
   * network failure would; returns how many there were.
   */
  dropConsoleSockets(): number;
  /**
   * Make every open console websocket go silent without closing (no reads, no writes, pings
   * unanswered), as a network dropping packets would; returns how many there were.
   */
  stallConsoleSockets(): number;
  /** Everything typed into node shells so far, as the shells received it (input frames). */
  shellInput(): string[];
  /** Stop everything the cluster started (server, sockets, tasks, consoles); safe to repeat. */
  close(): Promise<void>;
  /** The same as close(), as a Disposable. */
  dispose(): Promise<void>;
}
