// Flattens profiles → nodes → guests into the rows the virtualised tree renders.

import { primaryAddresses, type GuestAddresses } from '../../../../shared/addresses';
import { isGuest, type ProfileInfo } from '../../../../shared/model';
import type { AddressesState } from '../../store/addresses';
import { guestRowKey, nodeRowKey, profileRowKey } from '../../store/controller';
import {
  EMPTY_PROFILE_RESOURCES,
  hasFirstRefresh,
  selectProfileSummary,
  type ResourcesState,
} from '../../store/resources';
import { guestDisplayName } from '../../ui/status';
import {
  guestMatchHint,
  isEmptyFilter,
  matchesGuest,
  matchesPlace,
  placeMatchHint,
  type GuestFacts,
  type GuestFilter,
} from './filter';
import { groupedRows, groupLabel, type TreeView } from './treeViews';

export type TreeRow =
  | { kind: 'profile'; key: string; level: 1; profileId: string; expanded: boolean; parent: null }
  | {
      kind: 'node';
      key: string;
      level: 2;
      profileId: string;
      node: string;
      expanded: boolean;
      parent: string;
      /** why the filter matched it (its address), when its name does not say */
      hint?: string;
    }
  | {
      kind: 'guest';
      key: string;
      level: 3;
      profileId: string;
      id: string;
      parent: string;
      /** why the filter matched it (an address or host name), when its row does not say */
      hint?: string;
    }
  | {
      /** a tag or pool (treeViews.ts); `name` null: the guests without one */
      kind: 'group';
      key: string;
      level: 2;
      profileId: string;
      view: 'tags' | 'pools';
      name: string | null;
      count: number;
      expanded: boolean;
      parent: string;
    }
  | { kind: 'note'; key: string; level: 2 | 3; text: string; parent: string };

export interface TreeInput {
  profiles: readonly ProfileInfo[];
  resources: ResourcesState;
  filter: GuestFilter;
  collapsed: Readonly<Record<string, true>>;
  /** The address index: plain text and `ip:` also find guests and nodes by address. */
  addresses?: AddressesState;
  /** Nodes (the default), or guests grouped by tag or by pool. */
  view?: TreeView;
}

const factsCache = new WeakMap<GuestAddresses, GuestFacts>();

/** A guest's searchable addresses and host name, lower case (computed once per entry). */
function factsOf(entry: GuestAddresses | undefined): GuestFacts | undefined {
  if (!entry) return undefined;
  let facts = factsCache.get(entry);
  if (!facts) {
    const hostname = entry.hostname?.toLowerCase();
    facts = {
      addresses: primaryAddresses(entry).map((a) => a.toLowerCase()),
      ...(hostname ? { hostname } : {}),
    };
    factsCache.set(entry, facts);
  }
  return facts;
}

export interface Tree {
  rows: TreeRow[];
  /** While filtering: the guests shown, plus nodes and profiles shown by their own name alone. */
  matches: number;
}

export function buildTreeRows(input: TreeInput): TreeRow[] {
  return buildTree(input).rows;
}

export function buildTree({
  profiles,
  resources,
  filter,
  collapsed,
  addresses = {},
  view = 'nodes',
}: TreeInput): Tree {
  const rows: TreeRow[] = [];
  let matches = 0;
  const filtering = !isEmptyFilter(filter);
  for (const profile of profiles) {
    const pKey = profileRowKey(profile.id);
    // While filtering, everything is expanded so matches are never hidden.
    const pExpanded = filtering || !collapsed[pKey];
    rows.push({
      kind: 'profile',
      key: pKey,
      level: 1,
      profileId: profile.id,
      expanded: pExpanded,
      parent: null,
    });
    // A profile named by the filter shows whole.
    const profileMatch = filtering && matchesPlace({ profileName: profile.name }, filter);
    const res = resources[profile.id] ?? EMPTY_PROFILE_RESOURCES;
    // Before core's first refresh there is nothing to show yet (the profile row says connecting).
    if (!pExpanded || !hasFirstRefresh(res)) {
      if (profileMatch) matches += 1;
      continue;
    }
    const summary = selectProfileSummary(profile.id, res);
    const index = addresses[profile.id];
    const facts = (id: string) => (filtering ? factsOf(index?.byGuest.get(id)) : undefined);
    let shownRows = 0;
    if (view !== 'nodes') {
      const grouped = groupedRows({
        view,
        profileId: profile.id,
        profileName: profile.name,
        pKey,
        nodes: summary.nodes,
        guestsByNode: summary.guestsByNode,
        filter,
        filtering,
        profileMatch,
        collapsed,
        facts,
        nodeIp: (n) => index?.nodes.find((x) => x.node === n)?.ip,
      });
      rows.push(...grouped.rows);
      matches += grouped.matches;
      shownRows = grouped.rows.length;
    }
    for (const node of view === 'nodes' ? summary.nodes : []) {
      const guests = summary.guestsByNode.get(node.node) ?? [];
      const nodeIp = index?.nodes.find((n) => n.node === node.node)?.ip;
      const place = { node: node.node, profileName: profile.name, ...(nodeIp ? { nodeIp } : {}) };
      // A node named by the filter (or found by its address) shows with all its guests.
      const nodeMatch = profileMatch || (filtering && matchesPlace(place, filter));
      const matching =
        filtering && !nodeMatch
          ? guests.filter((g) => matchesGuest(g, filter, place, facts(g.id)))
          : guests;
      if (filtering && matching.length === 0 && !nodeMatch) continue;
      const nKey = nodeRowKey(profile.id, node.node);
      const nExpanded = filtering || !collapsed[nKey];
      rows.push({
        kind: 'node',
        key: nKey,
        level: 2,
        profileId: profile.id,
        node: node.node,
        expanded: nExpanded,
        parent: pKey,
        ...hintOf(nodeMatch && !profileMatch ? placeMatchHint(place, filter) : undefined),
      });
      shownRows += 1;
      if (filtering) matches += matching.length > 0 ? matching.length : 1;
      if (!nExpanded) continue;
      for (const guest of matching) {
        rows.push({
          kind: 'guest',
          key: guestRowKey(profile.id, guest.id),
          level: 3,
          profileId: profile.id,
          id: guest.id,
          parent: nKey,
          ...hintOf(filtering ? guestMatchHint(guest, filter, facts(guest.id)) : undefined),
        });
      }
    }
    if (profileMatch && shownRows === 0) matches += 1;
    if (filtering && !profileMatch && shownRows === 0) {
      rows.push({ kind: 'note', key: `${pKey}|note`, level: 2, text: 'No matches', parent: pKey });
    } else if ((!filtering || profileMatch) && summary.guestCount === 0) {
      rows.push({
        kind: 'note',
        key: `${pKey}|note`,
        level: 2,
        text: 'No guests yet',
        parent: pKey,
      });
    }
  }
  return { rows, matches };
}

const hintOf = (hint: string | undefined) => (hint ? { hint } : {});

/** Rows the keyboard can land on (notes are not selectable). */
export function isSelectable(row: TreeRow): row is Exclude<TreeRow, { kind: 'note' }> {
  return row.kind !== 'note';
}

/** The name a row shows (what type-ahead matches). */
export function rowName(
  row: TreeRow,
  profiles: readonly ProfileInfo[],
  resources: ResourcesState,
): string {
  switch (row.kind) {
    case 'profile':
      return profiles.find((p) => p.id === row.profileId)?.name ?? row.profileId;
    case 'node':
      return row.node;
    case 'group':
      return groupLabel(row);
    case 'guest': {
      const r = resources[row.profileId]?.byId.get(row.id);
      return r && isGuest(r) ? guestDisplayName(r) : '';
    }
    case 'note':
      return '';
  }
}
