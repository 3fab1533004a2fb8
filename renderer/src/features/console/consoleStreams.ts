// Routes the window's stream bytes to console views. Bytes can arrive before a view exists (a tab
// still mounting, an RFB for a new generation not yet made, a terminal's replay racing the
// attach result), so they wait here. Bytes and 'console' events arrive in order, so the event
// handler marks generation changes in the same sequence: a VNC view takes only the bytes of its
// generation, a terminal sees where one generation ends and the next begins.

import {
  DisposableStore,
  systemScheduler,
  toDisposable,
  type Disposable,
  type Scheduler,
} from '../../../../shared/lifecycle';
import { AckBatcher } from './ackBatcher';

export interface StreamSink {
  /** Only bytes of this generation (VNC); older ones are dropped, newer ones wait for a new sink. */
  generation?: number;
  /** Output bytes; the sink acknowledges them (see `ConsoleStreams.ack`) once processed. */
  write(data: Uint8Array): void;
  /** A terminal's cue that a new generation starts here (sinks without `generation` only). */
  newGeneration?(generation: number): void;
}

type Item =
  | { kind: 'data'; generation: number | undefined; data: Uint8Array }
  | { kind: 'gen'; generation: number };

interface Entry {
  generation: number | undefined;
  queue: Item[];
  sink?: StreamSink;
  acks: AckBatcher;
}

export interface StreamsBackend {
  onStream(listener: (streamId: string, data: Uint8Array) => void): Disposable;
  ack(consoleId: string, bytes: number): void;
}

export class ConsoleStreams {
  private readonly entries = new Map<string, Entry>();
  /** Closed consoles: bytes still in flight for them are dropped, not kept for a view. */
  private readonly forgotten = new Set<string>();

  constructor(
    private readonly backend: StreamsBackend,
    private readonly scheduler: Scheduler = systemScheduler,
  ) {}

  /** Listen to the window's stream; disposing stops listening and drops every pending ack. */
  start(): Disposable {
    const store = new DisposableStore('ConsoleStreams');
    store.defer(() => {
      for (const e of this.entries.values()) e.acks.dispose();
      this.entries.clear();
    });
    store.add(this.backend.onStream((id, data) => this.onBytes(id, data)));
    return store;
  }

  private entry(consoleId: string): Entry {
    let e = this.entries.get(consoleId);
    if (!e) {
      e = {
        generation: undefined,
        queue: [],
        acks: new AckBatcher((bytes) => this.backend.ack(consoleId, bytes), this.scheduler),
      };
      this.entries.set(consoleId, e);
    }
    return e;
  }

  /** The view processed these bytes: tell main (batched). */
  ack(consoleId: string, bytes: number): void {
    this.entries.get(consoleId)?.acks.add(bytes);
  }

  /**
   * A console reached this generation (from an event, or a call result; only increases). Bytes
   * after this call belong to it.
   */
  setGeneration(consoleId: string, generation: number): void {
    const e = this.entry(consoleId);
    if (e.generation === undefined) {
      // Bytes that came before anything was known (a replay racing the attach result) are the
      // first generation's.
      for (const item of e.queue) if (item.kind === 'data') item.generation = generation;
      e.generation = generation;
      return;
    }
    if (generation <= e.generation) return;
    e.generation = generation;
    this.deliver(e, { kind: 'gen', generation });
  }

  /** Attach a view; what waited is delivered now, in order. Disposing detaches it. */
  attach(consoleId: string, sink: StreamSink): Disposable {
    const e = this.entry(consoleId);
    e.sink = sink;
    const waiting = e.queue.splice(0);
    for (const item of waiting) this.deliver(e, item);
    return toDisposable(() => {
      if (e.sink === sink) e.sink = undefined;
    });
  }

  /** The console is gone: drop what waits and stop acknowledging. */
  forget(consoleId: string): void {
    const e = this.entries.get(consoleId);
    this.forgotten.add(consoleId);
    if (!e) return;
    e.acks.flush();
    e.acks.dispose();
    this.entries.delete(consoleId);
  }

  private onBytes(consoleId: string, data: Uint8Array): void {
    if (this.forgotten.has(consoleId)) return;
    const e = this.entry(consoleId);
    this.deliver(e, { kind: 'data', generation: e.generation, data });
  }

  private deliver(e: Entry, item: Item): void {
    const sink = e.sink;
    if (!sink) {
      e.queue.push(item);
      return;
    }
    if (sink.generation === undefined) {
      if (item.kind === 'data') sink.write(item.data);
      else sink.newGeneration?.(item.generation);
      return;
    }
    // A view bound to one generation (VNC).
    if (item.kind === 'gen') return;
    const gen = item.generation ?? sink.generation;
    if (gen < sink.generation) {
      // Output of a socket that no longer exists: nobody will process it, but main counted it.
      e.acks.add(item.data.byteLength);
    } else if (gen > sink.generation) {
      e.queue.push(item);
    } else {
      sink.write(item.data);
    }
  }
}
