import { describe, expect, it } from 'vitest';
import type { GuestResource, NodeResource, Resource } from '../../shared/model';
import { diffResources, isEmptyDiff } from '../../electron/core/session/diff';

const ct = (over: Partial<GuestResource> = {}): GuestResource => ({
  id: 'lxc/101',
  type: 'lxc',
  vmid: 101,
  node: 'pve1',
  name: 'web01',
  status: 'stopped',
  template: false,
  tags: ['prod'],
  maxmem: 512,
  ...over,
});

const node = (over: Partial<NodeResource> = {}): NodeResource => ({
  id: 'node/pve1',
  type: 'node',
  node: 'pve1',
  status: 'online',
  cpu: 0.1,
  ...over,
});

const byId = (items: Resource[]) => new Map(items.map((r) => [r.id, r]));

describe('diffResources', () => {
  it('reports nothing when nothing changed, even for equal tag arrays in new objects', () => {
    const d = diffResources(byId([ct(), node()]), [ct({ tags: ['prod'] }), node()]);
    expect(isEmptyDiff(d)).toBe(true);
    expect(d).toEqual({ added: [], changed: [], removed: [] });
  });

  it('reports added items whole', () => {
    const vm: GuestResource = { ...ct(), id: 'qemu/100', type: 'qemu', vmid: 100 };
    const d = diffResources(byId([node()]), [node(), vm]);
    expect(d.added).toEqual([vm]);
    expect(d.changed).toEqual([]);
    expect(d.removed).toEqual([]);
  });

  it('reports only the changed fields of an item', () => {
    const d = diffResources(byId([ct(), node()]), [
      ct({ status: 'running', uptime: 5, tags: ['prod', 'web'] }),
      node({ cpu: 0.1 }),
    ]);
    expect(d.changed).toEqual([
      { id: 'lxc/101', set: { status: 'running', uptime: 5, tags: ['prod', 'web'] } },
    ]);
    expect(d.added).toEqual([]);
  });

  it('lists fields that disappeared as unset', () => {
    const running = ct({ status: 'running', uptime: 100, lock: 'backup' });
    const { lock: _lock, uptime: _uptime, ...stoppedFields } = running;
    const d = diffResources(byId([running]), [{ ...stoppedFields, status: 'stopped' }]);
    expect(d.changed).toEqual([
      { id: 'lxc/101', set: { status: 'stopped' }, unset: ['uptime', 'lock'] },
    ]);
  });

  it('reports removed ids', () => {
    const d = diffResources(byId([ct(), node()]), [node()]);
    expect(d.removed).toEqual(['lxc/101']);
    expect(d.added).toEqual([]);
    expect(d.changed).toEqual([]);
  });

  it('treats the same id in a new position as unchanged', () => {
    const d = diffResources(byId([ct(), node()]), [node(), ct()]);
    expect(isEmptyDiff(d)).toBe(true);
  });
});
