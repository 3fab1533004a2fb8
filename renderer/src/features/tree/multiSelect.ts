// The tree's multi-selection: guest rows marked for a bulk action (Ctrl/Cmd-click toggles,
// Shift-click and Shift+arrows extend a range from the anchor, Space toggles, Ctrl+A marks every
// guest the filter shows, Escape clears). Separate from the one "opened" row the detail shows.

import { useSyncExternalStore } from 'react';
import type { TreeRow } from './treeRows';
import { guestKeyOf } from './treeViews';

export interface Marked {
  /** guest keys (guestKeyOf: the same for a guest shown under two tags) */
  keys: ReadonlySet<string>;
  /** where a Shift range starts */
  anchor: string | null;
}

const EMPTY: Marked = { keys: new Set(), anchor: null };

type GuestRowData = Extract<TreeRow, { kind: 'guest' }>;

function isGuestRow(row: TreeRow | undefined): row is GuestRowData {
  return row?.kind === 'guest';
}

/** Toggle one row (Ctrl/Cmd-click, Space); it becomes the anchor. */
export function toggled(m: Marked, row: TreeRow): Marked {
  if (!isGuestRow(row)) return m;
  const keys = new Set(m.keys);
  const key = guestKeyOf(row);
  if (keys.has(key)) keys.delete(key);
  else keys.add(key);
  return { keys, anchor: row.key };
}

/** The guests from the anchor to `to` (Shift-click, Shift+arrows), added to what is marked. */
export function ranged(m: Marked, rows: readonly TreeRow[], base: Marked, to: number): Marked {
  const anchorKey = m.anchor ?? rows[to]?.key ?? null;
  const from = rows.findIndex((r) => r.key === anchorKey);
  const a = from < 0 ? to : from;
  const keys = new Set(base.keys);
  for (let i = Math.min(a, to); i <= Math.max(a, to); i++) {
    const row = rows[i];
    if (isGuestRow(row)) keys.add(guestKeyOf(row));
  }
  return { keys, anchor: anchorKey };
}

/** Every guest row the tree shows (the filter's matches). */
export function allGuests(rows: readonly TreeRow[]): Marked {
  const keys = new Set(rows.filter(isGuestRow).map(guestKeyOf));
  return { keys, anchor: rows.find(isGuestRow)?.key ?? null };
}

/** Whether a guest row's guest is marked (under any group it shows in). */
export function isMarked(m: Marked, row: TreeRow): boolean {
  return isGuestRow(row) && m.keys.has(guestKeyOf(row));
}

const NONE_MARKED: readonly GuestRowData[] = [];

/** The marked guest rows, in tree order, each guest once (a guest under two tags too). */
export function markedRows(m: Marked, rows: readonly TreeRow[]): readonly GuestRowData[] {
  // Nothing marked (the usual case): no walk over every row of a 10,000-guest tree per render.
  if (m.keys.size === 0) return NONE_MARKED;
  const seen = new Set<string>();
  return rows.filter((r): r is GuestRowData => {
    if (!isGuestRow(r)) return false;
    const key = guestKeyOf(r);
    if (!m.keys.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

class MarkedStore {
  private state: Marked = EMPTY;
  /** What was marked before the current Shift range began (a range replaces only itself). */
  rangeBase: Marked = EMPTY;
  private readonly listeners = new Set<() => void>();

  get(): Marked {
    return this.state;
  }

  set(next: Marked, keepRangeBase = false): void {
    if (!keepRangeBase) this.rangeBase = next;
    if (next === this.state) return;
    this.state = next;
    for (const l of this.listeners) l();
  }

  clear(): void {
    this.set(EMPTY);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
}

/** The window's one multi-selection. */
export const marked = new MarkedStore();

export function useMarked(): Marked {
  return useSyncExternalStore(marked.subscribe, () => marked.get());
}
