// At most one pending timer, replaced by the next `set`: the shape of a loop's "next tick" or a
// ping's deadline. Its timer comes from the Scheduler, so it is counted and faked like any other.

import type { Disposable, Scheduler, TimerOptions } from '../../../shared/lifecycle';

export class TimerSlot implements Disposable {
  private current: Disposable | undefined;
  private disposed = false;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly opts: TimerOptions = {},
  ) {}

  get pending(): boolean {
    return this.current !== undefined;
  }

  /** Run `fn` after `ms`, instead of whatever was pending. Ignored once disposed. */
  set(fn: () => void, ms: number): void {
    this.clear();
    if (this.disposed) return;
    const timer = this.scheduler.setTimeout(
      () => {
        if (this.current === timer) this.current = undefined;
        fn();
      },
      ms,
      this.opts,
    );
    this.current = timer;
  }

  clear(): void {
    const timer = this.current;
    this.current = undefined;
    void timer?.dispose();
  }

  dispose(): void {
    this.disposed = true;
    this.clear();
  }
}
