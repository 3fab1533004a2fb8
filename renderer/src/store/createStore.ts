// A small external store for React: immutable state, synchronous change events, selector hooks.

import { useCallback, useSyncExternalStore } from 'react';
import { Emitter } from '../../../shared/emitter';

/** A small external store: immutable state, synchronous listeners, selector hooks. */
export interface Store<S> {
  getState(): S;
  setState(update: (state: S) => S): void;
  /** A plain function back, as React's useSyncExternalStore expects. */
  subscribe(listener: () => void): () => void;
}

export function createStore<S>(initial: S): Store<S> {
  let state = initial;
  const changed = new Emitter<void>();
  return {
    getState: () => state,
    setState(update) {
      const next = update(state);
      if (next === state) return;
      state = next;
      changed.fire();
    },
    subscribe(listener) {
      const sub = changed.on(listener);
      return () => void sub.dispose();
    },
  };
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
