// The messages between a host's UI thread and core running on its own worker thread
// (core-worker.ts on the UI side, serve-core.ts in the worker). Calls arrive checked against the
// contract (the host's dispatcher parses them first); results, events and stream bytes go back
// by structured clone. The worker reaches what must stay on the UI thread (the settings and
// secret stores of an Electron host, a test's demo) through `request` messages.

import type { CoreDeps, LogLevel } from '../../core';
import type { Envelope } from '../../../shared/ipc';

/** A service the UI thread keeps for the worker: its methods are async and take cloneable args. */
export type ServiceName = 'settings' | 'secrets' | 'demos';

/** The UI thread to the worker. */
export type ToCore =
  | { t: 'call'; id: number; name: string; args: unknown; clientId?: string }
  | { t: 'notify'; name: string; args: unknown; clientId?: string }
  | { t: 'first-frame'; id: number }
  /** The worker's heap in use (bytes), for the benches' memory figures. */
  | { t: 'heap'; id: number }
  | { t: 'connect'; clientId: string }
  | { t: 'disconnect'; clientId: string }
  | { t: 'write'; clientId: string; streamId: string; data: Uint8Array }
  | { t: 'answer'; id: number; ok: true; value: unknown }
  | { t: 'answer'; id: number; ok: false; message: string }
  | { t: 'dispose' };

/** The worker to the UI thread. */
export type FromCore =
  | { t: 'ready' }
  | { t: 'start-failed'; message: string }
  | { t: 'result'; id: number; envelope: Envelope<unknown> }
  | { t: 'event'; name: string; payload: unknown }
  | { t: 'window-event'; clientId: string; name: string; payload: unknown }
  | { t: 'stream'; clientId: string; streamId: string; data: Uint8Array }
  | { t: 'log'; level: LogLevel; msg: string }
  | { t: 'request'; id: number; service: ServiceName; method: string; args: unknown[] }
  | { t: 'disposed' };

/** What the worker's entry gets as workerData: plain values only. */
export interface CoreThreadData {
  host: 'electron' | 'browser';
  appVersion: string;
  /** Each profile's last known state is kept in this directory (FileCacheStore); none: not kept. */
  cacheDir?: string;
  /**
   * 'built-in': the worker's entry starts the app's demos itself (on that thread, off the UI's);
   * a list: demos the UI thread starts and closes (tests whose demo the test itself drives).
   */
  demos: 'built-in' | 'none' | readonly RemoteDemo[];
  /** The optional methods the UI thread's secret store has (the worker's stand-in offers those). */
  secretExtras: readonly SecretExtra[];
  /** Core's timings (plain numbers and objects of them: tests shorten them). */
  timings?: CoreTimings;
}

export type SecretExtra = 'info' | 'setWeakPolicy' | 'dismissProblem';

export type CoreTimings = Pick<
  CoreDeps,
  | 'refreshIntervalMs'
  | 'hiddenRefreshIntervalMs'
  | 'cacheDelayMs'
  | 'taskPollMs'
  | 'clusterTasksIntervalMs'
  | 'addressTimings'
  | 'logPollMs'
  | 'logFlow'
  | 'consoleTimings'
>;

export interface RemoteDemo {
  id: string;
  name: string;
  description?: string;
}

/** A demo the UI thread started for the worker: its handle (to close it) and its port's values. */
export interface StartedDemo {
  handle: number;
  url: string;
  fingerprint: string;
  credentials: { username: string; realm: string; password: string };
}

/** A message before its id is given (for each member of a union). */
export type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The window a call comes from, as a message field. */
export function clientOf(ctx: { clientId: string } | undefined): { clientId?: string } {
  return ctx === undefined ? {} : { clientId: ctx.clientId };
}
