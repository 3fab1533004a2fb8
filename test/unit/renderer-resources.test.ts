import { describe, expect, it } from 'vitest';
import type { GuestResource, NodeResource, Resource } from '../../shared/model';
import {
  applyResourceEvent,
  applySnapshot,
  selectProfileSummary,
  type ResourcesState,
} from '../../renderer/src/store/resources';

const node: NodeResource = { id: 'node/pve1', type: 'node', node: 'pve1', status: 'online' };
function guest(vmid: number, extra: Partial<GuestResource> = {}): GuestResource {
  return {
    id: `lxc/${vmid}`,
    type: 'lxc',
    vmid,
    node: 'pve1',
    name: `ct${vmid}`,
    status: 'stopped',
    template: false,
    tags: [],
    ...extra,
  };
}

function snapshot(items: Resource[], seq = 5): ResourcesState {
  return applyResourceEvent({}, { kind: 'snapshot', profileId: 'p', seq, items });
}

describe('resources reducer', () => {
  it('a snapshot replaces everything', () => {
    const first = snapshot([node, guest(100), guest(101)]);
    const second = applySnapshot(first, 'p', 9, [node, guest(102)]);
    expect([...second.p!.byId.keys()].sort()).toEqual(['lxc/102', 'node/pve1']);
    expect(second.p!.seq).toBe(9);
    expect(second.p!.needsResync).toBe(false);
  });

  it('the next delta applies added, changed and removed', () => {
    const s = snapshot([node, guest(100, { status: 'running', cpu: 0.1 }), guest(101)]);
    const next = applyResourceEvent(s, {
      kind: 'delta',
      profileId: 'p',
      seq: 6,
      added: [guest(102)],
      changed: [{ id: 'lxc/100', set: { cpu: 0.5 } }],
      removed: ['lxc/101'],
    });
    const byId = next.p!.byId;
    expect(next.p!.seq).toBe(6);
    expect((byId.get('lxc/100') as GuestResource).cpu).toBe(0.5);
    expect(byId.has('lxc/101')).toBe(false);
    expect(byId.has('lxc/102')).toBe(true);
  });

  it('unset removes fields; untouched guests keep their identity', () => {
    const s = snapshot([guest(100, { lock: 'backup', status: 'running' }), guest(101)]);
    const before101 = s.p!.byId.get('lxc/101');
    const next = applyResourceEvent(s, {
      kind: 'delta',
      profileId: 'p',
      seq: 6,
      added: [],
      changed: [{ id: 'lxc/100', set: {}, unset: ['lock'] }],
      removed: [],
    });
    const g = next.p!.byId.get('lxc/100') as GuestResource;
    expect('lock' in g).toBe(false);
    expect(g.status).toBe('running');
    expect(next.p!.byId.get('lxc/101')).toBe(before101);
  });

  it('a gap marks the profile for a resync and changes nothing else', () => {
    const s = snapshot([guest(100)]);
    const next = applyResourceEvent(s, {
      kind: 'delta',
      profileId: 'p',
      seq: 8,
      added: [guest(102)],
      changed: [],
      removed: [],
    });
    expect(next.p!.needsResync).toBe(true);
    expect(next.p!.seq).toBe(5);
    expect(next.p!.byId.has('lxc/102')).toBe(false);
  });

  it('a delta before any snapshot needs a resync; stale deltas are ignored', () => {
    const delta = {
      kind: 'delta' as const,
      profileId: 'p',
      seq: 3,
      added: [],
      changed: [],
      removed: [],
    };
    expect(applyResourceEvent({}, delta).p!.needsResync).toBe(true);
    const s = snapshot([guest(100)]);
    expect(applyResourceEvent(s, delta)).toBe(s);
  });

  it('a patch for an unknown resource means drift: resync', () => {
    const s = snapshot([guest(100)]);
    const next = applyResourceEvent(s, {
      kind: 'delta',
      profileId: 'p',
      seq: 6,
      added: [],
      changed: [{ id: 'qemu/999', set: { status: 'running' } }],
      removed: [],
    });
    expect(next.p!.needsResync).toBe(true);
  });

  it('stats-only deltas keep the structure; status changes bump it and the counts', () => {
    const s = snapshot([node, guest(100, { status: 'running' }), guest(101)]);
    const stats = applyResourceEvent(s, {
      kind: 'delta',
      profileId: 'p',
      seq: 6,
      added: [],
      changed: [{ id: 'lxc/100', set: { cpu: 0.2, mem: 5 } }],
      removed: [],
    });
    expect(stats.p!.structure).toBe(s.p!.structure);
    expect(selectProfileSummary('p', stats.p!).countsByNode.get('pve1')).toEqual({
      running: 1,
      total: 2,
    });
    const started = applyResourceEvent(stats, {
      kind: 'delta',
      profileId: 'p',
      seq: 7,
      added: [],
      changed: [{ id: 'lxc/101', set: { status: 'running' } }],
      removed: [],
    });
    expect(started.p!.structure).not.toBe(s.p!.structure);
    expect(selectProfileSummary('p', started.p!).countsByNode.get('pve1')).toEqual({
      running: 2,
      total: 2,
    });
  });
});
