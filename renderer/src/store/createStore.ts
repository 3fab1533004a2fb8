// A small external store for React: immutable state, change events, selector hooks. A change
// marked 'soon' (news from the backend) is told to listeners at the next `defer` flush, so a
// burst of replies (at start: four per profile) renders once rather than once per reply; any
// other change is told at once (and tells what was waiting with it).

import { useCallback, useSyncExternalStore } from 'react';
import { Emitter } from '../../../shared/emitter';
import { systemScheduler } from '../../../shared/lifecycle';

/** 'now' (default): listeners run before setState returns; 'soon': at the next flush. */
export type Notify = 'now' | 'soon';

/** A small external store: immutable state, listeners told at once or at the next flush. */
export interface Store<S> {
  /** Always the latest state, whether listeners were told yet or not. */
  getState(): S;
  setState(update: (state: S) => S, notify?: Notify): void;
  /** A plain function back, as React's useSyncExternalStore expects. */
  subscribe(listener: () => void): () => void;
}

export interface StoreOptions {
  /**
   * Calls `flush` soon (the renderer: the next animation frame); without it every change is told
   * at once.
   */
  defer?: (flush: () => void) => void;
}

export function createStore<S>(initial: S, options: StoreOptions = {}): Store<S> {
  let state = initial;
  let waiting = false;
  const changed = new Emitter<void>();
  const flush = () => {
    if (!waiting) return;
    waiting = false;
    changed.fire();
  };
  return {
    getState: () => state,
    setState(update, notify = 'now') {
      const next = update(state);
      if (next === state) return;
      state = next;
      if (notify === 'soon' && options.defer) {
        if (!waiting) {
          waiting = true;
          options.defer(flush);
        }
        return;
      }
      waiting = false;
      changed.fire();
    },
    subscribe(listener) {
      const sub = changed.on(listener);
      return () => void sub.dispose();
    },
  };
}

/** A `defer` for the window: the next animation frame, or 100 ms in a window without frames. */
export function nextFrame(flush: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    timer.dispose();
    flush();
  };
  const timer = systemScheduler.setTimeout(run, 100, { label: 'store flush' });
  requestAnimationFrame(run);
}

/**
 * Subscribe a component to one slice of the store. The selector must return a value that keeps
 * its identity while the slice is unchanged (a stored object or a primitive), so a change
 * elsewhere does not re-render this component.
 */
export function useStoreSelector<S, T>(store: Store<S>, selector: (state: S) => T): T {
  const getSnapshot = useCallback(() => selector(store.getState()), [store, selector]);
  return useSyncExternalStore(store.subscribe, getSnapshot, getSnapshot);
}
