// The IPC contract: every call and event between main and renderer, declared once.
// Both hosts (Electron ipcMain + preload, and the browser host's loopback WebSocket) bind exactly
// this map; the renderer talks to it through `DeckhandApi` only.

import type {
  ConnectionState,
  ConsoleInfo,
  ErrorData,
  ProfileInfo,
  ResourceEvent,
  TaskInfo,
} from './model';
import type { Disposable } from './lifecycle';
import type { BulkJob } from './bulk';
import type { AddressEvent } from './addresses';
import type { LogLinesEvent, LogStreamInfo } from './logs';
import { PROFILE_CALL_NAMES, type ProfileCalls } from './ipc/profiles';
import { GUEST_CALL_NAMES, type GuestCalls } from './ipc/guests';
import { STREAM_CALL_NAMES, type StreamCalls } from './ipc/streams';
import { DETAIL_CALL_NAMES, type DetailCalls } from './ipc/details';
import { SECRETS_CALL_NAMES, type SecretsCalls } from './ipc/secrets';
import { PROFILE_EXTRA_CALL_NAMES, type ProfileExtraCalls } from './ipc/profiles-extra';
import { TRUST_CALL_NAMES, type TrustCalls } from './ipc/trust';
import { CONFIG_EXTRA_CALL_NAMES, type ConfigExtraCalls } from './ipc/config-extra';
import { CLONE_CALL_NAMES, type CloneCalls } from './ipc/clone';
import { RESOURCES_CALL_NAMES, type MetricsEvent, type ResourceCalls } from './ipc/resources';
import { CREATE_CALL_NAMES, type CreateCalls } from './ipc/create';
import { DEMO_CALL_NAMES, type DemoCalls } from './ipc/demos';
import {
  APP_CALL_NAMES,
  APP_NOTIFICATION_NAMES,
  type AppCalls,
  type AppNotifications,
} from './ipc/app';
import type { StatsEvent } from './stats';

/** Every call, by domain (shared/ipc/<domain>.ts); argument schemas in shared/ipc-schema/. */
export interface IpcCalls
  extends
    ProfileCalls,
    GuestCalls,
    StreamCalls,
    DetailCalls,
    SecretsCalls,
    ProfileExtraCalls,
    CloneCalls,
    ConfigExtraCalls,
    CreateCalls,
    ResourceCalls,
    TrustCalls,
    DemoCalls,
    AppCalls {}

export type { BackupRunResult } from './ipc/details';

/**
 * Fire-and-forget messages from a window: nobody waits for a result, so none crosses (no
 * envelope). A refused one (bad arguments, a console this window does not own) is dropped and
 * logged by the host.
 */
export interface IpcNotifications extends AppNotifications {
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
  /** Live metrics of the resources this window watches (resources.watchMetrics). */
  metrics: MetricsEvent;
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
  ...PROFILE_CALL_NAMES,
  ...GUEST_CALL_NAMES,
  ...STREAM_CALL_NAMES,
  ...DETAIL_CALL_NAMES,
  ...SECRETS_CALL_NAMES,
  ...PROFILE_EXTRA_CALL_NAMES,
  ...TRUST_CALL_NAMES,
  ...CONFIG_EXTRA_CALL_NAMES,
  ...CLONE_CALL_NAMES,
  ...RESOURCES_CALL_NAMES,
  ...CREATE_CALL_NAMES,
  ...DEMO_CALL_NAMES,
  ...APP_CALL_NAMES,
] as const satisfies readonly CallName[];

export const NOTIFICATION_NAMES = [
  ...APP_NOTIFICATION_NAMES,
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
  'metrics',
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
