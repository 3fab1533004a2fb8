// Finding things in the tree: plain text matching node and profile names, the match count, and
// where the keyboard lands (pages, type-ahead).

import { describe, expect, it } from 'vitest';
import type { GuestResource, NodeResource, ProfileInfo } from '../../shared/model';
import { matchCountText, parseFilter } from '../../renderer/src/features/tree/filter';
import {
  isTypeAheadKey,
  pageIndex,
  stepIndex,
  typeAheadIndex,
  TypeAheadBuffer,
} from '../../renderer/src/features/tree/treeKeyboard';
import { buildTree, rowName, type TreeRow } from '../../renderer/src/features/tree/treeRows';
import { applySnapshot, type ResourcesState } from '../../renderer/src/store/resources';

function guest(vmid: number, node: string, name: string, extra: Partial<GuestResource> = {}) {
  const g: GuestResource = {
    id: `qemu/${vmid}`,
    type: 'qemu',
    vmid,
    node,
    name,
    status: 'running',
    template: false,
    tags: [],
    ...extra,
  };
  return g;
}

const profile = (id: string, name: string): ProfileInfo => ({
  id,
  name,
  url: `https://${id}:8006`,
  authMode: 'password',
  username: 'root',
  isDemo: false,
});
const node = (n: string): NodeResource => ({
  id: `node/${n}`,
  type: 'node',
  node: n,
  status: 'online',
});

const profiles = [profile('a', 'Lab'), profile('b', 'Office')];
let resources: ResourcesState = applySnapshot({}, 'a', 1, [
  node('pve1'),
  node('pve2'),
  node('pve3'),
  guest(100, 'pve1', 'web01', { tags: ['prod'] }),
  guest(101, 'pve1', 'db01'),
  guest(102, 'pve2', 'web02', { pool: 'dev' }),
]);
resources = applySnapshot(resources, 'b', 1, [node('srv1'), guest(200, 'srv1', 'printer')]);

const keys = (text: string) =>
  buildTree({ profiles, resources, filter: parseFilter(text), collapsed: {} }).rows.map(
    (r) => r.key,
  );
const count = (text: string) =>
  buildTree({ profiles, resources, filter: parseFilter(text), collapsed: {} }).matches;

describe('plain text in the filter', () => {
  it('matches a node by name: the node shows with all its guests', () => {
    expect(keys('pve1')).toEqual([
      'p|a',
      'n|a|pve1',
      'g|a|qemu/100',
      'g|a|qemu/101',
      'p|b',
      'p|b|note',
    ]);
    expect(count('pve1')).toBe(2);
    expect(matchCountText(count('pve1'))).toBe('2 matches');
  });

  it('shows a node with no guests when its name matches, counting it', () => {
    expect(keys('pve3')).toEqual(['p|a', 'n|a|pve3', 'p|b', 'p|b|note']);
    expect(count('pve3')).toBe(1);
    expect(matchCountText(1)).toBe('1 match');
  });

  it('matches a profile by name: it shows whole', () => {
    expect(keys('office')).toEqual(['p|a', 'p|a|note', 'p|b', 'n|b|srv1', 'g|b|qemu/200']);
    expect(count('office')).toBe(1);
  });

  it('combines with other terms: each term may match the guest or its place', () => {
    expect(keys('pve1 web')).toEqual(['p|a', 'n|a|pve1', 'g|a|qemu/100', 'p|b', 'p|b|note']);
    expect(keys('lab status:running')).toContain('g|a|qemu/102');
    expect(keys('lab tag:prod')).toEqual(['p|a', 'n|a|pve1', 'g|a|qemu/100', 'p|b', 'p|b|note']);
    expect(count('nothing-like-this')).toBe(0);
    expect(matchCountText(0)).toBe('No matches');
  });
});

describe('profile: and pool: in the filter', () => {
  it('profile: keeps one profile of several, and joins the other keys', () => {
    // The other profile's "web" guests are left out (printer is no match either way).
    expect(keys('profile:lab web')).toEqual([
      'p|a',
      'n|a|pve1',
      'g|a|qemu/100',
      'n|a|pve2',
      'g|a|qemu/102',
      'p|b',
      'p|b|note',
    ]);
    // Alone it names the profile: shown whole.
    expect(keys('profile:office')).toEqual(['p|a', 'p|a|note', 'p|b', 'n|b|srv1', 'g|b|qemu/200']);
    expect(keys('profile:lab status:running')).not.toContain('g|b|qemu/200');
    expect(count('profile:nowhere')).toBe(0);
  });

  it('pool: keeps the members of a resource pool', () => {
    expect(keys('pool:dev')).toEqual(['p|a', 'n|a|pve2', 'g|a|qemu/102', 'p|b', 'p|b|note']);
    expect(keys('pool:DEV')).toContain('g|a|qemu/102');
    expect(count('pool:prod')).toBe(0);
  });
});

describe('keyboard targets', () => {
  const { rows } = buildTree({ profiles, resources, filter: parseFilter(''), collapsed: {} });
  const nameOf = (r: TreeRow) => rowName(r, profiles, resources);
  const names = rows.map(nameOf);
  // Lab, pve1, web01, db01, pve2, web02, pve3, Office, srv1, printer
  it('names rows as they show', () => {
    expect(names).toEqual([
      'Lab',
      'pve1',
      'web01',
      'db01',
      'pve2',
      'web02',
      'pve3',
      'Office',
      'srv1',
      'printer',
    ]);
  });

  it('steps and pages over the visible rows, clamped to the ends', () => {
    expect(stepIndex(rows, 0, 1)).toBe(1);
    expect(stepIndex(rows, 0, -1)).toBe(-1);
    expect(pageIndex(rows, 0, 4, 1)).toBe(4);
    expect(pageIndex(rows, 8, 4, 1)).toBe(9);
    expect(pageIndex(rows, 9, 4, -1)).toBe(5);
    expect(pageIndex(rows, 2, 4, -1)).toBe(0);
    expect(pageIndex(rows, -1, 4, 1)).toBe(4);
  });

  it('pages skip notes, landing on the nearest row that can be selected', () => {
    const filtered = buildTree({
      profiles,
      resources,
      filter: parseFilter('pve3'),
      collapsed: {},
    }).rows; // Lab, pve3, Office, (No matches)
    expect(pageIndex(filtered, 0, 10, 1)).toBe(2);
  });

  it('type-ahead jumps to the next row starting with the typed letters, wrapping', () => {
    expect(typeAheadIndex(rows, nameOf, 0, 'w')).toBe(2);
    expect(typeAheadIndex(rows, nameOf, 2, 'w')).toBe(5);
    expect(typeAheadIndex(rows, nameOf, 5, 'w')).toBe(2);
    expect(typeAheadIndex(rows, nameOf, 2, 'ww')).toBe(5);
    expect(typeAheadIndex(rows, nameOf, 2, 'web02')).toBe(5);
    expect(typeAheadIndex(rows, nameOf, 2, 'web0')).toBe(2);
    expect(typeAheadIndex(rows, nameOf, 0, 'PR')).toBe(9);
    expect(typeAheadIndex(rows, nameOf, 0, 'x')).toBe(-1);
    expect(typeAheadIndex(rows, nameOf, -1, 'o')).toBe(7);
  });

  it('type-ahead letters typed close together form one prefix', () => {
    const b = new TypeAheadBuffer(800);
    expect(b.push('w', 1000)).toBe('w');
    expect(b.push('e', 1500)).toBe('we');
    expect(b.active(2000)).toBe(true);
    expect(b.push('d', 2400)).toBe('d');
    expect(b.active(3300)).toBe(false);
    const key = (
      k: string,
      mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {},
    ) => isTypeAheadKey({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });
    expect(key('a')).toBe(true);
    expect(key('/')).toBe(false);
    expect(key('ArrowDown')).toBe(false);
    expect(key('f', { ctrlKey: true })).toBe(false);
  });
});
