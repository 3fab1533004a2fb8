// Typed events, written once: `Emitter<T>` for one event, `EmitterMap<M>` for a map of named
// events. Subscribing returns a Disposable; a throwing listener never stops the others.

import { toDisposable, type Disposable } from './lifecycle';

export type Listener<T> = (value: T) => void;

export class Emitter<T> implements Disposable {
  private readonly listeners = new Set<Listener<T>>();

  constructor(private readonly onListenerError: (err: unknown) => void = reportListenerError) {}

  get size(): number {
    return this.listeners.size;
  }

  on(listener: Listener<T>): Disposable {
    // Wrapped, so the same function subscribed twice is two subscriptions.
    const entry: Listener<T> = (value) => listener(value);
    this.listeners.add(entry);
    return toDisposable(() => {
      this.listeners.delete(entry);
    });
  }

  fire(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}

/** Named events over a map type, e.g. the contract's `IpcEvents`. */
export class EmitterMap<M extends object> implements Disposable {
  private readonly emitters = new Map<keyof M, Emitter<unknown>>();

  constructor(private readonly onListenerError: (err: unknown) => void = reportListenerError) {}

  on<K extends keyof M>(name: K, listener: Listener<M[K]>): Disposable {
    let e = this.emitters.get(name);
    if (!e) {
      e = new Emitter<unknown>(this.onListenerError);
      this.emitters.set(name, e);
    }
    return e.on(listener as Listener<unknown>);
  }

  fire<K extends keyof M>(name: K, value: M[K]): void {
    this.emitters.get(name)?.fire(value);
  }

  dispose(): void {
    for (const e of this.emitters.values()) e.dispose();
    this.emitters.clear();
  }
}

function reportListenerError(err: unknown): void {
  // Last resort: an owner that cares passes its own logger.
  console.error('Event listener failed:', err);
}
