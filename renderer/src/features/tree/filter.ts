// The tree's filter language: whitespace-separated terms, all of which must match.
//   web          name, vmid or a tag contains "web", or the name of its node or profile does
//   101          (same rule: vmid 101, 1010, ...)
//   pve1         (same rule: every guest of node pve1; a node or profile so named shows whole)
//   tag:prod     has the tag "prod"
//   status:running / node:pve1 / type:lxc (or ct, qemu, vm) / name:web / vmid:101

import type { GuestResource } from '../../../../shared/model';

export type FilterTerm =
  | { kind: 'text'; value: string }
  | { kind: 'tag' | 'status' | 'node' | 'type' | 'name' | 'vmid'; value: string };

export interface GuestFilter {
  terms: FilterTerm[];
}

const KEYS = new Set(['tag', 'status', 'node', 'type', 'name', 'vmid']);
const TYPE_ALIASES: Record<string, string> = { ct: 'lxc', container: 'lxc', vm: 'qemu' };

export function parseFilter(text: string): GuestFilter {
  const terms: FilterTerm[] = [];
  for (const raw of text.trim().toLowerCase().split(/\s+/)) {
    if (!raw) continue;
    const colon = raw.indexOf(':');
    const key = colon > 0 ? raw.slice(0, colon) : '';
    const value = colon > 0 ? raw.slice(colon + 1) : raw;
    if (KEYS.has(key)) {
      if (value) terms.push({ kind: key as Exclude<FilterTerm['kind'], 'text'>, value });
    } else {
      terms.push({ kind: 'text', value: raw });
    }
  }
  return { terms };
}

export function isEmptyFilter(filter: GuestFilter): boolean {
  return filter.terms.length === 0;
}

/** Where a guest lives: plain text also matches these names. */
export interface FilterPlace {
  /** The node's name; absent for a profile. */
  node?: string;
  profileName: string;
}

/** Plain text that names the place itself (its node, or its profile). */
function placeMatches(place: FilterPlace | undefined, v: string): boolean {
  if (!place) return false;
  return (
    (place.node !== undefined && place.node.toLowerCase().includes(v)) ||
    place.profileName.toLowerCase().includes(v)
  );
}

function termMatches(guest: GuestResource, term: FilterTerm, place?: FilterPlace): boolean {
  const v = term.value;
  switch (term.kind) {
    case 'text':
      return (
        (guest.name ?? '').toLowerCase().includes(v) ||
        String(guest.vmid).includes(v) ||
        guest.tags.some((t) => t.toLowerCase().includes(v)) ||
        placeMatches(place, v)
      );
    case 'tag':
      return guest.tags.some((t) => t.toLowerCase() === v);
    case 'status':
      return guest.status.toLowerCase() === v;
    case 'node':
      return guest.node.toLowerCase() === v;
    case 'type':
      return guest.type === (TYPE_ALIASES[v] ?? v);
    case 'name':
      return (guest.name ?? '').toLowerCase().includes(v);
    case 'vmid':
      return String(guest.vmid) === v;
  }
}

/** The guest matches every term; plain text may match its node's or profile's name instead. */
export function matchesGuest(
  guest: GuestResource,
  filter: GuestFilter,
  place?: FilterPlace,
): boolean {
  return filter.terms.every((term) => termMatches(guest, term, place));
}

/**
 * A node or profile matches by itself (shown even with no guests to match) when every term names
 * it: plain text in its own name (or its profile's), or `node:` its node.
 */
export function matchesPlace(place: FilterPlace, filter: GuestFilter): boolean {
  if (filter.terms.length === 0) return true;
  return filter.terms.every((term) => {
    if (term.kind === 'text') return placeMatches(place, term.value);
    if (term.kind === 'node') return place.node?.toLowerCase() === term.value;
    return false;
  });
}

/** "No matches", "1 match", "12 matches". */
export function matchCountText(count: number): string {
  if (count === 0) return 'No matches';
  return `${count} ${count === 1 ? 'match' : 'matches'}`;
}
