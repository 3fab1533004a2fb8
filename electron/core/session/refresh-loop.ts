// The refresh loop of one profile: a cycle at once, then one every interval, never two at once.
// A cycle asked for while one runs ("again") runs once, right after it; failures back off while
// the server is away; a failure that retrying cannot heal halts the loop until it is reset.

import type { DeckhandError } from '../../../shared/errors';
import { backoffDelay, type BackoffPolicy } from '../../../shared/backoff';
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
  /** Pause added to the interval while backing off (full jitter, growing with each failure). */
  offlineBackoff: BackoffPolicy;
  scheduler: Scheduler;
  /** One cycle's work; throws what failed. */
  cycle(): Promise<void>;
  /** Judge a failed cycle; `failures` counts the failures in a row, this one included. */
  onFailure(err: DeckhandError, failures: number): FailureVerdict;
  /** The jitter's random source (tests pin it). Default Math.random. */
  random?: () => number;
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

  constructor(private readonly opts: RefreshLoopOptions) {
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
        next = this.opts.intervalMs;
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
    if (verdict === 'retry') return this.opts.intervalMs;
    // Counted apart from the quick retries before it, so the first back-off is at most the base.
    const pause = backoffDelay(this.backoffs++, this.opts.offlineBackoff, this.opts.random);
    return this.opts.intervalMs + pause;
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
