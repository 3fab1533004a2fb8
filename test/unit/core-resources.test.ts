import { describe, expect, it } from 'vitest';
import { parseTags } from '../../shared/tags';
import { normalizeResources } from '../../electron/core/pve/resources';

describe('parseTags', () => {
  it('splits on ; , and spaces and drops empties', () => {
    expect(parseTags('prod;web')).toEqual(['prod', 'web']);
    expect(parseTags('a, b  c;;d')).toEqual(['a', 'b', 'c', 'd']);
    expect(parseTags('')).toEqual([]);
    expect(parseTags(undefined)).toEqual([]);
  });
});

describe('normalizeResources (PVE loose JSON → model)', () => {
  it('turns 0/1 booleans, numeric strings and tag strings into model types', () => {
    const { items, invalid } = normalizeResources([
      {
        id: 'qemu/100',
        type: 'qemu',
        vmid: '100',
        node: 'pve1',
        name: 'db',
        status: 'running',
        template: 0,
        cpu: '0.25',
        maxmem: 2147483648,
        tags: 'db;prod',
      },
      { id: 'lxc/900', type: 'lxc', vmid: 900, node: 'pve2', status: 'stopped', template: 1 },
      { id: 'storage/pve1/local', type: 'storage', storage: 'local', node: 'pve1', shared: 0 },
      { id: 'storage/pve1/ceph', type: 'storage', storage: 'ceph', node: 'pve1', shared: '1' },
    ]);
    expect(invalid).toBe(0);
    expect(items[0]).toEqual({
      id: 'qemu/100',
      type: 'qemu',
      vmid: 100,
      node: 'pve1',
      name: 'db',
      status: 'running',
      template: false,
      cpu: 0.25,
      maxmem: 2147483648,
      tags: ['db', 'prod'],
    });
    expect(items[1]).toMatchObject({ template: true, tags: [] });
    expect(items[2]).toMatchObject({ shared: false });
    expect(items[3]).toMatchObject({ shared: true });
  });

  it('leaves absent fields absent (no undefined keys) for guests on offline nodes', () => {
    const { items } = normalizeResources([
      { id: 'lxc/101', type: 'lxc', vmid: 101, node: 'pve3', status: 'unknown' },
    ]);
    expect(Object.keys(items[0]!).sort()).toEqual(
      ['id', 'node', 'status', 'tags', 'template', 'type', 'vmid'].sort(),
    );
  });

  it('drops a garbled optional stat but keeps the item', () => {
    const { items } = normalizeResources([
      { id: 'node/pve1', type: 'node', node: 'pve1', status: 'online', cpu: 'n/a', maxcpu: 8 },
    ]);
    expect(items[0]).toEqual({
      id: 'node/pve1',
      type: 'node',
      node: 'pve1',
      status: 'online',
      maxcpu: 8,
    });
  });

  it('skips types the model does not show and counts items without identity', () => {
    const { items, invalid } = normalizeResources([
      { id: 'sdn/pve1/localnetwork', type: 'sdn', sdn: 'localnetwork', node: 'pve1' },
      { id: '/pool/dev', type: 'pool', pool: 'dev' },
      { type: 'qemu', node: 'pve1' },
      'nonsense',
    ]);
    expect(items).toEqual([{ id: '/pool/dev', type: 'pool', pool: 'dev' }]);
    expect(invalid).toBe(2);
  });
});
