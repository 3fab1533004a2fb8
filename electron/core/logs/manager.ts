// The log streams of every window: `logs.open` makes a stream owned by the calling window (its
// CallContext), backed by the source of its spec's kind (./factories.ts); state and batched
// entries go to that window's sink only (the console manager's per-window sinks). A window that
// goes closes its streams; disposing the manager closes them all.

import { randomBytes } from 'node:crypto';
import { DeckhandError } from '../../../shared/errors';
import type { CallContext } from '../../../shared/ipc';
import {
  DisposableStore,
  toDisposable,
  type Disposable,
  type Scheduler,
} from '../../../shared/lifecycle';
import type { LogEntry, LogSourceSpec, LogStreamInfo } from '../../../shared/logs';
import type { PveClient } from '../pve/client';
import type { ClientSink } from '../rpc/consoles';
import { asDeckhandError } from '../session/as-error';
import type { Logger } from '../session/logger';
import type { ProfileSession } from '../session/profile-session';
import { LOG_SOURCE_FACTORIES } from './factories';
import type { LogSource, LogSourceContext, LogSourceFactories } from './source';
import { DEFAULT_FLOW, LogStreamState, type FlowLimits } from './stream';

export interface LogManagerDeps {
  session(profileId: string): ProfileSession;
  /** The profile's console login (password ticket for consoles), when there is one. */
  consoleClient?(profileId: string): PveClient | undefined;
  /** The sink of a connected window (undefined for calls made without one, or a window gone). */
  sink(clientId: string): ClientSink | undefined;
  /** Calls `listener` when a window goes. */
  onClientGone(listener: (clientId: string) => void): Disposable;
  scheduler: Scheduler;
  now(): number;
  log: Logger;
  flow?: Partial<FlowLimits>;
  /** Poll period of every source instead of its own (tests, benches). */
  pollMs?: number;
  /** Replaces the built-in sources (tests). */
  factories?: Partial<LogSourceFactories>;
}

interface Entry {
  owner: string;
  state: LogStreamState;
  source: LogSource;
  abort: AbortController;
  owned: Disposable;
  profileId: string;
  /** The 'logs.older' in flight: the next waits for it (both would page from one cursor). */
  older: Promise<unknown>;
}

const NO_CLIENT = 'none';
const OLDER_DEFAULT = 500;
const OLDER_MAX = 5000;

export class LogManager implements Disposable {
  private readonly streams = new Map<string, Entry>();
  private readonly store = new DisposableStore('log streams');
  private readonly flow: FlowLimits;
  private readonly factories: LogSourceFactories;
  private nextId = 1;

  constructor(private readonly deps: LogManagerDeps) {
    this.flow = { ...DEFAULT_FLOW, ...deps.flow };
    this.factories = { ...LOG_SOURCE_FACTORIES, ...deps.factories };
    this.store.add(
      deps.onClientGone((clientId) => {
        for (const [id, entry] of this.streams) {
          if (entry.owner === clientId) this.drop(id, entry, false);
        }
      }),
    );
  }

  open(spec: LogSourceSpec, ctx: CallContext | undefined): LogStreamInfo {
    if (this.store.isDisposed) {
      throw new DeckhandError({ kind: 'internal', message: 'Shutting down' });
    }
    this.deps.session(spec.profileId); // throws with the reason when the profile has none
    const streamId = `l${String(this.nextId++)}${randomBytes(6).toString('hex')}`;
    const owner = ctx?.clientId ?? NO_CLIENT;
    const abort = new AbortController();
    // The stream's state is made once the source says its title; the sink may be called first.
    const ref: { state?: LogStreamState } = {};
    let disposed = false;
    const context: LogSourceContext = {
      spec,
      sink: {
        entries: (entries) => !disposed && ref.state?.push(entries),
        status: (status, message) => !disposed && ref.state?.setStatus(status, message),
        task: (task) => !disposed && ref.state?.setTask(task),
      },
      session: () => this.deps.session(spec.profileId),
      client: (): PveClient => this.deps.session(spec.profileId).api,
      consoleClient: () => this.deps.consoleClient?.(spec.profileId),
      scheduler: this.deps.scheduler,
      now: this.deps.now,
      log: this.deps.log,
      signal: abort.signal,
      ...(this.deps.pollMs !== undefined ? { pollMs: this.deps.pollMs } : {}),
    };
    const factory = this.factories[spec.kind] as (c: LogSourceContext) => LogSource;
    const source = factory(context);
    const state = new LogStreamState(
      streamId,
      spec,
      source.title,
      source.canLoadOlder,
      {
        info: (info) => this.deps.sink(owner)?.event('logStream', info),
        lines: (event) => this.deps.sink(owner)?.event('logLines', event),
      },
      this.flow,
      this.deps.scheduler,
    );
    let start: Disposable | undefined;
    ref.state = state;
    const owned = this.store.add(
      toDisposable(async () => {
        disposed = true;
        void start?.dispose();
        state.close(false);
        abort.abort(new DeckhandError({ kind: 'internal', message: 'Log stream closed' }));
        await source.dispose();
      }),
    );
    this.streams.set(streamId, {
      owner,
      state,
      source,
      abort,
      owned,
      profileId: spec.profileId,
      older: Promise.resolve(),
    });
    const info = state.info;
    // Started once the caller has its answer, so the first events find the stream known.
    start = this.deps.scheduler.setTimeout(
      () => {
        start = undefined;
        if (disposed) return;
        try {
          source.start();
        } catch (err) {
          state.setStatus('failed', asDeckhandError(err).message);
        }
      },
      0,
      { label: 'log stream start' },
    );
    return info;
  }

  async older(
    streamId: string,
    count: number | undefined,
    ctx: CallContext | undefined,
  ): Promise<{ entries: LogEntry[]; more: boolean }> {
    const entry = this.owned(streamId, ctx);
    const { source, state } = entry;
    if (!source.older || !source.canLoadOlder) {
      throw new DeckhandError({
        kind: 'validation',
        message: 'This log cannot load older entries',
      });
    }
    const n = Math.max(1, Math.min(OLDER_MAX, Math.floor(count ?? OLDER_DEFAULT)));
    const load = source.older.bind(source);
    const run = entry.older.catch(() => undefined).then(() => load(n, entry.abort.signal));
    entry.older = run;
    const page = await run;
    if (!this.streams.has(streamId)) {
      throw new DeckhandError({ kind: 'not-found', message: `No open log stream ${streamId}` });
    }
    state.setCanLoadOlder(source.canLoadOlder);
    return { entries: state.numberOlder(page.entries), more: page.more };
  }

  close(streamId: string, ctx: CallContext | undefined): void {
    this.drop(streamId, this.owned(streamId, ctx), true);
  }

  /** A late ack (the stream just closed) is harmless: ignored, as is one for another's stream. */
  ack(streamId: string, count: number, ctx: CallContext | undefined): void {
    const entry = this.streams.get(streamId);
    if (entry && entry.owner === (ctx?.clientId ?? NO_CLIENT)) entry.state.ack(count);
  }

  /** The profile is going away: its streams close, each telling its window why. */
  closeProfile(profileId: string, reason: string): void {
    for (const [id, entry] of this.streams) {
      if (entry.profileId !== profileId) continue;
      entry.state.setStatus('closed', reason);
      this.drop(id, entry, false);
    }
  }

  /** How many streams are open (tests, benches). */
  get size(): number {
    return this.streams.size;
  }

  async dispose(): Promise<void> {
    for (const entry of this.streams.values()) entry.state.close(true, 'Deckhand is closing');
    this.streams.clear();
    await this.store.dispose();
  }

  private drop(streamId: string, entry: Entry, report: boolean): void {
    this.streams.delete(streamId);
    entry.state.close(report);
    void this.store.release(entry.owned).catch((err: unknown) => {
      this.deps.log('warn', `Log stream ${streamId}: ${asDeckhandError(err).message}`);
    });
  }

  private owned(streamId: string, ctx: CallContext | undefined): Entry {
    const entry = this.streams.get(streamId);
    if (!entry || entry.owner !== (ctx?.clientId ?? NO_CLIENT)) {
      throw new DeckhandError({ kind: 'not-found', message: `No open log stream ${streamId}` });
    }
    return entry;
  }
}
