// The data model shared by core and renderer. Everything here is already normalised by core:
// PVE's 0/1 booleans are real booleans, tags are arrays, absent fields stay absent.

import type { TfaOptions } from './tfa';

export type GuestType = 'qemu' | 'lxc';

/** Guest run state. qemu reports QMP states (paused, prelaunch, ...); offline nodes give 'unknown'. */
export type GuestStatus =
  'running' | 'stopped' | 'paused' | 'suspended' | 'unknown' | (string & {});

export interface GuestResource {
  /** `qemu/100`, `lxc/101` */
  id: string;
  type: GuestType;
  vmid: number;
  node: string;
  name?: string;
  status: GuestStatus;
  template: boolean;
  /** seconds */
  uptime?: number;
  /** fraction 0..1 of maxcpu */
  cpu?: number;
  maxcpu?: number;
  /** bytes */
  mem?: number;
  maxmem?: number;
  disk?: number;
  maxdisk?: number;
  netin?: number;
  netout?: number;
  diskread?: number;
  diskwrite?: number;
  pool?: string;
  lock?: string;
  tags: string[];
  hastate?: string;
}

export interface NodeResource {
  /** `node/pve1` */
  id: string;
  type: 'node';
  node: string;
  status: 'online' | 'offline' | 'unknown';
  uptime?: number;
  cpu?: number;
  maxcpu?: number;
  mem?: number;
  maxmem?: number;
  disk?: number;
  maxdisk?: number;
  level?: string;
  hastate?: string;
}

export interface StorageResource {
  /** `storage/pve1/local` */
  id: string;
  type: 'storage';
  storage: string;
  node: string;
  plugintype?: string;
  status?: string;
  shared: boolean;
  content?: string;
  disk?: number;
  maxdisk?: number;
}

export interface PoolResource {
  /** `/pool/NAME` */
  id: string;
  type: 'pool';
  pool: string;
}

export type Resource = GuestResource | NodeResource | StorageResource | PoolResource;
export type ResourceType = Resource['type'];

export function isGuest(r: Resource): r is GuestResource {
  return r.type === 'qemu' || r.type === 'lxc';
}

/** A change to one existing resource: fields set to new values, fields that disappeared. */
export interface ResourcePatch {
  id: string;
  set: Record<string, unknown>;
  unset?: string[];
}

/**
 * Resources of one profile reach the renderer as one snapshot, then deltas with consecutive
 * sequence numbers. A delta whose `seq` is not the last seen + 1 means a gap: the renderer asks
 * for a fresh snapshot (`resources.snapshot`). A tick that changes nothing sends nothing.
 */
export type ResourceEvent =
  | { kind: 'snapshot'; profileId: string; seq: number; items: Resource[] }
  | {
      kind: 'delta';
      profileId: string;
      seq: number;
      added: Resource[];
      changed: ResourcePatch[];
      removed: string[];
    };

export type ConnectionStatus = 'connecting' | 'online' | 'degraded' | 'offline';

export interface ConnectionState {
  profileId: string;
  status: ConnectionStatus;
  /** Human-readable reason for degraded/offline (e.g. "Node pve3 is unreachable"). */
  reason?: string;
  /** Kind of the error behind an offline state, so the UI can offer the right fix. */
  errorKind?: ErrorKind;
  /** tls: the fingerprint the server presented when the connection was refused */
  fingerprint?: string;
  /** tls: the fingerprint that was pinned then */
  expectedFingerprint?: string;
  /** tls: the cluster node whose certificate was refused (not the profile's own server), and where */
  certificateNode?: { name: string; url: string };
  /** The node spoken to instead of the profile's own server (failover), while it is so. */
  via?: string;
  /** epoch ms of the status change */
  since: number;
  /** epoch ms of the last successful refresh */
  lastRefresh?: number;
  clusterName?: string;
  /** A standalone node (in no cluster: /cluster/status has no `cluster` entry), once connected. */
  standalone?: boolean;
  /** e.g. "9.1.2" */
  version?: string;
  /** Nodes the cluster reports offline or that answered 595. */
  offlineNodes: string[];
  /** The logged-in identity, `user@realm` or `user@realm!token`. */
  identity?: string;
  /** errorKind 'tfa': the second factors the server offers for this login */
  tfa?: TfaOptions;
}

export type PowerAction = 'start' | 'shutdown' | 'stop' | 'reboot' | 'suspend' | 'resume' | 'reset';

export interface GuestRef {
  profileId: string;
  node: string;
  type: GuestType;
  vmid: number;
}

export interface TaskInfo {
  profileId: string;
  upid: string;
  node: string;
  /** PVE task type: qmstart, vzstop, ... */
  type: string;
  /** Task object id, usually the vmid ('' for some). */
  id: string;
  user: string;
  /** epoch seconds */
  starttime: number;
  /** epoch seconds, when stopped */
  endtime?: number;
  status: 'running' | 'stopped';
  /** 'OK', 'WARNINGS: n', the error text, when stopped */
  exitstatus?: string;
  /** true for OK and WARNINGS, false for errors; absent while running */
  ok?: boolean;
  /** Human label, e.g. "Start CT 101 (web01)" */
  label: string;
  /** The guest id (`lxc/101`) the task belongs to, when known. */
  guestId?: string;
  /** Last lines of the task log (set when the task ends, and while running when known). */
  logTail?: string[];
  /** True for tasks started from this app (shown as toasts when they end). */
  own: boolean;
  /**
   * For an own power action whose request may have reached PVE but whose reply was lost, late or
   * malformed: 'in-doubt' while its task is looked for (status running; `upid` is then a
   * placeholder, `in-doubt:…`, not a PVE task id), 'confirmed' once found in the cluster's task
   * list (the real task, followed like any own task; `replaces` names the placeholder), or
   * 'did-not-run' when no task appeared and the guest is unchanged (status stopped, ok false).
   */
  outcome?: TaskOutcomeKind;
  /** The in-doubt placeholder's `upid` this confirmed task takes the place of. */
  replaces?: string;
}

export type TaskOutcomeKind = 'in-doubt' | 'confirmed' | 'did-not-run';

/** Whether a task id is an in-doubt placeholder rather than a PVE task id. */
export function isInDoubtPlaceholder(upid: string): boolean {
  return upid.startsWith('in-doubt:');
}

export interface TaskLogLine {
  n: number;
  t: string;
}

export type AuthMode = 'password' | 'token';

export interface Realm {
  realm: string;
  type: string;
  comment?: string;
  default?: boolean;
  tfa?: string;
}

/** A profile as the renderer sees it: never a secret. */
export interface ProfileInfo {
  id: string;
  name: string;
  url: string;
  authMode: AuthMode;
  /** password mode: `user` and realm; token mode: the token id `user@realm!name` */
  username: string;
  realm?: string;
  /** SHA-256 fingerprint (colon hex, upper case) the user approved, when the CA is not trusted. */
  fingerprint?: string;
  /** Pins of the cluster's other nodes (node → SHA-256), vouched for by the cluster or approved. */
  nodeFingerprints?: Record<string, string>;
  isDemo: boolean;
  /** Which built-in demo (its id, e.g. 'standalone'), when isDemo; absent on older saves: the first. */
  demo?: string;
  /** The chip that names this profile beside its tasks, toasts and tabs (shared/profile-flags.ts). */
  color?: ProfileColor;
  /** Core refuses every writing call for this profile (electron/core/rpc/write-guard.ts). */
  readOnly?: boolean;
  /** Destructive actions ask the user to type the guest's name. */
  production?: boolean;
  /** false: the password or token secret is kept for this run only, and asked for at the next. */
  rememberSecret?: boolean;
  /** Deckhand does not connect to it (kept, with its settings and secret, until enabled). */
  disabled?: boolean;
}

/** The fixed palette of profile colours (Mantine colour names). */
export const PROFILE_COLORS = [
  'blue',
  'teal',
  'grape',
  'orange',
  'pink',
  'lime',
  'cyan',
  'red',
] as const;
export type ProfileColor = (typeof PROFILE_COLORS)[number];

/** The settings a user picks per profile beside its name: colour, read-only, production. */
export type ProfileFlags = Pick<
  ProfileInfo,
  'color' | 'readOnly' | 'production' | 'rememberSecret' | 'disabled'
>;

export type ProfileAuthInput =
  | { mode: 'password'; username: string; realm: string; password: string }
  | { mode: 'token'; tokenId: string; secret: string };

export interface ProfileInput {
  name: string;
  url: string;
  auth: ProfileAuthInput;
  /** The fingerprint the user approved in the dialog (absent when the system CAs trust it). */
  fingerprint?: string;
  /** Absent: the first palette colour no other profile uses. */
  color?: ProfileColor;
  readOnly?: boolean;
  production?: boolean;
  rememberSecret?: boolean;
  disabled?: boolean;
}

export interface CertificateInfo {
  /** SHA-256, colon hex upper case: AA:BB:... */
  fingerprint: string;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  /** Trusted by the system CAs (no pinning needed). */
  trusted: boolean;
  /** Why the system CAs reject it (e.g. "self-signed certificate"). */
  trustError?: string;
}

export interface ProbeResult {
  /** normalised base URL, e.g. https://host:8006 */
  url: string;
  certificate: CertificateInfo;
  /** Only present when the certificate is trusted or the given fingerprint matched. */
  realms?: Realm[];
}

export interface ConnectionTestResult {
  version: string;
  identity: string;
  clusterName?: string;
  nodes: number;
}

/** Where saved passwords and token secrets live: encrypted by the OS, or only in memory. */
export type SecretPersistence = 'encrypted' | 'memory';

/** On a weak keyring backend (Linux `basic_text`): keep secrets for this session, or store anyway. */
export type WeakSecretPolicy = 'session' | 'store';

/** What the secret store has to tell the user beyond where secrets go. */
export interface SecretsInfo {
  /** Only Linux's `basic_text` backend (a key built into the app) is there to encrypt with. */
  weakBackend?: boolean;
  /** The user's choice for that backend (default 'session'). */
  weakPolicy?: WeakSecretPolicy;
  /** The saved-secrets file could not be read: what was done with it and what to do. */
  problem?: string;
}

export interface AppInfo {
  version: string;
  host: 'electron' | 'browser';
  platform: string;
  /** 'memory': secrets are forgotten when the app quits (no OS keyring, or the browser host). */
  secrets: SecretPersistence;
  secretStore?: SecretsInfo;
}

// ---- consoles ----

/**
 * shell: a node's shell (termproxy); lxc: a container's console (termproxy); serial: a VM's serial
 * terminal (termproxy); vnc: a VM's screen (vncproxy + noVNC).
 */
export type ConsoleKind = 'shell' | 'lxc' | 'serial' | 'vnc';

export interface ConsoleTarget {
  profileId: string;
  node: string;
  kind: ConsoleKind;
  /** The guest, for every kind but 'shell'. */
  vmid?: number;
}

/**
 * connecting: proxy being created or socket opening; connected: bytes flow; disconnected: the
 * socket is gone (see `reason`), Reconnect may bring it back; closed: the console was closed for
 * good (its tab should go).
 */
export type ConsoleStatus = 'connecting' | 'connected' | 'disconnected' | 'closed';

/** A fix the UI can offer when a console could not connect. */
export type ConsoleRemedy =
  /** The guest is not running: offer Start. */
  | 'start-guest'
  /** This server refuses consoles for an API token: offer a password login for consoles. */
  | 'console-login';

export interface ConsoleInfo {
  consoleId: string;
  target: ConsoleTarget;
  /** Terminal or graphical: which view the renderer uses. */
  protocol: 'terminal' | 'vnc';
  /** Full title: "Demo cluster · pve1 · backup-proxy (118)" */
  title: string;
  /** Short tab label: "backup-proxy (118)", "pve1 shell", "k8s-cp1 screen" */
  label: string;
  status: ConsoleStatus;
  /** Why it is disconnected or closed, in words a user understands. */
  reason?: string;
  errorKind?: ErrorKind;
  remedy?: ConsoleRemedy;
  /** Increments on every (re)connect; the view starts afresh (VNC) or marks the break (terminal). */
  generation: number;
  /** epoch ms of the last status change */
  since: number;
  /**
   * VNC only, while connected: the short-lived VNC password noVNC needs for RFB authentication.
   * Sent only to the window that owns the console; no ticket or cookie ever is.
   */
  vncPassword?: string;
  /** Set (with status 'closed') on the old window when another window took the console over. */
  movedAway?: boolean;
}

// ---- errors that cross the contract as data ----

export type ErrorKind =
  | 'auth' // wrong credentials, expired/invalid ticket or token
  | 'tfa' // the password was right; a second factor is needed (or the code was wrong)
  | 'permission' // 403
  | 'tls' // certificate not trusted, or changed from the pinned one
  | 'network' // connection refused, reset, DNS, dropped socket
  | 'timeout'
  | 'unreachable' // PVE 595/596: the node behind the proxy cannot be reached
  | 'api' // any other PVE error reply (status + message, maybe parameter errors)
  | 'protocol' // malformed reply
  | 'validation' // bad input from the renderer
  | 'not-found'
  | 'internal';

export interface ErrorData {
  kind: ErrorKind;
  message: string;
  /** HTTP status for api/auth/permission/unreachable */
  status?: number;
  /** PVE parameter errors: {param: text} */
  errors?: Record<string, string>;
  /** tls: the fingerprint the server presented now */
  fingerprint?: string;
  /** tls: the fingerprint that was pinned */
  expectedFingerprint?: string;
  /** the node concerned, when known */
  node?: string;
  /** tfa: the second factors the server offers */
  tfa?: TfaOptions;
}
