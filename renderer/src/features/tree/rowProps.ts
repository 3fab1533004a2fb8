import type { TreeRow } from './treeRows';

export interface RowProps<R extends TreeRow = TreeRow> {
  row: R;
  /** pixel offset from the virtualiser */
  start: number;
  selected: boolean;
  onActivate(row: TreeRow): void;
  onToggle(row: TreeRow): void;
  /** Guest rows: marked for a bulk action (multiSelect.ts) */
  marked?: boolean;
  /** Guest rows: a click with its modifiers (Ctrl/Cmd toggles, Shift extends); else onActivate */
  onPick?(row: TreeRow, mods: { shift: boolean; toggle: boolean }): void;
  /** Guest, node, profile and group rows: the context menu asked for at a point (right-click) */
  onMenu?(row: TreeRow, at: { x: number; y: number }): void;
}

/** DOM id of a row, for aria-activedescendant. */
export function rowDomId(key: string): string {
  return `tree-row-${key.replace(/[^a-zA-Z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
}
