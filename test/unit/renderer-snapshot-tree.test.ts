// The snapshot tree the panel shows: children under their parent, oldest first, "You are here"
// under the snapshot the current state hangs from (at the top when none), and nothing lost when
// a parent is missing or the parents form a cycle.

import { describe, expect, it } from 'vitest';
import { snapshotRows } from '../../renderer/src/features/snapshots/snapshotTree';
import type { SnapshotEntry } from '../../shared/snapshots';

const snap = (name: string, snaptime: number, parent?: string): SnapshotEntry => ({
  name,
  description: '',
  vmstate: false,
  snaptime,
  ...(parent ? { parent } : {}),
});

function outline(rows: ReturnType<typeof snapshotRows>): string[] {
  return rows.map((r) => `${'  '.repeat(r.depth)}${r.kind === 'current' ? '@' : r.snap.name}`);
}

describe('snapshotRows', () => {
  it('nests children, oldest first, with the current state under its parent', () => {
    const rows = snapshotRows({
      snapshots: [snap('c', 30, 'a'), snap('a', 10), snap('b', 20, 'a'), snap('d', 40, 'c')],
      current: { parent: 'b', running: true },
    });
    expect(outline(rows)).toEqual(['a', '  b', '    @', '  c', '    d']);
    expect(rows[0]).toMatchObject({ kind: 'snapshot', children: ['b', 'c'] });
  });

  it('puts the current state at the top without a parent, and keeps orphans and cycles', () => {
    expect(outline(snapshotRows({ snapshots: [], current: { running: false } }))).toEqual(['@']);
    const rows = snapshotRows({
      snapshots: [snap('x', 1, 'gone'), snap('p', 2, 'q'), snap('q', 3, 'p')],
      current: { running: false },
    });
    expect(outline(rows)).toEqual(['x', '@', 'p', 'q']);
  });
});
