// React hooks over the app store: the controller context and selectors that re-render only when
// their slice changes. Features read the store through these, never through app/.

import { createContext, useCallback, useContext } from 'react';
import type { ConnectionState, ProfileInfo, Resource } from '../../../shared/model';
import type { AppState } from './appState';
import type { AppController } from './controller';
import { useStoreSelector } from './createStore';
import {
  EMPTY_PROFILE_RESOURCES,
  hasFirstRefresh,
  selectProfileSummary,
  type GuestCounts,
  type ProfileSummary,
} from './resources';

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

/** A profile's settings; undefined while profiles load, or once it is removed. */
export function useProfile(profileId: string | undefined): ProfileInfo | undefined {
  const selector = useCallback(
    (s: AppState): ProfileInfo | undefined => s.profiles?.find((p) => p.id === profileId),
    [profileId],
  );
  return useAppState(selector);
}

/**
 * True while a profile is offline, shows the last run's state (not live yet), or Deckhand's
 * backend is unreachable: its resources are the
 * last ones seen, not the live state, and views dim them so nobody mistakes them for current.
 */
export function useIsStale(profileId: string): boolean {
  const selector = useCallback(
    (s: AppState): boolean =>
      s.backendDown ||
      s.connections[profileId]?.status === 'offline' ||
      s.resources[profileId]?.staleSince !== undefined,
    [profileId],
  );
  return useAppState(selector);
}

/** A profile's connection state; undefined until core reports one. */
export function useConnection(profileId: string): ConnectionState | undefined {
  const selector = useCallback(
    (s: AppState): ConnectionState | undefined => s.connections[profileId],
    [profileId],
  );
  return useAppState(selector);
}

/**
 * What `format` makes of a profile's summary (undefined before core's first refresh). `format` must
 * be stable (module level) and return a string or null, so that deltas which leave the text as it
 * was do not re-render.
 */
export function useProfileSummary<T extends string | null>(
  profileId: string,
  format: (summary: ProfileSummary | undefined) => T,
): T {
  const selector = useCallback(
    (s: AppState) => {
      const res = s.resources[profileId] ?? EMPTY_PROFILE_RESOURCES;
      return format(hasFirstRefresh(res) ? selectProfileSummary(profileId, res) : undefined);
    },
    [profileId, format],
  );
  return useAppState(selector);
}

/**
 * What `format` makes of a node's guest counts (undefined: no guests). `format` must be stable
 * (module level); a string, so stats-only deltas (which keep the counts) do not re-render.
 */
export function useNodeGuestCounts(
  profileId: string,
  node: string,
  format: (counts: GuestCounts | undefined) => string,
): string {
  const selector = useCallback(
    (s: AppState) => {
      const res = s.resources[profileId] ?? EMPTY_PROFILE_RESOURCES;
      return format(selectProfileSummary(profileId, res).countsByNode.get(node));
    },
    [profileId, node, format],
  );
  return useAppState(selector);
}

const selectBackendDown = (s: AppState): boolean => s.backendDown;

/** True while the link to Deckhand's backend is down: no profile's state is live then. */
export function useBackendDown(): boolean {
  return useAppState(selectBackendDown);
}
