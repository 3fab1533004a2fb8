// Coalesces a console's output before it crosses to the renderer: one message per few ms or tens
// of KB instead of one per PVE frame, and for text never a split UTF-8 character (the tail of an
// incomplete character waits for the next chunk). The first chunk after a quiet spell goes out at
// once, so a keystroke's echo is not delayed; only bursts wait for the timer.

import { systemScheduler, type Disposable, type Scheduler } from '../../../shared/lifecycle';

export interface OutputBatcherOptions {
  /** Cut only at UTF-8 character boundaries (terminals; VNC bytes are not text). */
  utf8: boolean;
  flush(data: Uint8Array): void;
  /** Longest a byte waits (ms). Default 4. */
  maxDelayMs?: number;
  /** Flush at once when this much is pending. Default 32 KiB. */
  maxBytes?: number;
  /** Where the flush timer comes from. Default: the system's. */
  scheduler?: Scheduler;
}

/** Length of the longest prefix of `buf` that ends on a complete UTF-8 character. */
export function completeUtf8Length(buf: Uint8Array): number {
  const n = buf.length;
  // Look back at most 3 bytes for the lead byte of the last character.
  for (let back = 1; back <= Math.min(4, n); back++) {
    const b = buf[n - back] ?? 0;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  // Only continuation bytes at the end (invalid text): pass them on rather than hold them.
  return n;
}

export class OutputBatcher implements Disposable {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private timer: Disposable | undefined;
  private readonly scheduler: Scheduler;
  private readonly maxDelayMs: number;
  private readonly maxBytes: number;
  private disposed = false;
  private lastFlush = -Infinity;

  constructor(private readonly opts: OutputBatcherOptions) {
    this.maxDelayMs = opts.maxDelayMs ?? 4;
    this.maxBytes = opts.maxBytes ?? 32 * 1024;
    this.scheduler = opts.scheduler ?? systemScheduler;
  }

  push(chunk: Buffer): void {
    if (this.disposed || chunk.length === 0) return;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const quiet = this.timer === undefined && performance.now() - this.lastFlush >= this.maxDelayMs;
    if (this.pendingBytes >= this.maxBytes || quiet) this.flushNow();
    else {
      this.timer ??= this.scheduler.setTimeout(() => this.flushNow(), this.maxDelayMs, {
        label: 'console output batch',
      });
    }
  }

  flushNow(): void {
    this.stopTimer();
    if (this.pendingBytes === 0 || this.disposed) return;
    const all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    const cut = this.opts.utf8 ? completeUtf8Length(all) : all.length;
    const tail = all.subarray(cut);
    this.pending = tail.length > 0 ? [Buffer.from(tail)] : [];
    this.pendingBytes = tail.length;
    if (cut > 0) {
      this.lastFlush = performance.now();
      this.opts.flush(all.subarray(0, cut));
    }
  }

  /** Drop what is pending (the connection it came from is gone). */
  private reset(): void {
    this.stopTimer();
    this.pending = [];
    this.pendingBytes = 0;
  }

  dispose(): void {
    this.reset();
    this.disposed = true;
  }

  private stopTimer(): void {
    const timer = this.timer;
    this.timer = undefined;
    void timer?.dispose();
  }
}
