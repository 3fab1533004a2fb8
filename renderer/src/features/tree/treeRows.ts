// Flattens profiles → nodes → guests into the rows the virtualised tree renders.

import type { ProfileInfo } from '../../../../shared/model';
import { guestRowKey, nodeRowKey, profileRowKey } from '../../store/controller';
import {
  EMPTY_PROFILE_RESOURCES,
  selectProfileSummary,
  type ResourcesState,
} from '../../store/resources';
import { isEmptyFilter, matchesGuest, type GuestFilter } from './filter';

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
    }
  | { kind: 'guest'; key: string; level: 3; profileId: string; id: string; parent: string }
  | { kind: 'note'; key: string; level: 2 | 3; text: string; parent: string };

export interface TreeInput {
  profiles: readonly ProfileInfo[];
  resources: ResourcesState;
  filter: GuestFilter;
  collapsed: Readonly<Record<string, true>>;
}

export function buildTreeRows({ profiles, resources, filter, collapsed }: TreeInput): TreeRow[] {
  const rows: TreeRow[] = [];
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
    if (!pExpanded) continue;
    const res = resources[profile.id] ?? EMPTY_PROFILE_RESOURCES;
    if (res.seq < 0) continue;
    const summary = selectProfileSummary(profile.id, res);
    let shownGuests = 0;
    for (const node of summary.nodes) {
      const guests = summary.guestsByNode.get(node.node) ?? [];
      const matching = filtering ? guests.filter((g) => matchesGuest(g, filter)) : guests;
      if (filtering && matching.length === 0) continue;
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
      });
      shownGuests += matching.length;
      if (!nExpanded) continue;
      for (const guest of matching) {
        rows.push({
          kind: 'guest',
          key: guestRowKey(profile.id, guest.id),
          level: 3,
          profileId: profile.id,
          id: guest.id,
          parent: nKey,
        });
      }
    }
    if (filtering && shownGuests === 0) {
      rows.push({ kind: 'note', key: `${pKey}|note`, level: 2, text: 'No matches', parent: pKey });
    } else if (!filtering && summary.guestCount === 0) {
      rows.push({
        kind: 'note',
        key: `${pKey}|note`,
        level: 2,
        text: 'No guests yet',
        parent: pKey,
      });
    }
  }
  return rows;
}

/** Rows the keyboard can land on (notes are not selectable). */
export function isSelectable(row: TreeRow): row is Exclude<TreeRow, { kind: 'note' }> {
  return row.kind !== 'note';
}
