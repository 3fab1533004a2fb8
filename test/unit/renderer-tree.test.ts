import { describe, expect, it } from 'vitest';
import type { GuestResource, NodeResource, ProfileInfo } from '../../shared/model';
import { matchesGuest, parseFilter } from '../../renderer/src/features/tree/filter';
import { buildTreeRows } from '../../renderer/src/features/tree/treeRows';
import { applySnapshot } from '../../renderer/src/store/resources';

function guest(vmid: number, extra: Partial<GuestResource> = {}): GuestResource {
  return {
    id: `qemu/${vmid}`,
    type: 'qemu',
    vmid,
    node: 'pve1',
    status: 'stopped',
    template: false,
    tags: [],
    ...extra,
  };
}

describe('tree filter', () => {
  const web = guest(101, {
    name: 'web01',
    tags: ['prod', 'www'],
    status: 'running',
    node: 'pve2',
    type: 'lxc',
    id: 'lxc/101',
  });
  const db = guest(200, { name: 'db', tags: ['dev'] });
  const matches = (text: string) =>
    [web, db].filter((g) => matchesGuest(g, parseFilter(text))).map((g) => g.vmid);

  it('plain text matches name, vmid and tags', () => {
    expect(matches('web')).toEqual([101]);
    expect(matches('101')).toEqual([101]);
    expect(matches('WW')).toEqual([101]);
    expect(matches('')).toEqual([101, 200]);
  });

  it('keyed terms match exactly and combine with AND', () => {
    expect(matches('tag:prod')).toEqual([101]);
    expect(matches('tag:pro')).toEqual([]);
    expect(matches('status:stopped')).toEqual([200]);
    expect(matches('node:pve2')).toEqual([101]);
    expect(matches('type:ct')).toEqual([101]);
    expect(matches('tag:prod status:stopped')).toEqual([]);
  });
});

describe('tree rows', () => {
  const profiles: ProfileInfo[] = [
    {
      id: 'p',
      name: 'Lab',
      url: 'https://x:8006',
      authMode: 'password',
      username: 'root',
      isDemo: false,
    },
  ];
  const nodes: NodeResource[] = [
    { id: 'node/pve1', type: 'node', node: 'pve1', status: 'online' },
    { id: 'node/pve2', type: 'node', node: 'pve2', status: 'offline' },
  ];
  const resources = applySnapshot({}, 'p', 1, [
    ...nodes,
    guest(102, { name: 'b' }),
    guest(100, { name: 'a', tags: ['prod'] }),
    guest(300, { name: 'c', node: 'pve2' }),
  ]);

  it('groups guests under nodes, sorted by vmid', () => {
    const rows = buildTreeRows({ profiles, resources, filter: parseFilter(''), collapsed: {} });
    expect(rows.map((r) => r.key)).toEqual([
      'p|p',
      'n|p|pve1',
      'g|p|qemu/100',
      'g|p|qemu/102',
      'n|p|pve2',
      'g|p|qemu/300',
    ]);
  });

  it('collapsed nodes hide their guests; a filter shows only matches and their nodes', () => {
    const collapsed = buildTreeRows({
      profiles,
      resources,
      filter: parseFilter(''),
      collapsed: { 'n|p|pve1': true },
    });
    expect(collapsed.map((r) => r.key)).toEqual(['p|p', 'n|p|pve1', 'n|p|pve2', 'g|p|qemu/300']);
    const filtered = buildTreeRows({
      profiles,
      resources,
      filter: parseFilter('tag:prod'),
      collapsed: { 'n|p|pve1': true },
    });
    expect(filtered.map((r) => r.key)).toEqual(['p|p', 'n|p|pve1', 'g|p|qemu/100']);
  });

  it('an empty cluster says so', () => {
    const empty = applySnapshot({}, 'p', 1, nodes);
    const rows = buildTreeRows({
      profiles,
      resources: empty,
      filter: parseFilter(''),
      collapsed: {},
    });
    expect(rows.at(-1)).toMatchObject({ kind: 'note', text: 'No guests yet' });
  });
});
