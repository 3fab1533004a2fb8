// The IPC contract: every call and event between main and renderer, declared once.
// Both hosts (Electron ipcMain + preload, and the browser host's loopback WebSocket) bind exactly
// this map; the renderer talks to it through `DeckhandApi` only.

import type {
  AppInfo,
  ConnectionState,
  ConsoleInfo,
  ConsoleTarget,
  ConnectionTestResult,
  ErrorData,
  GuestRef,
  PowerAction,
  ProbeResult,
  ProfileAuthInput,
  ProfileFlags,
  ProfileInfo,
  ProfileInput,
  Resource,
  ResourceEvent,
  TaskInfo,
  TaskLogLine,
} from './model';
import type { Disposable } from './lifecycle';
import type { BulkAction, BulkJob } from './bulk';
import type { AddressEvent, AddressSnapshot, GuestAddresses } from './addresses';
import type { LogEntry, LogLinesEvent, LogSourceSpec, LogStreamInfo } from './logs';
import type { SnapshotList, SnapshotTarget } from './snapshots';
import type {
  ConfigTarget,
  ConfigUpdateResult,
  GuestConfig,
  OptionChanges,
  OptionKey,
} from './config';
import type { DeleteArgs, GuestTarget, MigrateArgs, MigratePrecondition } from './migrate';
import type { TfaAnswer } from './tfa';
import type {
  BackupCompress,
  BackupJob,
  BackupList,
  BackupMode,
  StorageInfo,
  StorageVolume,
} from './backups';
import type { NodeService, RrdCf, RrdSeries, RrdTimeframe, StatsEvent, StatsTarget } from './stats';

export interface IpcCalls {
  'app.info': { args: void; result: AppInfo };

  'profiles.list': { args: void; result: ProfileInfo[] };
  /** Reach the URL, read its certificate and (when trusted or `fingerprint` matches) its realms. */
  'profiles.probe': { args: { url: string; fingerprint?: string }; result: ProbeResult };
  /** Log in with the given input without saving anything. */
  'profiles.test': { args: ProfileInput; result: ConnectionTestResult };
  /** Save a profile (secrets go to the secret store, never back) and connect it. */
  'profiles.add': { args: ProfileInput; result: ProfileInfo };
  /**
   * Change a saved profile: rename it, re-approve its certificate, or replace its credentials.
   * A new `fingerprint` is accepted only when it equals the certificate the server presents now;
   * new `auth` is accepted only after a successful login with it. Nothing changes when either
   * check fails. The session restarts when the fingerprint or the credentials changed.
   */
  'profiles.update': {
    args: {
      profileId: string;
      name?: string;
      fingerprint?: string;
      auth?: ProfileAuthInput;
    } & ProfileFlags;
    result: ProfileInfo;
  };
  'profiles.remove': { args: { profileId: string }; result: void };
  /** Start the built-in demo cluster in-process and add (or reconnect) its profile. */
  'profiles.addDemo': { args: void; result: ProfileInfo };

  /** Reconnect a profile now (after offline, or to retry after fixing credentials). */
  'session.reconnect': { args: { profileId: string }; result: void };
  'session.state': { args: { profileId: string }; result: ConnectionState };
  /**
   * Answer the second factor a profile's login waits for (state errorKind 'tfa'); the code is
   * sent to the server once and kept nowhere. A refused code rejects with kind 'tfa'.
   */
  'session.answerTfa': { args: { profileId: string } & TfaAnswer; result: void };

  /** The current resources of a profile, with the sequence number deltas continue from. */
  'resources.snapshot': {
    args: { profileId: string };
    result: { seq: number; items: Resource[] };
  };

  /** Run a power action; resolves with the task as soon as PVE returned its UPID. */
  'guest.action': {
    args: GuestRef & { action: PowerAction; params?: { timeout?: number; forceStop?: boolean } };
    result: TaskInfo;
  };

  // ---- bulk power actions: a job owned by the window that ran it; progress as 'bulk' events ----
  /** Run one power action on many guests (per guest, a few per profile at once). */
  'bulk.run': { args: { items: GuestRef[]; action: BulkAction }; result: BulkJob };
  /** Cancel the job's queued items (running ones go on). */
  'bulk.cancel': { args: { jobId: string }; result: BulkJob };
  /** Run the job's failed items again. */
  'bulk.retry': { args: { jobId: string }; result: BulkJob };

  /** Tasks this app follows plus the cluster's recent tasks, newest first. */
  'tasks.list': { args: { profileId: string }; result: TaskInfo[] };
  'tasks.log': {
    args: { profileId: string; upid: string; start?: number; limit?: number };
    result: { lines: TaskLogLine[]; total: number };
  };

  // ---- consoles: owned by the window that opened (or attached) them ----
  // Progress arrives as 'console' events and output as stream bytes (stream id = consoleId), both
  // to the owning window only. Input goes through `DeckhandApi.write(consoleId, bytes)`: UTF-8
  // text for terminals, RFB client bytes for VNC; sizes and acks are notifications (below).

  /** Open a console; resolves at once with status 'connecting'. */
  'console.open': { args: ConsoleTarget; result: ConsoleInfo };
  /** The consoles this window owns. */
  'console.list': { args: void; result: ConsoleInfo[] };
  /**
   * Take a console over from another window (pop-out). A terminal's recent output is replayed to
   * the new owner; a VNC console reconnects (RFB cannot be resumed). The old owner gets a
   * 'console' event with status 'closed' and `movedAway`.
   */
  'console.attach': { args: { consoleId: string }; result: ConsoleInfo };
  /** Reconnect a disconnected (or connected) console: a new proxy and socket. */
  'console.reconnect': { args: { consoleId: string }; result: ConsoleInfo };
  /** Close the console and its socket. */
  'console.close': { args: { consoleId: string }; result: void };
  /**
   * For token profiles on servers that refuse token consoles: log in with a password for
   * consoles only. Kept in memory for this session; nothing is saved.
   */
  'console.login': {
    args: { profileId: string; username: string; realm: string; password: string };
    result: void;
  };

  // ---- log streams: owned by the window that opened them, like consoles ----
  // State arrives as 'logStream' events and entries as batched 'logLines' events, both to the
  // owning window only; the window acknowledges applied entries with the 'logs.ack' notification.

  /** Open a stream; resolves at once (status 'connecting'), entries follow as events. */
  'logs.open': { args: LogSourceSpec; result: LogStreamInfo };
  /** Entries before the oldest one this stream has sent (journal `endcursor` paging). */
  'logs.older': {
    args: { streamId: string; count?: number };
    result: { entries: LogEntry[]; more: boolean };
  };
  'logs.close': { args: { streamId: string }; result: void };
  /** Stop a running task (DELETE …/tasks/{upid}); its end arrives as a 'task' event. */
  'tasks.stop': { args: { profileId: string; upid: string }; result: void };

  // ---- addresses: the profile's address index (changes arrive as 'addresses' events) ----
  /** Every guest's and node's addresses the index holds, with the seq events continue from. */
  'addresses.snapshot': { args: { profileId: string }; result: AddressSnapshot };
  /** One guest's addresses, read again now unless fresh (the detail view); null: none known. */
  'addresses.guest': {
    args: { profileId: string; guestId: string };
    result: GuestAddresses | null;
  };

  // ---- live stats: a watch is owned by the window that made it (gone with it) ----
  /** Read the guest's status/current (the node's status) every second; samples come as 'stats'. */
  'stats.watch': { args: StatsTarget; result: { watchId: string } };
  'stats.unwatch': { args: { watchId: string }; result: void };
  /** The guest's or node's rrddata for one timeframe and consolidation function. */
  'stats.rrd': { args: StatsTarget & { timeframe: RrdTimeframe; cf: RrdCf }; result: RrdSeries };
  /** The node's system services and their state. */
  'stats.services': { args: { profileId: string; node: string }; result: NodeService[] };

  // ---- snapshots: writes are tasks, followed like power actions (never sent twice) ----
  'snapshots.list': { args: SnapshotTarget; result: SnapshotList };
  /** Take a snapshot; `vmstate` (save the RAM) for VMs only. Resolves with its task. */
  'snapshots.create': {
    args: SnapshotTarget & { name: string; description?: string; vmstate?: boolean };
    result: TaskInfo;
  };
  /** Roll back to a snapshot (`start` after it; a RAM snapshot always starts the VM). */
  'snapshots.rollback': {
    args: SnapshotTarget & { name: string; start?: boolean };
    result: TaskInfo;
  };
  /** Delete a snapshot; `force` drops it from the config even when its volumes fail to go. */
  'snapshots.delete': {
    args: SnapshotTarget & { name: string; force?: boolean };
    result: TaskInfo;
  };
  /** Change a snapshot's description (PUT …/snapshot/{name}/config, no task). */
  'snapshots.update': {
    args: SnapshotTarget & { name: string; description: string };
    result: void;
  };

  // ---- guest options (shared/config.ts): one PUT with the digest read, never sent twice ----
  'config.get': { args: ConfigTarget; result: GuestConfig };
  /** Write changes; a stale digest answers `conflict` with the fresh config and what changed. */
  'config.update': {
    args: ConfigTarget & { changes: OptionChanges; digest: string };
    result: ConfigUpdateResult;
  };
  /** Drop pending changes of these options (they stay as the running guest has them). */
  'config.revert': {
    args: ConfigTarget & { keys: OptionKey[]; digest?: string };
    result: GuestConfig;
  };
  /** Remove a VM's stale lock (`delete=lock`, `skiplock`: root@pam only, as PVE rules). */
  'config.unlock': { args: ConfigTarget; result: GuestConfig };

  // ---- storages and backups (shared/backups.ts); the writes are followed tasks ----
  /** A node's storages (all online nodes' without `node`; a shared storage listed once). */
  'storage.list': {
    args: { profileId: string; node?: string; content?: string };
    result: StorageInfo[];
  };
  /** A storage's content as the node sees it, newest first. */
  'storage.content': {
    args: { profileId: string; node: string; storage: string; content?: string };
    result: StorageVolume[];
  };
  /** A guest's backups on every backup storage its node sees, newest first. */
  'backups.list': { args: GuestRef; result: BackupList };
  /** Back up now: one vzdump task per node of the guests given. */
  'backups.create': {
    args: {
      profileId: string;
      guests: Pick<GuestRef, 'node' | 'type' | 'vmid'>[];
      storage: string;
      mode: BackupMode;
      compress?: BackupCompress;
      notesTemplate?: string;
      protected?: boolean;
    };
    result: BackupRunResult;
  };
  /** Restore a backup as guest `vmid` on `node` (`force`: over the existing guest of that id). */
  'backups.restore': {
    args: {
      profileId: string;
      node: string;
      volid: string;
      type: GuestRef['type'];
      vmid: number;
      force?: boolean;
      storage?: string;
      start?: boolean;
      unique?: boolean;
    };
    result: TaskInfo;
  };
  /** Delete a backup volume (refused by PVE when protected: the task fails with its message). */
  'backups.delete': { args: { profileId: string; node: string; volid: string }; result: TaskInfo };
  /** The next free guest id (/cluster/nextid). */
  'backups.nextId': { args: { profileId: string }; result: number };
  /** The cluster's backup jobs, each with its last run's result per guest. */
  'backups.jobs': { args: { profileId: string }; result: BackupJob[] };
  /** Run a job now: its settings sent to vzdump on each online node (or the job's node). */
  'backups.runJob': { args: { profileId: string; id: string }; result: BackupRunResult };

  // ---- migration and removal (shared/migrate.ts); the writes are followed tasks ----
  /** GET …/migrate: allowed and refused nodes with the reasons, local disks and resources. */
  'migrate.precondition': {
    args: GuestTarget & { target?: string };
    result: MigratePrecondition;
  };
  /** Migrate (an HA-managed guest through HA: a `hamigrate` task). Resolves with its task. */
  'migrate.run': { args: MigrateArgs; result: TaskInfo };
  /** Destroy a guest (qmdestroy/vzdestroy); PVE refuses a protected or running one. */
  'guest.delete': { args: DeleteArgs; result: TaskInfo };
}

/** The tasks a backup run started, and the nodes where it could not start (and why). */
export interface BackupRunResult {
  tasks: TaskInfo[];
  failures: { node: string; message: string }[];
}

/**
 * Fire-and-forget messages from a window: nobody waits for a result, so none crosses (no
 * envelope). A refused one (bad arguments, a console this window does not own) is dropped and
 * logged by the host.
 */
export interface IpcNotifications {
  /** Terminal size in cells; sent to PVE now and after every reconnect. */
  'console.resize': { consoleId: string; cols: number; rows: number };
  /** Flow control: the view has processed this many more bytes of the console's stream. */
  'console.ack': { consoleId: string; bytes: number };
  /** Flow control: the window has applied this many more entries of the log stream. */
  'logs.ack': { streamId: string; count: number };
}

/** Events every window gets. */
export interface IpcBroadcastEvents {
  connection: ConnectionState;
  resources: ResourceEvent;
  /** A task started, progressed (new log tail) or ended. */
  task: TaskInfo;
  profiles: ProfileInfo[];
  /** A profile's address index changed (only the changes). */
  addresses: AddressEvent;
}

/** Events for one window only (core sends them through that window's sink, never to all). */
export interface IpcWindowEvents {
  /** A console's state changed; sent to the window that owns it only. */
  console: ConsoleInfo;
  /** A log stream's state changed (status, message, dropped count, task end). */
  logStream: LogStreamInfo;
  /** New entries of a log stream, batched. */
  logLines: LogLinesEvent;
  /** A new live sample of a watch (stats.watch), to the window that watches only. */
  stats: StatsEvent;
  /** A bulk job changed (the whole job), to the window that ran it. */
  bulk: BulkJob;
}

/** What a window can listen to: its own events and the broadcast ones. */
export interface IpcEvents extends IpcBroadcastEvents, IpcWindowEvents {}

export type CallName = keyof IpcCalls;
export type CallArgs<K extends CallName> = IpcCalls[K]['args'];
export type CallResult<K extends CallName> = IpcCalls[K]['result'];
export type NotificationName = keyof IpcNotifications;
export type NotificationArgs<K extends NotificationName> = IpcNotifications[K];
export type BroadcastEventName = keyof IpcBroadcastEvents;
export type WindowEventName = keyof IpcWindowEvents;
export type EventName = keyof IpcEvents;

/** Runtime lists, so hosts and the preload can refuse anything outside the contract. */
export const CALL_NAMES = [
  'app.info',
  'profiles.list',
  'profiles.probe',
  'profiles.test',
  'profiles.add',
  'profiles.update',
  'profiles.remove',
  'profiles.addDemo',
  'session.reconnect',
  'session.state',
  'session.answerTfa',
  'resources.snapshot',
  'guest.action',
  'bulk.run',
  'bulk.cancel',
  'bulk.retry',
  'tasks.list',
  'tasks.log',
  'console.open',
  'console.list',
  'console.attach',
  'console.reconnect',
  'console.close',
  'console.login',
  'logs.open',
  'logs.older',
  'logs.close',
  'tasks.stop',
  'addresses.snapshot',
  'addresses.guest',
  'stats.watch',
  'stats.unwatch',
  'stats.rrd',
  'stats.services',
  'snapshots.list',
  'snapshots.create',
  'snapshots.rollback',
  'snapshots.delete',
  'snapshots.update',
  'config.get',
  'config.update',
  'config.revert',
  'config.unlock',
  'storage.list',
  'storage.content',
  'backups.list',
  'backups.create',
  'backups.restore',
  'backups.delete',
  'backups.nextId',
  'backups.jobs',
  'backups.runJob',
  'migrate.precondition',
  'migrate.run',
  'guest.delete',
] as const satisfies readonly CallName[];

export const NOTIFICATION_NAMES = [
  'console.resize',
  'console.ack',
  'logs.ack',
] as const satisfies readonly NotificationName[];

export const BROADCAST_EVENT_NAMES = [
  'connection',
  'resources',
  'task',
  'profiles',
  'addresses',
] as const satisfies readonly BroadcastEventName[];

const WINDOW_EVENT_NAMES = [
  'console',
  'logStream',
  'logLines',
  'stats',
  'bulk',
] as const satisfies readonly WindowEventName[];

export const EVENT_NAMES = [
  ...BROADCAST_EVENT_NAMES,
  ...WINDOW_EVENT_NAMES,
] as const satisfies readonly EventName[];

// Compile-time check that the runtime lists cover the whole contract.
type Missing<All, Listed> = Exclude<All, Listed>;
const _allCalls: Missing<CallName, (typeof CALL_NAMES)[number]> extends never ? true : never = true;
const _allNotifications: Missing<
  NotificationName,
  (typeof NOTIFICATION_NAMES)[number]
> extends never
  ? true
  : never = true;
const _allEvents: Missing<EventName, (typeof EVENT_NAMES)[number]> extends never ? true : never =
  true;
void _allCalls;
void _allNotifications;
void _allEvents;

function listed<T extends string>(names: readonly T[], name: unknown): name is T {
  return typeof name === 'string' && (names as readonly string[]).includes(name);
}

export function isCallName(name: unknown): name is CallName {
  return listed(CALL_NAMES, name);
}

export function isNotificationName(name: unknown): name is NotificationName {
  return listed(NOTIFICATION_NAMES, name);
}

export function isEventName(name: unknown): name is EventName {
  return listed(EVENT_NAMES, name);
}

/** What a call returns across any transport: errors travel as data. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorData };

/** Who made a call: the window (Electron web contents, or browser-host socket) it came from. */
export interface CallContext {
  clientId: string;
}

/**
 * Core's side of the contract: one async function per call, given arguments the contract's
 * schemas (shared/ipc-schema.ts) already checked. Hosts always pass the caller's context; calls
 * that own nothing per window (most) ignore it.
 */
export type CallHandlers = {
  [K in CallName]: (args: CallArgs<K>, ctx?: CallContext) => Promise<CallResult<K>>;
};

/** Core's side of the notifications: a rejection is the host's to log, never the caller's. */
export type NotificationHandlers = {
  [K in NotificationName]: (args: NotificationArgs<K>, ctx?: CallContext) => Promise<void>;
};

/** Bytes of one stream (a console's output), from main to the window that owns it. */
export type StreamListener = (streamId: string, data: Uint8Array) => void;

/** The renderer's side: what the preload exposes as `window.deckhand` and the WS bridge mimics. */
export interface DeckhandApi {
  invoke<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>>;
  on<E extends EventName>(name: E, listener: (payload: IpcEvents[E]) => void): Disposable;
  /** A fire-and-forget message (see IpcNotifications); no result, no error. */
  notify<K extends NotificationName>(name: K, args: NotificationArgs<K>): void;
  /** Bytes into a stream (console input); fire and forget, in order with other writes. */
  write(streamId: string, data: Uint8Array): void;
  /** Bytes out of every stream this window owns. */
  onStream(listener: StreamListener): Disposable;
}

/** Raw shape the preload exposes (envelopes, not exceptions; the renderer bridge unwraps). */
export interface RawBridge {
  invoke(name: string, args: unknown): Promise<Envelope<unknown>>;
  on(name: string, listener: (payload: unknown) => void): Disposable;
  notify(name: string, args: unknown): void;
  write(streamId: string, data: Uint8Array): void;
  onStream(listener: StreamListener): Disposable;
}

/** Stream ids are short ASCII tokens (console ids). */
export const STREAM_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

// ---- browser host wire format (loopback WebSocket) ----
// Calls, notifications, results and events are JSON text frames; stream bytes are binary frames
// (see shared/stream-frame.ts): server → client output, client → server input.

/**
 * The close code a page of the browser host gets when its token is not this start's (the host
 * restarted and printed a new URL). A browser sees no HTTP status of a refused upgrade, so the
 * host accepts the socket only to close it with this code; retrying cannot help.
 */
export const WS_CLOSE_TOKEN_REFUSED = 4401;

export type WsClientMessage =
  | { t: 'call'; id: number; name: string; args: unknown }
  /** A notification: answered with nothing, not even an error. */
  | { t: 'notify'; name: string; args: unknown };

export type WsServerMessage =
  | { t: 'result'; id: number; envelope: Envelope<unknown> }
  | { t: 'event'; name: EventName; payload: unknown };
