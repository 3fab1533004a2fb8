import { createContext, useCallback, useContext } from 'react';
import type { Resource } from '../../../shared/model';
import type { AppState } from '../store/appState';
import type { AppController } from '../store/controller';
import { useStoreSelector } from '../store/createStore';

export const ControllerContext = createContext<AppController | null>(null);

export function useController(): AppController {
  const controller = useContext(ControllerContext);
  if (!controller) throw new Error('useController outside <ControllerContext>');
  return controller;
}

/** Select a slice of the app state; the selector must be stable (module level or memoised). */
export function useAppState<T>(selector: (state: AppState) => T): T {
  return useStoreSelector(useController().store, selector);
}

/** One resource, re-rendering only when that resource changes. */
export function useResource(profileId: string, id: string): Resource | undefined {
  const selector = useCallback(
    (s: AppState) => s.resources[profileId]?.byId.get(id),
    [profileId, id],
  );
  return useAppState(selector);
}
