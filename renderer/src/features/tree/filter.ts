// The tree's filter language: whitespace-separated terms, all of which must match.
//   web          name, vmid or a tag contains "web"
//   101          (same rule: vmid 101, 1010, ...)
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

function termMatches(guest: GuestResource, term: FilterTerm): boolean {
  const v = term.value;
  switch (term.kind) {
    case 'text':
      return (
        (guest.name ?? '').toLowerCase().includes(v) ||
        String(guest.vmid).includes(v) ||
        guest.tags.some((t) => t.toLowerCase().includes(v))
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

export function matchesGuest(guest: GuestResource, filter: GuestFilter): boolean {
  return filter.terms.every((term) => termMatches(guest, term));
}
