// The tree's multi-selection as pure functions: Ctrl-toggle, Shift ranges from the anchor (guest
// rows only, kept beside what was marked before the range), and "all the filter shows".

import { describe, expect, it } from 'vitest';
import {
  allGuests,
  markedRows,
  ranged,
  toggled,
  type Marked,
} from '../../renderer/src/features/tree/multiSelect';
import type { TreeRow } from '../../renderer/src/features/tree/treeRows';

const node: TreeRow = {
  kind: 'node',
  key: 'n|p|pve1',
  level: 2,
  profileId: 'p',
  node: 'pve1',
  expanded: true,
  parent: 'p|p',
};
const guest = (vmid: number): TreeRow => ({
  kind: 'guest',
  key: `g|p|lxc/${String(vmid)}`,
  level: 3,
  profileId: 'p',
  id: `lxc/${String(vmid)}`,
  parent: node.key,
});
const rows: TreeRow[] = [node, guest(101), guest(102), guest(103), guest(104)];
const none: Marked = { keys: new Set(), anchor: null };
const keys = (m: Marked) => [...m.keys].sort();

describe('multi-selection', () => {
  it('toggles guests only, and the toggled one becomes the anchor', () => {
    const a = toggled(none, rows[2]!);
    expect(keys(a)).toEqual(['g|p|lxc/102']);
    expect(a.anchor).toBe('g|p|lxc/102');
    expect(keys(toggled(a, rows[2]!))).toEqual([]);
    expect(toggled(a, node)).toBe(a);
  });

  it('marks the range from the anchor in either direction, skipping non-guest rows', () => {
    const from = { keys: new Set<string>(), anchor: 'g|p|lxc/103' };
    expect(keys(ranged(from, rows, none, 1))).toEqual([
      'g|p|lxc/101',
      'g|p|lxc/102',
      'g|p|lxc/103',
    ]);
    expect(keys(ranged(from, rows, none, 0))).toEqual([
      'g|p|lxc/101',
      'g|p|lxc/102',
      'g|p|lxc/103',
    ]);
    // A range replaces only itself: what was marked before it stays.
    const base = toggled(none, rows[4]!);
    expect(keys(ranged(from, rows, base, 2))).toEqual([
      'g|p|lxc/102',
      'g|p|lxc/103',
      'g|p|lxc/104',
    ]);
  });

  it('marks every guest shown and lists marked rows in tree order', () => {
    const all = allGuests(rows);
    expect(all.keys.size).toBe(4);
    expect(markedRows(all, [rows[3]!, rows[1]!]).map((r) => r.key)).toEqual([
      'g|p|lxc/103',
      'g|p|lxc/101',
    ]);
  });
});
