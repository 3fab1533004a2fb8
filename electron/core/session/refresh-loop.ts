// The refresh loop of one profile: a cycle at once, then one every interval, never two at once.
// A cycle asked for while one runs ("again") runs once, right after it; failures back off while
// the server is away; a failure that retrying cannot heal halts the loop until it is reset.

import type { DeckhandError } from '../../../shared/errors';
import type { BackoffPolicy } from '../../../shared/backoff';
import { DisposableStore, type Disposable, type Scheduler } from '../../../shared/lifecycle';
import { asDeckhandError } from './as-error';
import { TimerSlot } from './timer-slot';

/**
 * What a failed cycle means for the next: `retry` after the usual interval, `back-off` for longer
 * (the server is away), `halt` until `reset` (retrying would only repeat a refusal).
 */
export type FailureVerdict = 'retry' | 'back-off' | 'halt';

export interface RefreshLoopOptions {
  intervalMs: number;
  /**
   * The pause between tries while backing off: the base, doubling with each failure up to the
   * cap (3 s, 6 s, … 60 s in sessions), less up to a fifth of it at random (jitter), and never
   * shorter than the interval.
   */
  offlineBackoff: BackoffPolicy;
  scheduler: Scheduler;
  /** One cycle's work; throws what failed. */
  cycle(): Promise<void>;
  /** Judge a failed cycle; `failures` counts the failures in a row, this one included. */
  onFailure(err: DeckhandError, failures: number): FailureVerdict;
  /** The jitter's random source (tests pin it). Default Math.random. */
  random?: () => number;
  /**
   * Where in each interval this loop ticks, as a fraction in [0, 1): after a good cycle the next
   * one waits for its slot (phase + k × interval, at least a quarter interval away), so the loops
   * of many profiles spread over the interval instead of firing together. Default: none, the
   * next cycle one interval after this one ended.
   */
  phase?: number;
}

/** The share of a back-off pause taken off at random, so many clients do not retry in step. */
const BACKOFF_JITTER = 0.2;

/** A stable phase in [0, 1) for `key` (a profile id): FNV-1a, so it survives restarts. */
export function stablePhase(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 2 ** 32;
}

export class RefreshLoop implements Disposable {
  private readonly store = new DisposableStore('RefreshLoop');
  private readonly timer: TimerSlot;
  private running: Promise<DeckhandError | undefined> | undefined;
  private again = false;
  private isStarted = false;
  private isHalted = false;
  private failures = 0;
  /** Back-offs in a row: the pause grows from the policy's base with each, and resets on success. */
  private backoffs = 0;
  private disposed = false;
  private intervalMs: number;

  constructor(private readonly opts: RefreshLoopOptions) {
    this.intervalMs = opts.intervalMs;
    // The loop alone must never keep the process alive.
    this.timer = this.store.add(
      new TimerSlot(opts.scheduler, { label: 'refresh loop', unref: true }),
    );
  }

  get started(): boolean {
    return this.isStarted;
  }

  get halted(): boolean {
    return this.isHalted;
  }

  /** Run the first cycle at once, then keep going on the timer. */
  start(): void {
    if (this.isStarted || this.disposed) return;
    this.isStarted = true;
    this.schedule(0);
  }

  /** One cycle now, after the one in flight (cycles never overlap); rejects with its error. */
  async tick(): Promise<void> {
    if (this.running) await this.running;
    const err = await this.run();
    if (err) throw err;
  }

  /** A cycle as soon as possible (after a task ended), without overlapping the one in flight. */
  soon(): void {
    if (this.isHalted || this.disposed) return;
    if (this.running) this.again = true;
    else void this.run();
  }

  /** Change the period from the next cycle on (slower while no window is visible). */
  setIntervalMs(ms: number): void {
    this.intervalMs = ms;
  }

  /** Forget past failures and a halt, and wait for the cycle in flight (before reconnecting). */
  async reset(): Promise<void> {
    this.isHalted = false;
    this.failures = 0;
    this.backoffs = 0;
    this.timer.clear();
    if (this.running) await this.running;
  }

  /** Run a cycle now and keep the loop going after it (the end of a reconnect). */
  resume(): Promise<DeckhandError | undefined> {
    this.isStarted = true;
    return this.run();
  }

  private schedule(delayMs: number): void {
    if (!this.isStarted || this.isHalted || this.disposed) return;
    this.timer.set(() => void this.run(), delayMs);
  }

  private run(): Promise<DeckhandError | undefined> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.timer.clear();
    const cycle = async (): Promise<DeckhandError | undefined> => {
      let next: number | undefined;
      let failure: DeckhandError | undefined;
      try {
        await this.opts.cycle();
        this.failures = 0;
        this.backoffs = 0;
        next = this.untilSlot();
      } catch (err) {
        failure = asDeckhandError(err);
        next = this.afterFailure(failure);
      }
      this.running = undefined;
      if (this.again) {
        this.again = false;
        if (next !== undefined) next = 0;
      }
      if (next !== undefined) this.schedule(next);
      return failure;
    };
    this.running = cycle();
    return this.running;
  }

  /** The delay before the next try, or none (halted, or disposed). */
  private afterFailure(err: DeckhandError): number | undefined {
    if (this.disposed) return undefined;
    const verdict = this.opts.onFailure(err, this.failures + 1);
    if (verdict === 'halt') {
      this.isHalted = true;
      return undefined;
    }
    this.failures++;
    if (verdict === 'retry') return this.intervalMs;
    // Counted apart from the quick retries before it, so the first back-off is the base.
    const { baseMs, capMs } = this.opts.offlineBackoff;
    const ceiling = Math.min(capMs, baseMs * 2 ** this.backoffs++);
    const pause = Math.floor(ceiling * (1 - BACKOFF_JITTER * (this.opts.random ?? Math.random)()));
    return Math.max(this.intervalMs, pause);
  }

  /** The delay to this loop's next slot in the interval (see `phase`). */
  private untilSlot(): number {
    const interval = this.intervalMs;
    const phase = this.opts.phase;
    if (phase === undefined || interval <= 0) return interval;
    const now = this.opts.scheduler.now();
    const offset = phase * interval;
    const into = (((now - offset) % interval) + interval) % interval;
    let delay = interval - into;
    // A slot too close is skipped, but only when very close: the pause then stays under
    // 1.25 intervals, within the transport's keep-alive (4 s for 3 s), so no new handshake.
    if (delay < interval / 4) delay += interval;
    return delay;
  }

  /** Stop the timer and wait for the cycle in flight (its requests are the owner's to abort). */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const running = this.running;
    await this.store.dispose();
    await running;
  }
}
