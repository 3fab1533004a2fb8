// A typed event hub over the contract's event map. A throwing listener must not stop the others
// (one broken window should not starve the rest).

import type { EventName, IpcEvents } from '../../../shared/ipc';

type Listener<E extends EventName> = (payload: IpcEvents[E]) => void;

export class EventHub {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  constructor(private readonly onListenerError: (err: unknown) => void = () => undefined) {}

  on<E extends EventName>(name: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    const l = listener as Listener<EventName>;
    set.add(l);
    return () => {
      set.delete(l);
    };
  }

  emit<E extends EventName>(name: E, payload: IpcEvents[E]): void {
    const set = this.listeners.get(name);
    if (!set) return;
    for (const l of [...set]) {
      try {
        (l as Listener<E>)(payload);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
