// The tree's filter language: whitespace-separated terms, all of which must match.
//   web          name, vmid or a tag contains "web", or the name of its node or profile does
//   101          (same rule: vmid 101, 1010, ...)
//   pve1         (same rule: every guest of node pve1; a node or profile so named shows whole)
//   tag:prod     has the tag "prod"
//   status:running / node:pve1 / type:lxc (or ct, qemu, vm) / name:web / vmid:101
//   profile:lab  guests of the profiles whose name contains "lab" (a profile so named shows whole)
//   pool:dev     members of the resource pool "dev"
//   10.0.1.      plain text also finds a guest by an address (prefix) or host name, and a node by
//   ip:10.0.1.   its cluster address (the address index, store/addresses.ts); ip: only addresses

import type { GuestResource } from '../../../../shared/model';

export type FilterTerm =
  | { kind: 'text'; value: string }
  | {
      kind: 'tag' | 'status' | 'node' | 'type' | 'name' | 'vmid' | 'ip' | 'profile' | 'pool';
      value: string;
    };

export interface GuestFilter {
  terms: FilterTerm[];
}

const KEYS = new Set(['tag', 'status', 'node', 'type', 'name', 'vmid', 'ip', 'profile', 'pool']);
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
  /** The node's cluster address (/cluster/status), when known. */
  nodeIp?: string;
  profileName: string;
}

/** What the address index knows of a guest (lower case): its addresses and host name. */
export interface GuestFacts {
  addresses: readonly string[];
  hostname?: string;
}

/** Plain text that names the place itself (its node, or its profile), or the node's address. */
function placeMatches(place: FilterPlace | undefined, v: string): boolean {
  if (!place) return false;
  return (
    (place.node !== undefined && place.node.toLowerCase().includes(v)) ||
    (place.nodeIp !== undefined && place.nodeIp.startsWith(v)) ||
    place.profileName.toLowerCase().includes(v)
  );
}

/** The first address that starts with the term (addresses are typed from the left). */
const addressMatch = (facts: GuestFacts | undefined, v: string): string | undefined =>
  facts?.addresses.find((a) => a.startsWith(v));

function termMatches(
  guest: GuestResource,
  term: FilterTerm,
  place?: FilterPlace,
  facts?: GuestFacts,
): boolean {
  const v = term.value;
  switch (term.kind) {
    case 'text':
      return (
        (guest.name ?? '').toLowerCase().includes(v) ||
        String(guest.vmid).includes(v) ||
        guest.tags.some((t) => t.toLowerCase().includes(v)) ||
        placeMatches(place, v) ||
        addressMatch(facts, v) !== undefined ||
        (facts?.hostname?.includes(v) ?? false)
      );
    case 'ip':
      return addressMatch(facts, v) !== undefined;
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
    case 'profile':
      return place?.profileName.toLowerCase().includes(v) ?? false;
    case 'pool':
      return (guest.pool ?? '').toLowerCase() === v;
  }
}

/**
 * The guest matches every term; plain text may match its node's or profile's name instead, or
 * one of its addresses or its host name.
 */
export function matchesGuest(
  guest: GuestResource,
  filter: GuestFilter,
  place?: FilterPlace,
  facts?: GuestFacts,
): boolean {
  return filter.terms.every((term) => termMatches(guest, term, place, facts));
}

/**
 * Why a matching guest matched, when its row would not show it: the address (or host name) a
 * term found, where its name, vmid and tags did not.
 */
export function guestMatchHint(
  guest: GuestResource,
  filter: GuestFilter,
  facts: GuestFacts | undefined,
): string | undefined {
  if (!facts) return undefined;
  for (const term of filter.terms) {
    const v = term.value;
    if (term.kind === 'ip') return addressMatch(facts, v);
    if (term.kind !== 'text') continue;
    const shown =
      (guest.name ?? '').toLowerCase().includes(v) ||
      String(guest.vmid).includes(v) ||
      guest.tags.some((t) => t.toLowerCase().includes(v));
    if (shown) continue;
    const address = addressMatch(facts, v);
    if (address) return address;
    if (facts.hostname?.includes(v) && facts.hostname !== (guest.name ?? '').toLowerCase()) {
      return facts.hostname;
    }
  }
  return undefined;
}

/** Why a node matched by itself: its address, when a term found that and not its name. */
export function placeMatchHint(place: FilterPlace, filter: GuestFilter): string | undefined {
  const ip = place.nodeIp;
  if (!ip) return undefined;
  const byIp = filter.terms.some(
    (t) =>
      (t.kind === 'text' || t.kind === 'ip') &&
      ip.startsWith(t.value) &&
      !(place.node ?? '').toLowerCase().includes(t.value),
  );
  return byIp ? ip : undefined;
}

/**
 * A node or profile matches by itself (shown even with no guests to match) when every term names
 * it: plain text in its own name (or its profile's), or `node:` its node.
 */
export function matchesPlace(place: FilterPlace, filter: GuestFilter): boolean {
  if (filter.terms.length === 0) return true;
  return filter.terms.every((term) => {
    if (term.kind === 'text') return placeMatches(place, term.value);
    if (term.kind === 'ip') return place.nodeIp?.startsWith(term.value) ?? false;
    if (term.kind === 'node') return place.node?.toLowerCase() === term.value;
    if (term.kind === 'profile') return place.profileName.toLowerCase().includes(term.value);
    return false;
  });
}

/** "No matches", "1 match", "12 matches". */
export function matchCountText(count: number): string {
  if (count === 0) return 'No matches';
  return `${count} ${count === 1 ? 'match' : 'matches'}`;
}
