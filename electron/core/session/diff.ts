// Resource lists of two consecutive ticks → the delta the renderer applies. Pure and allocation-
// light: it runs every tick for every profile, and the bench measures it at thousands of items.

import type { Resource, ResourcePatch } from '../../../shared/model';

export interface ResourceDiff {
  added: Resource[];
  changed: ResourcePatch[];
  removed: string[];
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Only arrays (tags) are non-primitive in Resource.
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  return false;
}

/** The patch turning `before` into `after` (same id), or undefined when nothing changed. */
export function diffResource(before: Resource, after: Resource): ResourcePatch | undefined {
  const prev = before as unknown as Record<string, unknown>;
  const next = after as unknown as Record<string, unknown>;
  let set: Record<string, unknown> | undefined;
  let unset: string[] | undefined;
  for (const key in next) {
    const value = next[key];
    if (value === undefined) continue;
    if (!sameValue(prev[key], value)) (set ??= {})[key] = value;
  }
  for (const key in prev) {
    if (prev[key] !== undefined && next[key] === undefined) (unset ??= []).push(key);
  }
  if (!set && !unset) return undefined;
  return unset ? { id: after.id, set: set ?? {}, unset } : { id: after.id, set: set ?? {} };
}

/** Compare the previous tick (by id) with the current list. */
export function diffResources(
  previous: ReadonlyMap<string, Resource>,
  current: readonly Resource[],
): ResourceDiff {
  const added: Resource[] = [];
  const changed: ResourcePatch[] = [];
  const seen = new Set<string>();
  for (const item of current) {
    seen.add(item.id);
    const before = previous.get(item.id);
    if (!before) {
      added.push(item);
      continue;
    }
    const patch = diffResource(before, item);
    if (patch) changed.push(patch);
  }
  const removed: string[] = [];
  for (const id of previous.keys()) if (!seen.has(id)) removed.push(id);
  return { added, changed, removed };
}

export function isEmptyDiff(d: ResourceDiff): boolean {
  return d.added.length === 0 && d.changed.length === 0 && d.removed.length === 0;
}
