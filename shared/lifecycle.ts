// The one lifecycle of the house: everything that starts something returns a Disposable; an owner
// keeps what it started in a DisposableStore and disposes it in one call; timers come from a
// Scheduler passed in, so tests can count (and fake) them. Plain TypeScript: runs in Node, in
// Electron's main process and in the renderer alike.

/** Something that was started and can be stopped. Disposing twice is harmless. */
export interface Disposable {
  dispose(): void | Promise<void>;
}

/** A Disposable that runs `fn` once, on the first dispose. */
export function toDisposable(fn: () => void | Promise<void>): Disposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      return fn();
    },
  };
}

// ---- leak tracking: which stores and timers are alive (tests check this after each file) ----

export interface LiveRecord {
  readonly kind: 'store' | 'timer';
  readonly label: string;
}

const live = new Set<LiveRecord>();

/** Everything alive now: stores not yet disposed, timers not yet fired or cleared. */
export function liveLifecycle(): readonly LiveRecord[] {
  return [...live];
}

/**
 * What an owner started, stopped together: `dispose()` disposes every member, newest first, each
 * awaited before the next. Something added after the store was disposed is
 * disposed at once, so a late start cannot outlive its owner.
 */
export class DisposableStore implements Disposable {
  private readonly members = new Set<Disposable>();
  private disposed = false;
  private closing: Promise<void> | undefined;
  private readonly record: LiveRecord;

  constructor(label = 'DisposableStore') {
    this.record = { kind: 'store', label };
    live.add(this.record);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  get size(): number {
    return this.members.size;
  }

  add<T extends Disposable>(member: T): T {
    if (this.disposed) {
      void Promise.resolve(member.dispose()).catch(() => undefined);
      return member;
    }
    this.members.add(member);
    return member;
  }

  /** Add a clean-up function; returns its Disposable (to run it early with `release`). */
  defer(fn: () => void | Promise<void>): Disposable {
    return this.add(toDisposable(fn));
  }

  /** Dispose one member now and forget it. */
  async release(member: Disposable): Promise<void> {
    if (!this.members.delete(member)) return;
    await member.dispose();
  }

  /** Forget a member without disposing it (it stopped by itself). */
  forget(member: Disposable): void {
    this.members.delete(member);
  }

  dispose(): Promise<void> {
    if (this.closing) return this.closing;
    this.disposed = true;
    live.delete(this.record);
    const members = [...this.members].reverse();
    this.members.clear();
    this.closing = (async () => {
      // One after another, newest first: what was started last (and may use what came before
      // it) has stopped before what it depends on stops. Members that stop synchronously stop
      // within this call (until the first asynchronous one), so a view torn down and rebuilt in
      // one tick never overlaps itself.
      const errors: unknown[] = [];
      for (const m of members) {
        try {
          const pending = m.dispose();
          if (pending) await pending;
        } catch (err) {
          errors.push(err);
        }
      }
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw new AggregateError(errors, 'Several clean-ups failed');
    })();
    return this.closing;
  }
}

// ---- timers ----

export interface TimerOptions {
  /** Named in leak reports. */
  label?: string;
  /** Do not keep a Node process alive for this timer (it is still counted as live). */
  unref?: boolean;
}

/** Where long-lived code gets its clock and timers: passed in, never reached for globally. */
export interface Scheduler {
  now(): number;
  setTimeout(fn: () => void, ms: number, opts?: TimerOptions): Disposable;
  setInterval(fn: () => void, ms: number, opts?: TimerOptions): Disposable;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  delay(ms: number, opts?: TimerOptions & { signal?: AbortSignal }): Promise<void>;
}

interface TimerHandle {
  unref?: () => void;
}

function unrefHandle(handle: unknown): void {
  (handle as TimerHandle).unref?.();
}

/** The real clock and timers, each live timer counted in `liveLifecycle()`. */
export function createScheduler(now: () => number = Date.now): Scheduler {
  const timeout = (fn: () => void, ms: number, opts: TimerOptions = {}): Disposable => {
    const record: LiveRecord = { kind: 'timer', label: opts.label ?? (fn.name || 'timeout') };
    live.add(record);
    const handle = globalThis.setTimeout(() => {
      live.delete(record);
      fn();
    }, ms);
    if (opts.unref) unrefHandle(handle);
    return toDisposable(() => {
      live.delete(record);
      globalThis.clearTimeout(handle);
    });
  };
  return {
    now,
    setTimeout: timeout,
    setInterval(fn, ms, opts = {}) {
      const record: LiveRecord = { kind: 'timer', label: opts.label ?? (fn.name || 'interval') };
      live.add(record);
      const handle = globalThis.setInterval(fn, ms);
      if (opts.unref) unrefHandle(handle);
      return toDisposable(() => {
        live.delete(record);
        globalThis.clearInterval(handle);
      });
    },
    delay(ms, opts = {}) {
      const { signal, ...timerOpts } = opts;
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const onAbort = (): void => {
          timer.dispose();
          reject(signal?.reason);
        };
        const timer = timeout(
          () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          ms,
          { label: 'delay', ...timerOpts },
        );
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}

/** The scheduler of the real clock, for hosts and for code given no other. */
export const systemScheduler: Scheduler = createScheduler();
