// The tree's views beside nodes (as PVE's tag and pool views): a profile's guests grouped by tag
// (a guest with two tags shows under both; "No tags" last) or by resource pool ("No pool" last).
// The view is remembered in localStorage with the other layout state.

import { useSyncExternalStore } from 'react';
import type { GuestResource, NodeResource } from '../../../../shared/model';
import { guestRowKey } from '../../store/controller';
import { guestMatchHint, matchesGuest, type GuestFacts, type GuestFilter } from './filter';
import type { TreeRow } from './treeRows';
import { compareNatural } from '../../../../shared/collate';

export type TreeView = 'nodes' | 'tags' | 'pools';
export const TREE_VIEWS: readonly TreeView[] = ['nodes', 'tags', 'pools'];

const STORAGE_KEY = 'deckhand.treeView';

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

function readView(): TreeView {
  const v = storage()?.getItem(STORAGE_KEY);
  return v === 'tags' || v === 'pools' ? v : 'nodes';
}

class ViewStore {
  private view: TreeView | undefined;
  private readonly listeners = new Set<() => void>();

  get = (): TreeView => (this.view ??= typeof window === 'undefined' ? 'nodes' : readView());

  set(view: TreeView): void {
    if (view === this.get()) return;
    this.view = view;
    try {
      storage()?.setItem(STORAGE_KEY, view);
    } catch {
      // Storage full or refused: the view still switches, for this page only.
    }
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
}

/** The window's one tree view. */
export const treeView = new ViewStore();

export function useTreeView(): TreeView {
  return useSyncExternalStore(treeView.subscribe, treeView.get);
}

export type GroupRowData = Extract<TreeRow, { kind: 'group' }>;

/** Row key of a tag or pool group (`name` null: the "No tags" / "No pool" group). */
export function groupRowKey(profileId: string, view: TreeView, name: string | null): string {
  return `G|${profileId}|${view}|${name ?? ''}`;
}

/** The detail key of a guest row, the same under any group (marks and the cursor use it). */
export function guestKeyOf(row: { profileId: string; id: string }): string {
  return guestRowKey(row.profileId, row.id);
}

interface GroupInput {
  view: Exclude<TreeView, 'nodes'>;
  profileId: string;
  profileName: string;
  pKey: string;
  nodes: readonly NodeResource[];
  guestsByNode: ReadonlyMap<string, GuestResource[]>;
  filter: GuestFilter;
  filtering: boolean;
  /** the profile itself is named by the filter: all its guests show */
  profileMatch: boolean;
  collapsed: Readonly<Record<string, true>>;
  facts: (id: string) => GuestFacts | undefined;
  nodeIp: (node: string) => string | undefined;
}

const byName = compareNatural;

/** A profile's group rows and the guests under them; `matches` counts each guest once. */
export function groupedRows(input: GroupInput): { rows: TreeRow[]; matches: number } {
  const { view, profileId, pKey, filter, filtering, profileMatch, collapsed } = input;
  const groups = new Map<string | null, { guest: GuestResource; hint?: string }[]>();
  const shown = new Set<string>();
  for (const node of input.nodes) {
    const ip = input.nodeIp(node.node);
    const place = {
      node: node.node,
      profileName: input.profileName,
      ...(ip ? { nodeIp: ip } : {}),
    };
    for (const guest of input.guestsByNode.get(node.node) ?? []) {
      const facts = input.facts(guest.id);
      if (filtering && !profileMatch && !matchesGuest(guest, filter, place, facts)) continue;
      shown.add(guest.id);
      const hint = filtering ? guestMatchHint(guest, filter, facts) : undefined;
      const names: (string | null)[] =
        view === 'tags'
          ? guest.tags.length > 0
            ? [...new Set(guest.tags)]
            : [null]
          : [guest.pool ?? null];
      for (const name of names) {
        let list = groups.get(name);
        if (!list) groups.set(name, (list = []));
        list.push(hint ? { guest, hint } : { guest });
      }
    }
  }
  const names = [...groups.keys()].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : byName(a, b),
  );
  const rows: TreeRow[] = [];
  for (const name of names) {
    const members = groups.get(name)!.sort((a, b) => a.guest.vmid - b.guest.vmid);
    const gKey = groupRowKey(profileId, view, name);
    const expanded = filtering || !collapsed[gKey];
    rows.push({
      kind: 'group',
      key: gKey,
      level: 2,
      profileId,
      view,
      name,
      count: members.length,
      expanded,
      parent: pKey,
    });
    if (!expanded) continue;
    for (const { guest, hint } of members) {
      rows.push({
        kind: 'guest',
        key: `${gKey}|${guestRowKey(profileId, guest.id)}`,
        level: 3,
        profileId,
        id: guest.id,
        parent: gKey,
        ...(hint ? { hint } : {}),
      });
    }
  }
  return { rows, matches: filtering ? shown.size : 0 };
}

/** What a group row says: the tag or pool, or the catch-all for guests without one. */
export function groupLabel(row: { view: 'tags' | 'pools'; name: string | null }): string {
  if (row.name !== null) return row.name;
  return row.view === 'tags' ? 'No tags' : 'No pool';
}
