// The live line's source: per window, the guests and nodes whose detail view is open, each read
// every second (status/current, or the node's status) through its profile's client, one request
// at a time, with rates over the cumulative counters. A watch ends when its window unwatches it,
// the window goes, or core stops; nothing here reads anything for a guest nobody watches.

import { randomBytes } from 'node:crypto';
import { DeckhandError } from '../../../shared/errors';
import type { CallContext } from '../../../shared/ipc';
import {
  DisposableStore,
  toDisposable,
  type Disposable,
  type Scheduler,
} from '../../../shared/lifecycle';
import type { StatsEvent, StatsTarget } from '../../../shared/stats';
import type { PveClient } from '../pve/client';
import { TimerSlot } from '../session/timer-slot';
import { parseGuestCurrent, parseNodeStatus } from './parse';
import { RateWindow } from './rate-window';

export interface StatsWatcherDeps {
  /** The profile's logged-in client (throws when the profile has no session). */
  client(profileId: string): PveClient;
  /** Where a window's `stats` events go (undefined: no such window, or none). */
  emit(clientId: string, event: StatsEvent): void;
  /** Calls `listener` with each window that goes. */
  onClientGone(listener: (clientId: string) => void): Disposable;
  scheduler: Scheduler;
  now(): number;
  /** Poll period (ms). Default 1000. */
  intervalMs?: number;
}

/** Calls made without a window (tests calling handlers directly) own their watches here. */
const NO_CLIENT = 'none';
/** A window shows a handful of details at most; more is a leak in the renderer. */
const MAX_WATCHES_PER_WINDOW = 16;

const seg = encodeURIComponent;

export function statusPath(t: StatsTarget): string {
  return t.kind === 'node'
    ? `/nodes/${seg(t.node)}/status`
    : `/nodes/${seg(t.node)}/${t.kind}/${String(t.vmid)}/status/current`;
}

interface Watch {
  owner: string;
  owned: Disposable;
}

export class StatsWatcher implements Disposable {
  private readonly watches = new Map<string, Watch>();
  private readonly store = new DisposableStore('stats watches');

  constructor(private readonly deps: StatsWatcherDeps) {
    this.store.add(
      deps.onClientGone((clientId) => {
        for (const [id, w] of this.watches) if (w.owner === clientId) this.drop(id, w);
      }),
    );
  }

  watch(target: StatsTarget, ctx: CallContext | undefined): { watchId: string } {
    if (this.store.isDisposed) {
      throw new DeckhandError({ kind: 'internal', message: 'Shutting down' });
    }
    this.deps.client(target.profileId); // a profile without a session fails here, with its reason
    const owner = ctx?.clientId ?? NO_CLIENT;
    const mine = [...this.watches.values()].filter((w) => w.owner === owner).length;
    if (mine >= MAX_WATCHES_PER_WINDOW) {
      throw new DeckhandError({
        kind: 'validation',
        message: `A window may watch at most ${String(MAX_WATCHES_PER_WINDOW)} guests or nodes`,
      });
    }
    const watchId = `s${randomBytes(6).toString('hex')}`;
    const loop = new PollLoop(this.deps, target, (e) => this.deps.emit(owner, { watchId, ...e }));
    const owned = this.store.add(
      toDisposable(() => {
        this.watches.delete(watchId);
        loop.dispose();
      }),
    );
    this.watches.set(watchId, { owner, owned });
    loop.start();
    return { watchId };
  }

  unwatch(watchId: string, ctx: CallContext | undefined): void {
    const w = this.watches.get(watchId);
    // Unwatching what is gone already (the view closed twice) is not an error.
    if (!w || w.owner !== (ctx?.clientId ?? NO_CLIENT)) return;
    this.drop(watchId, w);
  }

  /** How many watches are open (tests). */
  get size(): number {
    return this.watches.size;
  }

  dispose(): Promise<void> {
    return this.store.dispose();
  }

  private drop(watchId: string, w: Watch): void {
    this.watches.delete(watchId);
    void this.store.release(w.owned);
  }
}

/** One watch: poll, emit, wait out the rest of the period, again; never two requests at once. */
class PollLoop implements Disposable {
  private readonly timer: TimerSlot;
  private readonly rates = new RateWindow();
  private abort: AbortController | undefined;
  private disposed = false;

  constructor(
    private readonly deps: StatsWatcherDeps,
    private readonly target: StatsTarget,
    private readonly emit: (e: Omit<StatsEvent, 'watchId'>) => void,
  ) {
    this.timer = new TimerSlot(deps.scheduler, { label: 'stats poll' });
  }

  start(): void {
    void this.tick();
  }

  dispose(): void {
    this.disposed = true;
    this.abort?.abort();
    this.timer.dispose();
  }

  private async tick(): Promise<void> {
    const started = this.deps.now();
    const abort = new AbortController();
    this.abort = abort;
    try {
      const client = this.deps.client(this.target.profileId);
      const { data } = await client.request(
        'GET',
        statusPath(this.target),
        undefined,
        abort.signal,
      );
      if (this.disposed) return;
      const t = this.target;
      if (t.kind === 'node') {
        this.emit({ time: this.deps.now(), stats: parseNodeStatus(data) });
      } else {
        const stats = parseGuestCurrent(t.kind, data);
        const running = stats.status !== 'stopped' && stats.status !== 'unknown';
        const rates = this.rates.push({ uptime: stats.uptime, ...stats.totals }, running);
        this.emit({ time: this.deps.now(), stats: rates ? { ...stats, rates } : stats });
      }
    } catch (err) {
      if (this.disposed) return;
      this.rates.reset();
      this.emit({ time: this.deps.now(), error: errorText(err) });
    } finally {
      if (this.abort === abort) this.abort = undefined;
    }
    if (this.disposed) return;
    const period = this.deps.intervalMs ?? 1000;
    const elapsed = this.deps.now() - started;
    this.timer.set(() => void this.tick(), Math.max(period / 4, period - elapsed));
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
