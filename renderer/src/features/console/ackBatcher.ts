// Flow control from the view's side: bytes the view has processed are acknowledged in batches,
// often enough that main (which pauses the PVE socket above ~256 KiB unacknowledged) never stalls
// a steady stream, and rarely enough that a busy shell does not cost a call per chunk.

import { systemScheduler, type Disposable, type Scheduler } from '../../../../shared/lifecycle';

/** Acknowledge at once once this many bytes are pending. */
export const ACK_BATCH_BYTES = 16 * 1024;
/** Otherwise acknowledge this long after the first pending byte (the end of a burst). */
export const ACK_DELAY_MS = 15;

export class AckBatcher implements Disposable {
  private pending = 0;
  private timer: Disposable | undefined;

  constructor(
    private readonly send: (bytes: number) => void,
    private readonly scheduler: Scheduler = systemScheduler,
  ) {}

  /** The view processed `bytes` more bytes. */
  add(bytes: number): void {
    if (bytes <= 0) return;
    this.pending += bytes;
    if (this.pending >= ACK_BATCH_BYTES) {
      this.flush();
    } else if (this.timer === undefined) {
      this.timer = this.scheduler.setTimeout(
        () => {
          this.timer = undefined;
          this.flush();
        },
        ACK_DELAY_MS,
        { label: 'console ack batch' },
      );
    }
  }

  flush(): void {
    this.cancelTimer();
    if (this.pending === 0) return;
    const bytes = this.pending;
    this.pending = 0;
    this.send(bytes);
  }

  /** Stop without sending (the console is gone, nobody counts any more). */
  dispose(): void {
    this.cancelTimer();
    this.pending = 0;
  }

  private cancelTimer(): void {
    this.timer?.dispose();
    this.timer = undefined;
  }
}
