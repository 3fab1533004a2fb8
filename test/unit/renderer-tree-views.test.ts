// The tree's Tags and Pools views (treeViews.ts): a guest with two tags under both groups with
// unique row keys, "No tags" / "No pool" last, counts per group, the filter inside a view, and
// marks and bulk targets that count such a guest once.

import { describe, expect, it } from 'vitest';
import type { GuestResource, NodeResource, ProfileInfo } from '../../shared/model';
import { bulkChoices, guestsOf } from '../../renderer/src/features/tree/bulkTargets';
import { parseFilter } from '../../renderer/src/features/tree/filter';
import { allGuests, markedRows, toggled } from '../../renderer/src/features/tree/multiSelect';
import { buildTree, rowName, type TreeRow } from '../../renderer/src/features/tree/treeRows';
import type { TreeView } from '../../renderer/src/features/tree/treeViews';
import { applySnapshot } from '../../renderer/src/store/resources';

const guest = (vmid: number, node: string, name: string, more: Partial<GuestResource> = {}) =>
  ({
    id: `qemu/${vmid}`,
    type: 'qemu',
    vmid,
    node,
    name,
    status: 'running',
    template: false,
    tags: [],
    ...more,
  }) satisfies GuestResource;
const node = (n: string): NodeResource => ({
  id: `node/${n}`,
  type: 'node',
  node: n,
  status: 'online',
});
const profiles: ProfileInfo[] = [
  {
    id: 'a',
    name: 'Lab',
    url: 'https://a:8006',
    authMode: 'password',
    username: 'root',
    isDemo: false,
  },
];
const resources = applySnapshot({}, 'a', 1, [
  node('pve1'),
  node('pve2'),
  guest(101, 'pve2', 'db01', { tags: ['prod', 'db'], pool: 'backend' }),
  guest(100, 'pve1', 'web01', { tags: ['prod'], pool: 'frontend' }),
  guest(102, 'pve1', 'scratch'),
]);

const tree = (view: TreeView, filter = '', collapsed: Record<string, true> = {}) =>
  buildTree({ profiles, resources, filter: parseFilter(filter), collapsed, view });

/** Rows as a user reads them: group names with counts, guests indented under them. */
const outline = (rows: readonly TreeRow[]) =>
  rows.map((r) =>
    r.kind === 'group'
      ? `${rowName(r, profiles, resources)} (${r.count})`
      : r.kind === 'guest'
        ? `  ${rowName(r, profiles, resources)}`
        : r.kind === 'note'
          ? r.text
          : rowName(r, profiles, resources),
  );

describe('tree views', () => {
  it('Tags: a guest with two tags shows under both; "No tags" last; keys stay unique', () => {
    const { rows } = tree('tags');
    expect(outline(rows)).toEqual([
      'Lab',
      'db (1)',
      '  db01',
      'prod (2)',
      '  web01',
      '  db01',
      'No tags (1)',
      '  scratch',
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    expect(rows.filter((r) => r.kind === 'group').every((r) => r.level === 2)).toBe(true);
    expect(rows.filter((r) => r.kind === 'guest').every((r) => r.level === 3)).toBe(true);
  });

  it('orders groups and nodes as people count: vlan9 before vlan10, pve2 before pve10', () => {
    const many = applySnapshot({}, 'a', 1, [
      node('pve10'),
      node('pve2'),
      guest(200, 'pve10', 'x', { tags: ['vlan10'] }),
      guest(201, 'pve2', 'y', { tags: ['vlan9'] }),
      guest(202, 'pve2', 'z', { tags: ['vlan100'] }),
    ]);
    const build = (view: TreeView) =>
      buildTree({ profiles, resources: many, filter: parseFilter(''), collapsed: {}, view });
    const groups = build('tags')
      .rows.filter((r) => r.kind === 'group')
      .map((r) => rowName(r, profiles, many));
    expect(groups).toEqual(['vlan9', 'vlan10', 'vlan100']);
    const nodes = build('nodes')
      .rows.filter((r) => r.kind === 'node')
      .map((r) => rowName(r, profiles, many));
    expect(nodes).toEqual(['pve2', 'pve10']);
  });

  it('Pools: guests grouped by pool, "No pool" last; a collapsed group hides its guests', () => {
    expect(outline(tree('pools').rows)).toEqual([
      'Lab',
      'backend (1)',
      '  db01',
      'frontend (1)',
      '  web01',
      'No pool (1)',
      '  scratch',
    ]);
    const folded = tree('pools', '', { 'G|a|pools|backend': true });
    expect(outline(folded.rows)).toEqual([
      'Lab',
      'backend (1)',
      'frontend (1)',
      '  web01',
      'No pool (1)',
      '  scratch',
    ]);
  });

  it('the filter works inside a view, counting each guest once', () => {
    const byTag = tree('tags', 'tag:prod');
    expect(outline(byTag.rows)).toEqual([
      'Lab',
      'db (1)',
      '  db01',
      'prod (2)',
      '  web01',
      '  db01',
    ]);
    expect(byTag.matches).toBe(2);
    const byName = tree('pools', 'web');
    expect(outline(byName.rows)).toEqual(['Lab', 'frontend (1)', '  web01']);
    expect(byName.matches).toBe(1);
    expect(outline(tree('tags', 'nothing-like-this').rows)).toEqual(['Lab', 'No matches']);
  });

  it('marks and bulk targets never count a guest under two tags twice', () => {
    const { rows } = tree('tags');
    const all = allGuests(rows);
    const marked = markedRows(all, rows);
    expect(marked.map((r) => r.id)).toEqual(['qemu/101', 'qemu/100', 'qemu/102']);
    const start = bulkChoices(
      guestsOf(
        rows.filter((r) => r.kind === 'guest'),
        resources,
      ),
    );
    // All three are running: shutdown applies to each exactly once.
    expect(start.find((c) => c.action === 'shutdown')?.targets.map((t) => t.ref.vmid)).toEqual([
      101, 100, 102,
    ]);
    // Marking db01 under "db" marks it under "prod" too (one guest, one mark).
    const dbUnderDb = rows.find((r) => r.kind === 'guest' && r.id === 'qemu/101')!;
    const one = toggled({ keys: new Set(), anchor: null }, dbUnderDb);
    expect(markedRows(one, rows).map((r) => r.id)).toEqual(['qemu/101']);
    expect(one.keys.size).toBe(1);
  });

  it('the Nodes view is unchanged', () => {
    expect(tree('nodes').rows.map((r) => r.key)).toEqual([
      'p|a',
      'n|a|pve1',
      'g|a|qemu/100',
      'g|a|qemu/102',
      'n|a|pve2',
      'g|a|qemu/101',
    ]);
  });
});
