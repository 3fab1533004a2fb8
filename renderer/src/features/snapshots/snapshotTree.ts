// The snapshot list as a tree of rows (parent → children, oldest first), with the "You are here"
// row (PVE's `current`) as the last child of the snapshot the current state hangs from. Pure.

import type { SnapshotEntry, SnapshotList } from '../../../../shared/snapshots';

export type SnapshotRow =
  | { kind: 'snapshot'; snap: SnapshotEntry; depth: number; children: string[] }
  | { kind: 'current'; depth: number; running: boolean };

/** Rows in display order. A parent that is not listed (or a cycle) makes its child a root. */
export function snapshotRows(list: SnapshotList): SnapshotRow[] {
  const byName = new Map(list.snapshots.map((s) => [s.name, s]));
  const kids = new Map<string | undefined, SnapshotEntry[]>();
  for (const s of list.snapshots) {
    const p = s.parent !== undefined && byName.has(s.parent) ? s.parent : undefined;
    const arr = kids.get(p) ?? [];
    arr.push(s);
    kids.set(p, arr);
  }
  for (const arr of kids.values()) {
    arr.sort((a, b) => (a.snaptime ?? 0) - (b.snaptime ?? 0) || a.name.localeCompare(b.name));
  }
  const here =
    list.current.parent !== undefined && byName.has(list.current.parent)
      ? list.current.parent
      : undefined;
  const rows: SnapshotRow[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | undefined, depth: number): void => {
    for (const s of kids.get(parent) ?? []) {
      if (seen.has(s.name)) continue;
      seen.add(s.name);
      rows.push({
        kind: 'snapshot',
        snap: s,
        depth,
        children: (kids.get(s.name) ?? []).map((c) => c.name),
      });
      walk(s.name, depth + 1);
    }
    if (parent === here) rows.push({ kind: 'current', depth, running: list.current.running });
  };
  walk(undefined, 0);
  // Snapshots only reachable through a cycle: list them at the root rather than hide them.
  for (const s of list.snapshots) {
    if (!seen.has(s.name)) rows.push({ kind: 'snapshot', snap: s, depth: 0, children: [] });
  }
  return rows;
}
