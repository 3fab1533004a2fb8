// One log stream of this window, outside React: its state from core, the entries held (a bounded
// buffer), loading of older pages, and acknowledgement of applied entries in batches. React
// subscribes with useSyncExternalStore (useLogStream); `version` changes with every change.

import { Emitter } from '../../../../shared/emitter';
import type { Disposable, Scheduler } from '../../../../shared/lifecycle';
import type { LogEntry, LogStreamInfo } from '../../../../shared/logs';
import { LogBuffer } from './logBuffer';

/** Acknowledge at once once this many entries are pending, else after ACK_DELAY_MS. */
export const ACK_BATCH_ENTRIES = 500;
export const ACK_DELAY_MS = 20;
/** Entries asked for per 'logs.older' page. */
export const OLDER_PAGE = 500;

export interface LogStreamPort {
  ack(streamId: string, count: number): void;
  older(streamId: string, count: number): Promise<{ entries: LogEntry[]; more: boolean }>;
}

export interface LogStreamSnapshot {
  info: LogStreamInfo;
  version: number;
  /** Entries held now, oldest first (built on first read; read it before the next change). */
  readonly entries: readonly LogEntry[];
  /** Older lines no longer held: dropped here past the limit, plus those core dropped. */
  dropped: number;
  /** Entries ever appended (for the unread count). */
  appended: number;
  loadingOlder: boolean;
  olderError?: string;
}

export class LogStream implements Disposable {
  private readonly buffer: LogBuffer;
  private readonly changed = new Emitter<void>();
  private snapshot: LogStreamSnapshot;
  private pendingAck = 0;
  private ackTimer: Disposable | undefined;
  private disposed = false;
  private more = true;

  constructor(
    info: LogStreamInfo,
    private readonly port: LogStreamPort,
    private readonly scheduler: Scheduler,
    limit?: number,
  ) {
    this.buffer = new LogBuffer(limit);
    this.snapshot = this.build(info, false, undefined);
  }

  get streamId(): string {
    return this.snapshot.info.streamId;
  }

  getSnapshot = (): LogStreamSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    const sub = this.changed.on(listener);
    return () => void sub.dispose();
  };

  private build(info: LogStreamInfo, loadingOlder: boolean, olderError: string | undefined) {
    const prev = this.snapshot as LogStreamSnapshot | undefined;
    const buffer = this.buffer;
    let held: LogEntry[] | undefined;
    const snap: LogStreamSnapshot = {
      info,
      version: (prev?.version ?? 0) + 1,
      get entries() {
        held ??= buffer.toArray();
        return held;
      },
      dropped: this.buffer.dropped + info.dropped,
      appended: this.buffer.appended,
      loadingOlder,
    };
    if (olderError) snap.olderError = olderError;
    return snap;
  }

  private update(patch: Partial<Pick<LogStreamSnapshot, 'info' | 'loadingOlder' | 'olderError'>>) {
    if (this.disposed) return;
    const s = this.snapshot;
    const olderError = 'olderError' in patch ? patch.olderError : s.olderError;
    this.snapshot = this.build(
      patch.info ?? s.info,
      patch.loadingOlder ?? s.loadingOlder,
      olderError,
    );
    this.changed.fire();
  }

  /** Core's new state of the stream. */
  setInfo(info: LogStreamInfo): void {
    this.update({ info });
  }

  /** New entries from core: held, then acknowledged (all of them: skipped repeats count too). */
  addEntries(entries: readonly LogEntry[]): void {
    if (this.disposed || entries.length === 0) return;
    this.buffer.append(entries);
    this.update({});
    this.queueAck(entries.length);
  }

  /** Whether an older page can be asked for now. */
  canLoadOlder(): boolean {
    const s = this.snapshot;
    return s.info.canLoadOlder && this.more && !s.loadingOlder && this.buffer.room > 0;
  }

  /** Load the page before the oldest entry held; resolves with how many were added. */
  async loadOlder(): Promise<number> {
    if (!this.canLoadOlder()) return 0;
    this.update({ loadingOlder: true, olderError: undefined });
    try {
      const count = Math.min(OLDER_PAGE, this.buffer.room);
      const page = await this.port.older(this.streamId, count);
      if (this.disposed) return 0;
      this.more = page.more;
      const added = this.buffer.prepend(page.entries);
      this.update({ loadingOlder: false });
      return added;
    } catch (err) {
      this.update({
        loadingOlder: false,
        olderError: err instanceof Error ? err.message : String(err),
      });
      return 0;
    }
  }

  /** No more older entries to load (core said so, or the buffer is full). */
  get olderExhausted(): boolean {
    return !this.snapshot.info.canLoadOlder || !this.more || this.buffer.room === 0;
  }

  private queueAck(count: number): void {
    this.pendingAck += count;
    if (this.pendingAck >= ACK_BATCH_ENTRIES) {
      this.flushAck();
    } else if (!this.ackTimer) {
      this.ackTimer = this.scheduler.setTimeout(() => this.flushAck(), ACK_DELAY_MS, {
        label: 'log ack batch',
      });
    }
  }

  flushAck(): void {
    this.ackTimer?.dispose();
    this.ackTimer = undefined;
    if (this.pendingAck === 0 || this.disposed) return;
    const count = this.pendingAck;
    this.pendingAck = 0;
    this.port.ack(this.streamId, count);
  }

  dispose(): void {
    if (this.disposed) return;
    this.ackTimer?.dispose();
    this.ackTimer = undefined;
    this.pendingAck = 0;
    this.disposed = true;
    this.buffer.clear();
    this.changed.dispose();
  }
}
