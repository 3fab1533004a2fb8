// A debounced action on the scheduler: each `schedule()` restarts the wait, `dispose()` cancels
// what is pending and ignores later calls, so a view's debounces end with the view.

import type { Disposable, Scheduler } from '../../../shared/lifecycle';

export class Debounced implements Disposable {
  private timer: Disposable | undefined;
  private disposed = false;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly ms: number,
    private readonly run: () => void,
    private readonly label = 'debounce',
  ) {}

  /** Run once `ms` after the last call. */
  schedule(): void {
    this.cancel();
    if (this.disposed) return;
    this.timer = this.scheduler.setTimeout(
      () => {
        this.timer = undefined;
        this.run();
      },
      this.ms,
      { label: this.label },
    );
  }

  cancel(): void {
    this.timer?.dispose();
    this.timer = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
  }
}
