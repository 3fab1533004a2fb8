// One window of the scale bench, as the browser host would serve it: every broadcast event and
// this window's own events, each measured as the JSON frame the host sends ({t, name, payload}).
// It keeps byte counts per event name and, while recording, the resource and metric events in
// per-tick buckets for the renderer replay (scale-apply.ts).

import type { ContractCore } from '../../electron/host/dispatch';
import { BROADCAST_EVENT_NAMES, type WsServerMessage } from '../../shared/ipc';
import { DisposableStore } from '../../shared/lifecycle';

export interface RecordedEvent {
  name: string;
  payload: unknown;
}

export class ScaleWindow {
  readonly clientId: string;
  private readonly store = new DisposableStore('scale window');
  private bytesByName = new Map<string, number>();
  private buckets: RecordedEvent[][] | undefined;
  private readonly listeners = new Map<string, ((payload: unknown) => void)[]>();

  constructor(core: ContractCore) {
    const connection = core.connectClient({
      event: (name, payload) => this.frame(name, payload),
      stream: () => undefined,
    });
    this.clientId = connection.clientId;
    this.store.add(connection);
    for (const name of BROADCAST_EVENT_NAMES) {
      this.store.add(core.on(name, (payload) => this.frame(name, payload)));
    }
  }

  /** Call `fn` on every event of this name the window gets. */
  on(name: string, fn: (payload: unknown) => void): void {
    const list = this.listeners.get(name) ?? [];
    list.push(fn);
    this.listeners.set(name, list);
  }

  private frame(name: string, payload: unknown): void {
    const text = JSON.stringify({ t: 'event', name, payload } as WsServerMessage);
    this.bytesByName.set(name, (this.bytesByName.get(name) ?? 0) + Buffer.byteLength(text));
    if (this.buckets && (name === 'resources' || name === 'metrics')) {
      this.buckets[this.buckets.length - 1]!.push({ name, payload });
    }
    for (const fn of this.listeners.get(name) ?? []) fn(payload);
  }

  /** Bytes per event name since the last call, and start counting again. */
  takeBytes(): Map<string, number> {
    const out = this.bytesByName;
    this.bytesByName = new Map();
    return out;
  }

  startRecording(): void {
    this.buckets = [[]];
  }

  /** A new tick's bucket begins (the bench's driver calls this as it moves the clusters). */
  nextBucket(): void {
    this.buckets?.push([]);
  }

  stopRecording(): RecordedEvent[][] {
    const out = this.buckets ?? [];
    this.buckets = undefined;
    return out.filter((b) => b.length > 0);
  }

  dispose(): Promise<void> {
    return this.store.dispose();
  }
}
