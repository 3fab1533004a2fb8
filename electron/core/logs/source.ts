// What a log source is to the log-stream manager (./manager.ts): something that, once started,
// pushes entries (oldest first) and its status into a sink, may page backwards (`older`), and
// stops when disposed. Sources never number entries, batch, buffer or talk to a window: the
// manager does that. Each kind of LogSourceSpec has one factory (./factories.ts).

import type { Disposable, Scheduler } from '../../../shared/lifecycle';
import type { LogEntry, LogSourceKind, LogSourceSpec } from '../../../shared/logs';
import type { PveClient } from '../pve/client';
import type { Logger } from '../session/logger';
import type { ProfileSession } from '../session/profile-session';

/** An entry as a source makes it; the manager gives it its `seq`. */
export type SourceEntry = Omit<LogEntry, 'seq'>;

/** The states a source may report ('closed' is the manager's). */
export type SourceStatus = 'connecting' | 'following' | 'complete' | 'reconnecting' | 'failed';

/** Where a source pushes. Calls after the source was disposed are ignored. */
export interface LogSourceSink {
  /** New entries, oldest first, each after everything pushed before (never one twice). */
  entries(entries: SourceEntry[]): void;
  /** The source's state; `message` says why it reconnects or failed, or a notice. */
  status(status: SourceStatus, message?: string): void;
  /** A task stream's end (or that it runs), for LogStreamInfo.task. */
  task(task: { running: boolean; exitstatus?: string }): void;
}

/** What the manager gives a factory. */
export interface LogSourceContext<S extends LogSourceSpec = LogSourceSpec> {
  spec: S;
  sink: LogSourceSink;
  /** The profile's live session (throws with the reason when it has none, e.g. while removed). */
  session(): ProfileSession;
  /** The profile's API client (the session's). */
  client(): PveClient;
  /** The profile's console login (a password ticket made for consoles), when there is one. */
  consoleClient?(): PveClient | undefined;
  scheduler: Scheduler;
  now(): number;
  log: Logger;
  /** A poll period to use instead of the source's own (tests, benches); absent: the source's. */
  pollMs?: number;
  /** Aborted when the stream closes (the same moment the source is disposed). */
  signal: AbortSignal;
}

export interface LogSource extends Disposable {
  /** What the tab says: "pve1 journal", "CT 101 journal". */
  readonly title: string;
  /** Whether `older` can be called (may change: read when the stream's state is sent). */
  readonly canLoadOlder: boolean;
  /** Begin: connect, push the first entries, follow. Called once, right after the factory. */
  start(): void;
  /** Entries before the oldest pushed so far (oldest first), and whether there are more. */
  older?(count: number, signal: AbortSignal): Promise<{ entries: SourceEntry[]; more: boolean }>;
  dispose(): void | Promise<void>;
}

export type LogSourceFactory<K extends LogSourceKind = LogSourceKind> = (
  ctx: LogSourceContext<Extract<LogSourceSpec, { kind: K }>>,
) => LogSource;

/** One factory per kind of spec. */
export type LogSourceFactories = { [K in LogSourceKind]: LogSourceFactory<K> };
