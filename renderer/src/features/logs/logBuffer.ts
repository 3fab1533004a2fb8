// The entries one window keeps of a log stream: at most LOG_BUFFER_LIMIT, in seq order; new ones
// go at the end (the oldest dropped and counted), older pages at the front while there is room.
// An entry already held (same or an out-of-order seq) is never added twice.

import { LOG_BUFFER_LIMIT, type LogEntry } from '../../../../shared/logs';

export class LogBuffer {
  /** entries[start…] are the held ones; the dead head is compacted now and then. */
  private entries: LogEntry[] = [];
  private start = 0;
  /** Entries dropped from the front to stay within the limit. */
  dropped = 0;
  /** Entries ever appended at the end (the unread count is a difference of two of these). */
  appended = 0;

  constructor(readonly limit = LOG_BUFFER_LIMIT) {}

  get length(): number {
    return this.entries.length - this.start;
  }

  at(index: number): LogEntry | undefined {
    return this.entries[this.start + index];
  }

  /** The held entries, oldest first (a fresh array). */
  toArray(): LogEntry[] {
    return this.entries.slice(this.start);
  }

  get firstSeq(): number | undefined {
    return this.at(0)?.seq;
  }

  get lastSeq(): number | undefined {
    return this.at(this.length - 1)?.seq;
  }

  /** Add new entries at the end; returns how many were taken (repeats are skipped). */
  append(batch: readonly LogEntry[]): number {
    let last = this.lastSeq ?? -Infinity;
    let taken = 0;
    for (const e of batch) {
      if (e.seq <= last) continue;
      this.entries.push(e);
      last = e.seq;
      taken++;
    }
    this.appended += taken;
    const over = this.length - this.limit;
    if (over > 0) {
      this.start += over;
      this.dropped += over;
      if (this.start > this.limit / 2) {
        this.entries = this.entries.slice(this.start);
        this.start = 0;
      }
    }
    return taken;
  }

  /** Room left for older entries at the front. */
  get room(): number {
    return this.limit - this.length;
  }

  /**
   * Add older entries at the front (any order in, seq order kept); only those before the first
   * held entry, and only as many as there is room for (the newest of them). Returns how many.
   */
  prepend(batch: readonly LogEntry[]): number {
    const first = this.firstSeq ?? Infinity;
    const older = batch.filter((e) => e.seq < first).sort((a, b) => a.seq - b.seq);
    const unique = older.filter((e, i) => i === 0 || e.seq !== older[i - 1]!.seq);
    const fit = unique.slice(Math.max(0, unique.length - this.room));
    if (fit.length === 0) return 0;
    this.entries = fit.concat(this.entries.slice(this.start));
    this.start = 0;
    return fit.length;
  }

  clear(): void {
    this.entries = [];
    this.start = 0;
  }
}
