// Stable selectors for useAppState: each returns a stored object or a primitive, or a cached
// derived object whose identity changes only when its inputs do.

import type { AppState } from './appState';
import type { ResourcesState } from './resources';

export const selectProfiles = (s: AppState) => s.profiles;
export const selectConnections = (s: AppState) => s.connections;
export const selectFilter = (s: AppState) => s.filter;
export const selectCollapsed = (s: AppState) => s.collapsed;
export const selectCursor = (s: AppState) => s.cursor;
export const selectOpened = (s: AppState) => s.opened;
export const selectTasks = (s: AppState) => s.tasks;
export const selectAddresses = (s: AppState) => s.addresses;

let lastInput: ResourcesState | undefined;
let lastSignature = '';
let lastOutput: ResourcesState = {};

/**
 * The resources state, but only a new object when the tree's shape may have changed (a structure
 * version moved or a first snapshot arrived). Stats-only deltas keep the previous object, so the
 * tree does not rebuild its rows for them.
 */
export function selectTreeResources(s: AppState): ResourcesState {
  if (s.resources === lastInput) return lastOutput;
  lastInput = s.resources;
  const signature = Object.entries(s.resources)
    .map(([id, r]) => `${id}:${r.structure}:${r.seq < 0 ? 0 : 1}`)
    .join(',');
  if (signature !== lastSignature) {
    lastSignature = signature;
    lastOutput = s.resources;
  }
  return lastOutput;
}
