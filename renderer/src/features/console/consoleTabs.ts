// The console tabs of one window: which consoles have tabs, in what order, and which tab shows.
// Pure functions over an immutable state, so the rules (open-or-focus, stale updates, where the
// focus goes when a tab closes) are unit-tested without a DOM.

import type { ConsoleInfo, ConsoleTarget } from '../../../../shared/model';

export interface ConsoleTabsState {
  /** In tab order. */
  tabs: readonly ConsoleInfo[];
  /** The console whose tab shows; null: the Details tab. */
  active: string | null;
}

export const initialConsoleTabs: ConsoleTabsState = { tabs: [], active: null };

/** One key per console target: a second open of the same target focuses the first tab. */
export function targetKey(target: ConsoleTarget): string {
  return [target.profileId, target.node, target.kind, target.vmid ?? ''].join('|');
}

export function findTabByTarget(
  state: ConsoleTabsState,
  target: ConsoleTarget,
): ConsoleInfo | undefined {
  const key = targetKey(target);
  return state.tabs.find((t) => targetKey(t.target) === key);
}

export function findTab(state: ConsoleTabsState, consoleId: string): ConsoleInfo | undefined {
  return state.tabs.find((t) => t.consoleId === consoleId);
}

/**
 * Whether `next` is newer than `current`. Call results and events can cross (a result may arrive
 * after an event it preceded in core), so an older generation, or an older change within one
 * generation, must not overwrite what the window already knows. 'closed' always wins.
 */
export function isNewer(current: ConsoleInfo, next: ConsoleInfo): boolean {
  if (next.status === 'closed') return true;
  if (current.status === 'closed') return false;
  if (next.generation !== current.generation) return next.generation > current.generation;
  return next.since >= current.since;
}

/**
 * Add or update a console's tab. A closed console's tab goes (see `removeTab`); a console the
 * window does not know gets a new tab at the end. `activate` shows it.
 */
export function upsertTab(
  state: ConsoleTabsState,
  info: ConsoleInfo,
  activate = false,
): ConsoleTabsState {
  if (info.status === 'closed') return removeTab(state, info.consoleId);
  const index = state.tabs.findIndex((t) => t.consoleId === info.consoleId);
  let tabs = state.tabs;
  if (index < 0) {
    tabs = [...state.tabs, info];
  } else if (isNewer(state.tabs[index]!, info)) {
    tabs = state.tabs.map((t, i) => (i === index ? info : t));
  }
  const active = activate ? info.consoleId : state.active;
  return tabs === state.tabs && active === state.active ? state : { tabs, active };
}

/** Swap one console for another in the same place (a console reopened under a new id). */
export function replaceTab(
  state: ConsoleTabsState,
  oldId: string,
  info: ConsoleInfo,
): ConsoleTabsState {
  const index = state.tabs.findIndex((t) => t.consoleId === oldId);
  if (index < 0) return upsertTab(state, info);
  // The new console's events may have come before the call's answer and made a tab of their own:
  // one tab stays, in the old one's place, with the newer of the two states.
  const early = state.tabs.find((t) => t.consoleId === info.consoleId && t.consoleId !== oldId);
  const next = early && !isNewer(early, info) ? early : info;
  const tabs = state.tabs
    .map((t, i) => (i === index ? next : t))
    .filter((t, i) => i === index || t.consoleId !== info.consoleId);
  const active =
    state.active === oldId || (early && state.active === info.consoleId)
      ? info.consoleId
      : state.active;
  return { tabs, active };
}

/** Drop a tab; when it showed, its left neighbour shows (else the right one, else Details). */
export function removeTab(state: ConsoleTabsState, consoleId: string): ConsoleTabsState {
  const index = state.tabs.findIndex((t) => t.consoleId === consoleId);
  if (index < 0) return state;
  const tabs = state.tabs.filter((t) => t.consoleId !== consoleId);
  let active = state.active;
  if (active === consoleId) {
    const neighbour = tabs[index - 1] ?? tabs[index];
    active = neighbour ? neighbour.consoleId : null;
  }
  return { tabs, active };
}

/** Show a tab (null: Details); unknown ids are ignored. */
export function activateTab(state: ConsoleTabsState, consoleId: string | null): ConsoleTabsState {
  if (state.active === consoleId) return state;
  if (consoleId !== null && !findTab(state, consoleId)) return state;
  return { ...state, active: consoleId };
}

/** Update one tab's fields in place (e.g. mark it orphaned); no-op for unknown ids. */
export function patchTab(
  state: ConsoleTabsState,
  consoleId: string,
  patch: Partial<ConsoleInfo>,
): ConsoleTabsState {
  const index = state.tabs.findIndex((t) => t.consoleId === consoleId);
  if (index < 0) return state;
  const tabs = state.tabs.map((t, i) => (i === index ? { ...t, ...patch } : t));
  return { ...state, tabs };
}
