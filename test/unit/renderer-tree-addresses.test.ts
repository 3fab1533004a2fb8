// The reverse lookup in the tree filter: an address (or its prefix) or a host name finds the
// guest, with the matching address as the row's hint; a node's address finds the node; the
// address index follows core's events (a gap asks for a snapshot).

import { describe, expect, it } from 'vitest';
import type { AddressEvent, GuestAddresses } from '../../shared/addresses';
import type { GuestResource, NodeResource, ProfileInfo } from '../../shared/model';
import { parseFilter } from '../../renderer/src/features/tree/filter';
import { buildTree } from '../../renderer/src/features/tree/treeRows';
import { initialAppState, type AppState } from '../../renderer/src/store/appState';
import {
  applyAddressEvent,
  applyAddressSnapshot,
  type AddressesState,
} from '../../renderer/src/store/addresses';
import { applySnapshot } from '../../renderer/src/store/resources';

const guest = (vmid: number, node: string, name: string): GuestResource => ({
  id: `qemu/${vmid}`,
  type: 'qemu',
  vmid,
  node,
  name,
  status: 'running',
  template: false,
  tags: [],
});
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
  guest(100, 'pve1', 'web01'),
  guest(101, 'pve2', 'db01'),
]);

const entry = (guestId: string, address: string, hostname?: string): GuestAddresses => ({
  profileId: 'a',
  guestId,
  node: guestId === 'qemu/100' ? 'pve1' : 'pve2',
  interfaces: [
    {
      name: 'lo',
      source: 'agent',
      addresses: [{ address: '127.0.0.1', family: 'ipv4', prefix: 8 }],
    },
    {
      name: 'ens18',
      source: 'agent',
      addresses: [
        { address, family: 'ipv4', prefix: 24 },
        { address: 'fe80::1', family: 'ipv6', prefix: 64 },
      ],
    },
  ],
  ...(hostname ? { hostname } : {}),
  fetchedAt: 1,
});

let state: AppState = { ...initialAppState, profiles, resources };
state = applyAddressSnapshot(state, 'a', {
  seq: 3,
  guests: [entry('qemu/100', '10.0.1.20', 'web01'), entry('qemu/101', '10.0.2.30', 'pg-main')],
  nodes: [
    { node: 'pve1', ip: '192.168.5.11' },
    { node: 'pve2', ip: '192.168.5.12' },
  ],
});

const rows = (text: string, addresses: AddressesState = state.addresses) =>
  buildTree({ profiles, resources, filter: parseFilter(text), collapsed: {}, addresses }).rows.map(
    (r) => ((r.kind === 'guest' || r.kind === 'node') && r.hint ? `${r.key} (${r.hint})` : r.key),
  );

describe('finding guests and nodes by address', () => {
  it('an address prefix finds the guest, with the address as the hint', () => {
    expect(rows('10.0.1.')).toEqual(['p|a', 'n|a|pve1', 'g|a|qemu/100 (10.0.1.20)']);
    expect(rows('10.0.2.30')).toEqual(['p|a', 'n|a|pve2', 'g|a|qemu/101 (10.0.2.30)']);
    expect(rows('ip:10.0.')).toEqual([
      'p|a',
      'n|a|pve1',
      'g|a|qemu/100 (10.0.1.20)',
      'n|a|pve2',
      'g|a|qemu/101 (10.0.2.30)',
    ]);
  });

  it('loopback and link-local addresses find nothing', () => {
    expect(rows('127.0.0.1')).toEqual(['p|a', 'p|a|note']);
    expect(rows('fe80::1')).toEqual(['p|a', 'p|a|note']);
  });

  it('a host name finds the guest; the hint names it when the guest is called otherwise', () => {
    expect(rows('pg-main')).toEqual(['p|a', 'n|a|pve2', 'g|a|qemu/101 (pg-main)']);
    // web01's host name is its name: the row says so already.
    expect(rows('web01')).toEqual(['p|a', 'n|a|pve1', 'g|a|qemu/100']);
  });

  it("a node's address finds the node, with all its guests", () => {
    expect(rows('192.168.5.12')).toEqual(['p|a', 'n|a|pve2 (192.168.5.12)', 'g|a|qemu/101']);
  });

  it('without the index, addresses find nothing', () => {
    expect(rows('10.0.1.', {})).toEqual(['p|a', 'p|a|note']);
  });
});

describe('the address index in the store', () => {
  it('applies events in order and asks for a snapshot after a gap', () => {
    const event = (seq: number, e: Partial<AddressEvent>): AddressEvent => ({
      profileId: 'a',
      seq,
      guests: [],
      removed: [],
      ...e,
    });
    const next = applyAddressEvent(
      state,
      event(4, { guests: [entry('qemu/100', '10.9.9.9')], removed: ['qemu/101'] }),
    );
    expect(next.gap).toBe(false);
    expect(rows('10.9.9.', next.state.addresses)).toEqual([
      'p|a',
      'n|a|pve1',
      'g|a|qemu/100 (10.9.9.9)',
    ]);
    expect(rows('10.0.2.', next.state.addresses)).toEqual(['p|a', 'p|a|note']);
    // A missed event, or a new session counting from 1 again: load a snapshot.
    expect(applyAddressEvent(state, event(6, {})).gap).toBe(true);
    expect(applyAddressEvent(state, event(1, {})).gap).toBe(true);
  });
});
