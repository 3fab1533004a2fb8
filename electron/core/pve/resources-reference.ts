// The rules of /cluster/resources items written as zod schemas (pve/schemas.ts): the reference the
// hand-written validator of resources.ts must match output for output (test/unit/
// core-resources-equivalence.test.ts runs both). Not on the refresh path: per-item schema parsing
// is what made a tick cost many times JSON.parse.

import type { z } from 'zod';
import type {
  GuestResource,
  NodeResource,
  PoolResource,
  Resource,
  StorageResource,
} from '../../../shared/model';
import { parseTags } from '../../../shared/tags';
import type { NormalizedResources } from './resources';
import { guestItem, nodeItem, poolItem, storageItem } from './schemas';

/** Drop keys whose value is undefined, so "absent" stays absent (the diff relies on it). */
function compact<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as (keyof T)[]) {
    if (obj[key] === undefined) delete obj[key];
  }
  return obj;
}

function toGuest(g: z.infer<typeof guestItem>): GuestResource {
  const { tags, template, vmid, ...rest } = g;
  return compact({ ...rest, vmid, template: template ?? false, tags: parseTags(tags) });
}

function toNode(n: z.infer<typeof nodeItem>): NodeResource {
  return compact({ ...n });
}

function toStorage(s: z.infer<typeof storageItem>): StorageResource {
  return compact({ ...s, shared: s.shared ?? false });
}

function toPool(p: z.infer<typeof poolItem>): PoolResource {
  return { id: p.id, type: 'pool', pool: p.pool };
}

function parseItem(item: unknown): Resource | null | 'invalid' {
  const type = typeof item === 'object' && item !== null ? (item as { type?: unknown }).type : null;
  switch (type) {
    case 'qemu':
    case 'lxc': {
      const r = guestItem.safeParse(item);
      return r.success ? toGuest(r.data) : 'invalid';
    }
    case 'node': {
      const r = nodeItem.safeParse(item);
      return r.success ? toNode(r.data) : 'invalid';
    }
    case 'storage': {
      const r = storageItem.safeParse(item);
      return r.success ? toStorage(r.data) : 'invalid';
    }
    case 'pool': {
      const r = poolItem.safeParse(item);
      return r.success ? toPool(r.data) : 'invalid';
    }
    default:
      return typeof type === 'string' ? null : 'invalid';
  }
}

export function normalizeResourcesZod(data: readonly unknown[]): NormalizedResources {
  const items: Resource[] = [];
  let invalid = 0;
  for (const raw of data) {
    const r = parseItem(raw);
    if (r === 'invalid') invalid++;
    else if (r) items.push(r);
  }
  return { items, invalid };
}
