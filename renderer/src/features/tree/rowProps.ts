import type { TreeRow } from './treeRows';

export interface RowProps<R extends TreeRow = TreeRow> {
  row: R;
  /** pixel offset from the virtualiser */
  start: number;
  selected: boolean;
  onActivate(row: TreeRow): void;
  onToggle(row: TreeRow): void;
}

/** DOM id of a row, for aria-activedescendant. */
export function rowDomId(key: string): string {
  return `tree-row-${key.replace(/[^a-zA-Z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
}
