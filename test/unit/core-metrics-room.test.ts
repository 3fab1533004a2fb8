// The metrics room (electron/core/resources/metrics-room.ts): structure to every window without
// metric fields and renumbered without gaps, metrics only to the windows that watch them, and a
// window's watch set gone with the window. Also the renderer's merge of metrics events.

import { describe, expect, it } from 'vitest';
import { MetricsRoom } from '../../electron/core/resources/metrics-room';
import { applyMetricsEvent, applyResourceEvent } from '../../renderer/src/store/resources';
import type { MetricsEvent } from '../../shared/ipc/resources';
import { toDisposable } from '../../shared/lifecycle';
import type { GuestResource, Resource, ResourceEvent } from '../../shared/model';

const guest = (vmid: number, over: Partial<GuestResource> = {}): GuestResource => ({
  id: `qemu/${vmid}`,
  type: 'qemu',
  vmid,
  node: 'pve1',
  name: `vm${vmid}`,
  status: 'running',
  template: false,
  tags: [],
  uptime: 100,
  cpu: 0.1,
  mem: 1000,
  maxmem: 4000,
  ...over,
});

function room(items: () => Resource[], seq: () => number) {
  const broadcast: ResourceEvent[] = [];
  const emitted: { clientId: string; event: MetricsEvent }[] = [];
  let gone: ((id: string) => void) | undefined;
  const r = new MetricsRoom({
    broadcast: (e) => broadcast.push(e),
    emit: (clientId, event) => emitted.push({ clientId, event }),
    snapshot: () => ({ seq: seq(), items: items() }),
    onClientGone: (l) => {
      gone = l;
      return toDisposable(() => (gone = undefined));
    },
  });
  return { r, broadcast, emitted, gone: (id: string) => gone?.(id) };
}

describe('metrics room', () => {
  it('strips metrics from the broadcast, drops metric-only ticks and keeps seqs contiguous', async () => {
    let items: Resource[] = [guest(100), guest(101)];
    let seq = 0;
    const { r, broadcast, emitted, gone } = room(
      () => items,
      () => seq,
    );
    r.onResources({ kind: 'snapshot', profileId: 'p', seq: ++seq, items });
    expect(broadcast).toEqual([
      {
        kind: 'snapshot',
        profileId: 'p',
        seq: 1,
        items: [
          {
            id: 'qemu/100',
            type: 'qemu',
            vmid: 100,
            node: 'pve1',
            name: 'vm100',
            status: 'running',
            template: false,
            tags: [],
            maxmem: 4000,
          },
          {
            id: 'qemu/101',
            type: 'qemu',
            vmid: 101,
            node: 'pve1',
            name: 'vm101',
            status: 'running',
            template: false,
            tags: [],
            maxmem: 4000,
          },
        ],
      },
    ]);
    await r.watch('w1', 'p', ['qemu/100']);
    expect(emitted).toEqual([
      {
        clientId: 'w1',
        event: {
          profileId: 'p',
          seq: 1,
          values: { 'qemu/100': { cpu: 0.1, mem: 1000, uptime: 100 } },
        },
      },
    ]);

    // A live tick: metrics only. No broadcast; the watcher gets its guest's, nothing of 101.
    items = [guest(100, { uptime: 103, cpu: 0.2 }), guest(101, { uptime: 103 })];
    r.onResources({
      kind: 'delta',
      profileId: 'p',
      seq: ++seq,
      added: [],
      removed: [],
      changed: [
        { id: 'qemu/100', set: { uptime: 103, cpu: 0.2 } },
        { id: 'qemu/101', set: { uptime: 103 } },
      ],
    });
    expect(broadcast).toHaveLength(1);
    expect(emitted.at(-1)).toEqual({
      clientId: 'w1',
      event: { profileId: 'p', seq: 1, values: { 'qemu/100': { uptime: 103, cpu: 0.2 } } },
    });

    // A structural change with metrics beside: the broadcast has the status only, seq 2 (no gap).
    r.onResources({
      kind: 'delta',
      profileId: 'p',
      seq: ++seq,
      added: [],
      removed: [],
      changed: [{ id: 'qemu/101', set: { status: 'stopped' }, unset: ['uptime', 'cpu', 'mem'] }],
    });
    expect(broadcast.at(-1)).toEqual({
      kind: 'delta',
      profileId: 'p',
      seq: 2,
      added: [],
      removed: [],
      changed: [{ id: 'qemu/101', set: { status: 'stopped' } }],
    });
    // The window's snapshot: numbered as its events (2), metrics for what it watches only.
    const snap = await r.snapshot('p', 'w1');
    expect(snap.seq).toBe(2);
    expect(snap.items.map((i) => (i as GuestResource).uptime)).toEqual([103, undefined]);
    expect((await r.snapshot('p', 'w2')).items.every((i) => !('uptime' in i))).toBe(true);

    // The window goes: its watch goes too.
    gone('w1');
    expect(r.watched('w1', 'p')).toEqual([]);
    const before = emitted.length;
    r.onResources({
      kind: 'delta',
      profileId: 'p',
      seq: ++seq,
      added: [],
      removed: [],
      changed: [{ id: 'qemu/100', set: { uptime: 106 } }],
    });
    expect(emitted).toHaveLength(before);
    await r.dispose();
  });
});

describe('renderer metrics merge', () => {
  it('merges a metrics event into the watched resource and removes null fields', () => {
    const base = applyResourceEvent(
      {},
      { kind: 'snapshot', profileId: 'p', seq: 3, items: [guest(100, { uptime: undefined })] },
    );
    const next = applyMetricsEvent(base, {
      profileId: 'p',
      seq: 3,
      values: { 'qemu/100': { uptime: 50, cpu: null }, 'qemu/999': { uptime: 1 } },
    });
    const g = next['p']!.byId.get('qemu/100') as GuestResource;
    expect(g.uptime).toBe(50);
    expect('cpu' in g).toBe(false);
    expect(g.mem).toBe(1000);
    expect(next['p']!.seq).toBe(3);
    expect(next['p']!.structure).toBe(base['p']!.structure);
    expect(next['p']!.byId.has('qemu/999')).toBe(false);
  });
});
