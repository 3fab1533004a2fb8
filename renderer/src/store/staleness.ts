// Whether a profile's resources on screen are live, and if not why and since when: the backend
// is unreachable, the cluster is offline, or they are the last run's state (core's cache) until
// the first live refresh. Views dim stale rows and say how old they are.

import { useCallback } from 'react';
import type { AppState } from './appState';
import { useAppState } from './hooks';

/** Why the profile's resources are not live, or undefined when they are. */
export function staleReason(s: AppState, profileId: string): string | undefined {
  if (s.backendDown) return "Last known state: Deckhand's backend is unreachable";
  if (s.resources[profileId]?.staleSince !== undefined) {
    return s.connections[profileId]?.status === 'offline'
      ? 'Last known state: the cluster is offline'
      : 'Last known state: not live yet, connecting';
  }
  if (s.connections[profileId]?.status === 'offline') {
    return 'Last known state: the cluster is offline';
  }
  return undefined;
}

/**
 * epoch ms the profile's shown state was last seen live, while it is not live (cached from the
 * last run, or offline since); undefined while live or never seen.
 */
export function lastSeen(s: AppState, profileId: string): number | undefined {
  const cached = s.resources[profileId]?.staleSince;
  if (cached !== undefined) return cached;
  const c = s.connections[profileId];
  return c?.status === 'offline' && (s.resources[profileId]?.seq ?? 0) > 0
    ? c.lastRefresh
    : undefined;
}

export function useStaleReason(profileId: string): string | undefined {
  const selector = useCallback((s: AppState) => staleReason(s, profileId), [profileId]);
  return useAppState(selector);
}

export function useLastSeen(profileId: string): number | undefined {
  const selector = useCallback((s: AppState) => lastSeen(s, profileId), [profileId]);
  return useAppState(selector);
}

/** "just now", "40 s ago", "3 min ago" (shared with the first frame, renderer/src/prepaint). */
export { formatAge } from '../../../shared/first-frame';
