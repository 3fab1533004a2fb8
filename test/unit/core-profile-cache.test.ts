// The profile cache's writes: debounced (many changes, one write), skipped when what the tree
// needs did not change, capped in size, written once more at the end; a corrupt or foreign file
// is ignored (and removed), never fatal; live metrics never reach the disk.

import { describe, expect, it } from 'vitest';
import { MemoryCacheStore } from '../../electron/core/cache/memory-cache-store';
import { ProfileCache, type LiveState } from '../../electron/core/cache/profile-cache';
import type { GuestResource } from '../../shared/model';
import { createFakeScheduler } from '../kit/fake-scheduler';

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

function guest(vmid: number, extra: Partial<GuestResource> = {}): GuestResource {
  return {
    id: `qemu/${vmid}`,
    type: 'qemu',
    vmid,
    node: 'pve1',
    name: `vm${vmid}`,
    status: 'running',
    template: false,
    tags: [],
    ...extra,
  };
}

function setup(live: Map<string, LiveState>, maxItems?: number) {
  const store = new MemoryCacheStore();
  const writes: string[] = [];
  const write = store.write.bind(store);
  store.write = async (key, text) => {
    writes.push(key);
    await write(key, text);
  };
  const scheduler = createFakeScheduler(0);
  const logs: string[] = [];
  const cache = new ProfileCache({
    store,
    scheduler,
    log: (_l, m) => logs.push(m),
    current: (id) => live.get(id),
    delayMs: 1_000,
    ...(maxItems !== undefined ? { maxItems } : {}),
  });
  return { store, writes, scheduler, logs, cache };
}

describe('the profile cache', () => {
  it('writes once per pause, only what changed, without live metrics, and reads it back', async () => {
    const live = new Map<string, LiveState>([
      ['p', { items: [guest(100, { cpu: 0.5, mem: 123 })], lastRefresh: 5_000, version: '9.1.2' }],
    ]);
    const { store, writes, scheduler, cache } = setup(live);
    for (let i = 0; i < 5; i++) cache.changed('p');
    scheduler.advance(1_000);
    await flush();
    expect(writes).toEqual(['p']);
    const text = store.entries.get('p')!;
    expect(text).not.toContain('"cpu"');
    expect(text).not.toContain('"mem"');
    // Only the metrics moved: nothing new to write.
    live.set('p', { items: [guest(100, { cpu: 0.7 })], lastRefresh: 8_000, version: '9.1.2' });
    cache.changed('p');
    scheduler.advance(1_000);
    await flush();
    expect(writes).toEqual(['p']);
    // At the end its age is written too.
    await cache.dispose();
    expect(writes).toEqual(['p', 'p']);

    const next = setup(live);
    next.store.entries.set('p', store.entries.get('p')!);
    await next.cache.load(['p']);
    expect(next.cache.take('p')).toEqual({
      savedAt: 8_000,
      version: '9.1.2',
      items: [guest(100)],
    });
    expect(next.cache.take('p')).toBeUndefined();
    await next.cache.dispose();
  });

  it('keeps that a profile is a standalone node, so it shows as one before it is live', async () => {
    const live = new Map<string, LiveState>([
      ['s', { items: [guest(100)], lastRefresh: 5_000, version: '8.4.1', standalone: true }],
    ]);
    const { store, cache } = setup(live);
    cache.changed('s');
    await cache.dispose();
    const next = setup(live);
    next.store.entries.set('s', store.entries.get('s')!);
    await next.cache.load(['s']);
    expect(next.cache.take('s')).toEqual({
      savedAt: 5_000,
      version: '8.4.1',
      standalone: true,
      items: [guest(100)],
    });
    await next.cache.dispose();
  });

  it('ignores and removes a corrupt or foreign file, and caps what it keeps', async () => {
    const live = new Map<string, LiveState>([
      ['big', { items: [guest(100), guest(101)], lastRefresh: 1 }],
    ]);
    const { store, writes, scheduler, logs, cache } = setup(live, 1);
    store.entries.set('a', '{"format":"deckhand-profile-cache","items":[');
    store.entries.set('b', JSON.stringify({ hello: 'world' }));
    await cache.load(['a', 'b', 'missing']);
    expect(cache.take('a')).toBeUndefined();
    expect(cache.take('b')).toBeUndefined();
    expect([...store.entries.keys()]).toEqual([]);
    expect(logs).toEqual([
      'Profile a: cached state ignored: not valid JSON',
      'Profile b: cached state ignored: not a Deckhand profile cache',
    ]);
    cache.changed('big');
    scheduler.advance(1_000);
    await flush();
    expect(writes).toEqual([]);
    expect(logs.at(-1)).toMatch(/^Profile big: last state not cached \(2 items/);
    await cache.dispose();
  });
});
