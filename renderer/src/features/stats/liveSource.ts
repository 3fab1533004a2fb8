// The live line's data in a window: one core-side watch (stats.watch) per open detail view, its
// samples as a small external store views subscribe to (useSyncExternalStore). Core polls; this
// only listens, and unwatches when the view goes. Also the rrddata source of the charts, which
// re-reads on the timeframe's cadence from the controller's scheduler.

import type { DeckhandApi } from '../../../../shared/ipc';
import type { Disposable, Scheduler } from '../../../../shared/lifecycle';
import type {
  LiveStats,
  RrdCf,
  RrdSeries,
  RrdTimeframe,
  StatsEvent,
  StatsTarget,
} from '../../../../shared/stats';

export interface LiveSnapshot {
  stats?: LiveStats;
  /** ms since the epoch of the last sample */
  time?: number;
  /** the last poll failed (the stats shown, if any, are older) */
  error?: string;
  /** samples seen so far (a view can tell "changed" from "same") */
  count: number;
}

abstract class Source<T> implements Disposable {
  protected snapshot: T;
  private readonly listeners = new Set<() => void>();

  constructor(initial: T) {
    this.snapshot = initial;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  readonly getSnapshot = (): T => this.snapshot;

  protected set(next: T): void {
    this.snapshot = next;
    for (const l of [...this.listeners]) l();
  }

  abstract dispose(): void;
}

export class LiveStatsSource extends Source<LiveSnapshot> {
  private watchId: string | undefined;
  private disposed = false;
  private readonly early: StatsEvent[] = [];
  private readonly listening: Disposable;

  constructor(
    private readonly api: DeckhandApi,
    target: StatsTarget,
  ) {
    super({ count: 0 });
    this.listening = api.on('stats', (e) => {
      if (this.watchId === undefined) this.early.push(e);
      else if (e.watchId === this.watchId) this.apply(e);
    });
    api.invoke('stats.watch', target).then(
      ({ watchId }) => {
        if (this.disposed) {
          void api.invoke('stats.unwatch', { watchId }).catch(() => undefined);
          return;
        }
        this.watchId = watchId;
        for (const e of this.early.splice(0)) if (e.watchId === watchId) this.apply(e);
      },
      (err: unknown) => {
        if (!this.disposed) this.set({ ...this.snapshot, error: errorText(err) });
      },
    );
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    void this.listening.dispose();
    const id = this.watchId;
    if (id) void this.api.invoke('stats.unwatch', { watchId: id }).catch(() => undefined);
  }

  private apply(e: StatsEvent): void {
    const count = this.snapshot.count + 1;
    if (e.stats) this.set({ stats: e.stats, time: e.time, count });
    else this.set({ ...this.snapshot, error: e.error ?? 'No data', count });
  }
}

export interface RrdSnapshot {
  series?: RrdSeries;
  loading: boolean;
  error?: string;
}

/** How often a timeframe's series gains a point worth re-reading (the web UI: every 30 s). */
const REFRESH_MS: Record<RrdTimeframe, number> = {
  hour: 30_000,
  day: 60_000,
  week: 300_000,
  month: 600_000,
  year: 1_800_000,
};

export class RrdSource extends Source<RrdSnapshot> {
  private readonly timer: Disposable;
  private disposed = false;
  private seq = 0;

  constructor(
    private readonly api: DeckhandApi,
    private readonly target: StatsTarget,
    private readonly timeframe: RrdTimeframe,
    private readonly cf: RrdCf,
    scheduler: Scheduler,
  ) {
    super({ loading: true });
    void this.load();
    this.timer = scheduler.setInterval(() => void this.load(), REFRESH_MS[timeframe], {
      label: 'rrd refresh',
    });
  }

  dispose(): void {
    this.disposed = true;
    void this.timer.dispose();
  }

  private async load(): Promise<void> {
    const seq = ++this.seq;
    try {
      const series = await this.api.invoke('stats.rrd', {
        ...this.target,
        timeframe: this.timeframe,
        cf: this.cf,
      });
      if (!this.disposed && seq === this.seq) this.set({ series, loading: false });
    } catch (err) {
      if (!this.disposed && seq === this.seq) {
        this.set({ ...this.snapshot, loading: false, error: errorText(err) });
      }
    }
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
