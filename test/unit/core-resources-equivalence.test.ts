// The hand-written validator of pve/resources.ts against the zod rules it replaced
// (pve/resources-reference.ts): identical items, identical key order, identical invalid counts,
// over real PVE 7/8/9 shapes and a seeded spread of loose, garbled and missing values.

import { describe, expect, it } from 'vitest';
import { normalizeResources } from '../../electron/core/pve/resources';
import { normalizeResourcesZod } from '../../electron/core/pve/resources-reference';

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ABSENT = Symbol('absent');
const VALUES: unknown[] = [
  ABSENT,
  null,
  0,
  1,
  2,
  -3,
  0.25,
  1e21,
  '0',
  '1',
  '2',
  '100',
  ' 42 ',
  '+7',
  '-0.5',
  '.5',
  '1e3',
  '1.',
  '0x10',
  'abc',
  '',
  ' ',
  'running',
  'stopped',
  'online',
  'offline',
  'unknown',
  'prod;web',
  'a, b  c;;d',
  true,
  false,
  [],
  [1],
  {},
  { x: 1 },
  Number.NaN,
  Number.POSITIVE_INFINITY,
];
const TYPES: unknown[] = ['qemu', 'lxc', 'node', 'storage', 'pool', 'sdn', 'network', 5, ABSENT];
const KEYS = [
  'id',
  'vmid',
  'node',
  'name',
  'status',
  'template',
  'uptime',
  'cpu',
  'maxcpu',
  'mem',
  'maxmem',
  'disk',
  'maxdisk',
  'netin',
  'netout',
  'diskread',
  'diskwrite',
  'pool',
  'lock',
  'tags',
  'hastate',
  'level',
  'storage',
  'plugintype',
  'shared',
  'content',
  'memhost',
  'cgroup-mode',
  'extra',
];

function randomItem(next: () => number): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const item: Record<string, unknown> = {};
  const type = pick(TYPES);
  if (type !== ABSENT) item.type = type;
  for (const key of KEYS) {
    // Mostly well-formed identity fields, so the loose fields behind them get checked too.
    const roll = next();
    let value: unknown;
    if (key === 'id' && roll < 0.8) value = `${String(type)}/${Math.floor(next() * 1000)}`;
    else if (key === 'node' && roll < 0.8) value = pick(['pve1', 'pve2', 'pve3']);
    else if (key === 'vmid' && roll < 0.6) value = pick([100, '101', ' 102']);
    else if ((key === 'storage' || key === 'pool') && roll < 0.7) value = 'local';
    else if (roll < 0.4) value = ABSENT;
    else value = pick(VALUES);
    if (value !== ABSENT) item[key] = value;
  }
  return item;
}

function expectSame(data: unknown[]): void {
  const fast = normalizeResources(data);
  const zod = normalizeResourcesZod(data);
  expect(fast).toEqual(zod);
  // Key order too: the diff's patches and the frames follow it.
  expect(JSON.stringify(fast)).toBe(JSON.stringify(zod));
}

describe('hand-written resource validation = the zod rules', () => {
  it('matches on real PVE 7, 8 and 9 replies', () => {
    expectSame([
      // PVE 7: numbers as numbers, template as 0/1, no tags key.
      {
        id: 'qemu/100',
        type: 'qemu',
        vmid: 100,
        node: 'pve1',
        name: 'db',
        status: 'running',
        template: 0,
        uptime: 3600,
        cpu: 0.012,
        maxcpu: 2,
        mem: 1073741824,
        maxmem: 2147483648,
        disk: 0,
        maxdisk: 34359738368,
        netin: 123,
        netout: 456,
        diskread: 7,
        diskwrite: 8,
      },
      {
        id: 'node/pve1',
        type: 'node',
        node: 'pve1',
        status: 'online',
        level: '',
        cpu: 0.03,
        maxcpu: 8,
        mem: 123,
        maxmem: 456,
        disk: 1,
        maxdisk: 2,
        uptime: 99,
        'cgroup-mode': 2,
      },
      {
        id: 'storage/pve1/local',
        type: 'storage',
        storage: 'local',
        node: 'pve1',
        plugintype: 'dir',
        status: 'available',
        shared: 0,
        content: 'iso,vztmpl,backup',
        disk: 1,
        maxdisk: 2,
      },
      { id: '/pool/prod', type: 'pool', pool: 'prod' },
      // PVE 8: tags, hastate, lock; a guest of an offline node has almost nothing.
      {
        id: 'lxc/101',
        type: 'lxc',
        vmid: 101,
        node: 'pve2',
        name: 'web',
        status: 'stopped',
        template: 1,
        tags: 'prod;web',
        hastate: 'started',
        lock: 'backup',
        pool: 'prod',
      },
      { id: 'lxc/102', type: 'lxc', vmid: 102, node: 'pve3', status: 'unknown' },
      { id: 'node/pve3', type: 'node', node: 'pve3', status: 'offline' },
      { id: 'sdn/pve1/localnetwork', type: 'sdn', sdn: 'localnetwork', node: 'pve1', status: 'ok' },
      // PVE 9: memhost, network items, numbers as strings from some plugins.
      {
        id: 'qemu/103',
        type: 'qemu',
        vmid: '103',
        node: 'pve1',
        status: 'running',
        template: '0',
        mem: '1024',
        memhost: 2048,
        maxmem: '4096',
        cpu: '0.5',
        tags: 'a,b c',
      },
      { id: 'network/pve1/vmbr0', type: 'network', network: 'vmbr0', node: 'pve1' },
      {
        id: 'storage/cluster/ceph',
        type: 'storage',
        storage: 'ceph',
        node: 'pve1',
        shared: 1,
        status: 'available',
        plugintype: 'rbd',
      },
    ]);
  });

  it('matches on malformed items (no id, no node, bad vmid, not an object)', () => {
    expectSame([
      { type: 'qemu', vmid: 1, node: 'pve1' },
      { id: 'qemu/1', type: 'qemu', node: 'pve1' },
      { id: 'qemu/1', type: 'qemu', vmid: 'x1', node: 'pve1' },
      { id: 'qemu/1', type: 'qemu', vmid: 1 },
      { id: 'node/x', type: 'node' },
      { id: 'storage/x', type: 'storage', node: 'x' },
      { id: '/pool/x', type: 'pool' },
      { id: 'x' },
      { id: 'x', type: 7 },
      null,
      42,
      'qemu/100',
      [],
    ]);
  });

  it('matches on 5,000 seeded random items of loose, garbled and missing values', () => {
    const next = rng(20261201);
    const data = Array.from({ length: 5_000 }, () => randomItem(next));
    expectSame(data);
    // The spread reaches every outcome: kept items of each type, skipped types, invalid ones.
    const { items, invalid } = normalizeResources(data);
    expect(invalid).toBeGreaterThan(100);
    expect(new Set(items.map((r) => r.type))).toEqual(
      new Set(['qemu', 'lxc', 'node', 'storage', 'pool']),
    );
  });
});
