// One log stream as its window sees it: numbers the source's entries (seq strictly increasing;
// older pages below everything sent), batches them into 'logLines' events (every `flushMs` or at
// `batchMax` entries), holds back once the window has `windowEntries` unacknowledged, buffers up
// to `bufferMax` and drops the oldest beyond it, counting them in LogStreamInfo.dropped.

import type { Scheduler } from '../../../shared/lifecycle';
import type { LogEntry, LogLinesEvent, LogSourceSpec, LogStreamInfo } from '../../../shared/logs';
import { TimerSlot } from '../session/timer-slot';
import type { SourceEntry, SourceStatus } from './source';

export interface FlowLimits {
  /** Most entries in flight to the window before it acknowledges. */
  windowEntries: number;
  /** Most entries kept while the window is behind; the oldest beyond go (counted as dropped). */
  bufferMax: number;
  /** Longest an entry waits before its batch goes (ms). */
  flushMs: number;
  /** A batch goes at once when this many entries wait. */
  batchMax: number;
}

export const DEFAULT_FLOW: FlowLimits = {
  windowEntries: 5000,
  bufferMax: 20_000,
  flushMs: 60,
  batchMax: 500,
};

export interface StreamOutput {
  info(info: LogStreamInfo): void;
  lines(event: LogLinesEvent): void;
}

export class LogStreamState {
  private nextSeq = 1;
  private lowestSeq = 1;
  private readonly pending: LogEntry[] = [];
  private unacked = 0;
  private reportedDropped = 0;
  private readonly timer: TimerSlot;
  private closed = false;
  info: LogStreamInfo;

  constructor(
    streamId: string,
    spec: LogSourceSpec,
    title: string,
    canLoadOlder: boolean,
    private readonly out: StreamOutput,
    private readonly flow: FlowLimits,
    scheduler: Scheduler,
  ) {
    this.info = { streamId, spec, title, status: 'connecting', canLoadOlder, dropped: 0 };
    this.timer = new TimerSlot(scheduler, { label: 'log stream flush', unref: true });
  }

  /** New entries from the source, oldest first. */
  push(entries: SourceEntry[]): void {
    if (this.closed || entries.length === 0) return;
    for (const e of entries) this.pending.push({ ...e, seq: this.nextSeq++ });
    // Full batches go at once, as far as the window has room; what is left waits, bounded.
    while (this.pending.length >= this.flow.batchMax && this.room() > 0) this.sendBatch();
    const over = this.pending.length - this.flow.bufferMax;
    if (over > 0) {
      this.pending.splice(0, over);
      this.info = { ...this.info, dropped: this.info.dropped + over };
    }
    if (this.info.dropped !== this.reportedDropped) this.flush();
    else if (this.pending.length > 0 && !this.timer.pending) {
      this.timer.set(() => this.flush(), this.flow.flushMs);
    }
  }

  /** Entries before everything sent so far, numbered below the lowest seq. */
  numberOlder(entries: SourceEntry[]): LogEntry[] {
    const first = this.lowestSeq - entries.length;
    this.lowestSeq = first;
    return entries.map((e, i) => ({ ...e, seq: first + i }));
  }

  ack(count: number): void {
    if (this.closed) return;
    this.unacked = Math.max(0, this.unacked - count);
    if (this.pending.length > 0) this.flush();
  }

  /** Send what the window may take now; what waits goes when it acknowledges. */
  flush(): void {
    this.timer.clear();
    if (this.closed) return;
    while (this.room() > 0 && this.pending.length > 0) this.sendBatch();
    if (this.info.dropped !== this.reportedDropped) {
      this.reportedDropped = this.info.dropped;
      this.out.info(this.info);
    }
  }

  private room(): number {
    return this.flow.windowEntries - this.unacked;
  }

  private sendBatch(): void {
    const n = Math.min(this.room(), this.pending.length, this.flow.batchMax);
    const batch = this.pending.splice(0, n);
    this.unacked += batch.length;
    this.out.lines({ streamId: this.info.streamId, entries: batch });
  }

  /** The source's new state: entries that may go are sent first, then the state. */
  setStatus(status: SourceStatus | 'closed', message?: string): void {
    if (this.closed) return;
    if (this.info.status === status && this.info.message === message) return;
    this.flush();
    const { message: _old, ...rest } = this.info;
    this.info = { ...rest, status, ...(message !== undefined ? { message } : {}) };
    this.reportedDropped = this.info.dropped;
    this.out.info(this.info);
  }

  setTask(task: { running: boolean; exitstatus?: string }): void {
    if (this.closed) return;
    const now = this.info.task;
    if (now && now.running === task.running && now.exitstatus === task.exitstatus) return;
    this.flush();
    this.info = { ...this.info, task: { ...task } };
    this.out.info(this.info);
  }

  setCanLoadOlder(can: boolean): void {
    if (this.closed || this.info.canLoadOlder === can) return;
    this.info = { ...this.info, canLoadOlder: can };
    this.out.info(this.info);
  }

  /** Stop sending; `report` tells the window (not when the window itself is gone). */
  close(report: boolean, message?: string): void {
    if (this.closed) return;
    if (report) this.setStatus('closed', message);
    this.closed = true;
    this.pending.length = 0;
    this.timer.dispose();
  }
}
