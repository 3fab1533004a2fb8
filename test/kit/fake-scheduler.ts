// A Scheduler on a hand-turned clock for unit tests: nothing fires until `advance(ms)`, and
// `pending` says how many timers are still set (so a test can see that dispose cleared them).

import { toDisposable, type Disposable, type Scheduler } from '../../shared/lifecycle';

interface FakeTimer {
  at: number;
  every: number | undefined;
  fn: () => void;
}

export interface FakeScheduler extends Scheduler {
  /** Move the clock on, running every timer that falls due, in order. */
  advance(ms: number): void;
  readonly pending: number;
}

export function createFakeScheduler(start = 0): FakeScheduler {
  let now = start;
  const timers = new Set<FakeTimer>();
  const add = (fn: () => void, ms: number, every: number | undefined): Disposable => {
    const timer: FakeTimer = { at: now + Math.max(0, ms), every, fn };
    timers.add(timer);
    return toDisposable(() => void timers.delete(timer));
  };
  const scheduler: FakeScheduler = {
    now: () => now,
    setTimeout: (fn, ms) => add(fn, ms, undefined),
    setInterval: (fn, ms) => add(fn, ms, Math.max(1, ms)),
    delay(ms, opts = {}) {
      return new Promise<void>((resolve, reject) => {
        const { signal } = opts;
        if (signal?.aborted) return reject(signal.reason);
        const timer = add(resolve, ms, undefined);
        signal?.addEventListener(
          'abort',
          () => {
            void timer.dispose();
            reject(signal.reason);
          },
          { once: true },
        );
      });
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers].filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        now = due.at;
        if (due.every === undefined) timers.delete(due);
        else due.at += due.every;
        due.fn();
      }
      now = until;
    },
    get pending() {
      return timers.size;
    },
  };
  return scheduler;
}
