// The workspace's remembered pane sizes, in pixels: the tree's and the log panel's widths, the
// tasks strip's height, and whether each is open. Pixels rather than the split library's
// percentages, so a pane comes back at the size it was left at whatever the window size (or a
// banner above the panes) is at the next start. Kept in localStorage (allowed in both hosts).

import type { PaneId } from './layout';

export interface PaneSize {
  /** The last size while open, in pixels (what restoring a collapsed pane goes back to). */
  size: number;
  open: boolean;
}

export type PaneSizes = Partial<Record<PaneId, PaneSize>>;

/** Below this window width the log panel starts collapsed: the detail keeps its room. */
const WIDE_WINDOW = 1280;

/** First-run sizes in pixels; a remembered size wins (the first frame, renderer/src/prepaint, too). */
export function firstRunSizes(windowWidth: number): Required<PaneSizes> {
  const wide = windowWidth >= WIDE_WINDOW;
  return {
    tree: { size: wide ? 300 : 260, open: true },
    logs: { size: wide ? 400 : 320, open: wide },
    tasks: { size: 120, open: true },
  };
}

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

const KEY = 'deckhand.workspace.panes.v1';
const PANE_IDS: readonly PaneId[] = ['tree', 'logs', 'tasks'];

function isPaneSize(v: unknown): v is PaneSize {
  if (typeof v !== 'object' || v === null) return false;
  const { size, open } = v as Record<string, unknown>;
  return typeof size === 'number' && Number.isFinite(size) && size > 0 && typeof open === 'boolean';
}

/** What was saved; anything unreadable (or written by another version) is ignored. */
export function loadPaneSizes(storage: KeyValueStorage): PaneSizes {
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(KEY) ?? '{}');
  } catch {
    return {};
  }
  if (typeof raw !== 'object' || raw === null) return {};
  const sizes: PaneSizes = {};
  for (const pane of PANE_IDS) {
    const v = (raw as Record<string, unknown>)[pane];
    if (isPaneSize(v)) sizes[pane] = { size: Math.round(v.size), open: v.open };
  }
  return sizes;
}

export function savePaneSizes(storage: KeyValueStorage, sizes: PaneSizes): void {
  try {
    storage.setItem(KEY, JSON.stringify(sizes));
  } catch {
    // Storage full or disabled: the layout is just not remembered.
  }
}

/** Storage that lasts as long as the page, where localStorage is not available. */
export function memoryStorage(): KeyValueStorage {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

/** localStorage, or page-lifetime storage when it is disabled. */
export function workspaceStorage(): KeyValueStorage {
  try {
    return window.localStorage;
  } catch {
    return memoryStorage();
  }
}
