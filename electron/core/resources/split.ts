// Splitting a resource event in two: its structure (what every window gets) and the live metrics
// of some of its resources (what the windows that show them get). Pure; runs on every tick for
// every profile, so patches that carry no metric are passed on as they are, without copying.

import { METRIC_FIELDS, type MetricValues } from '../../../shared/ipc/resources';
import type { Resource, ResourcePatch } from '../../../shared/model';

const METRIC = new Set<string>(METRIC_FIELDS);

export function isMetricField(key: string): boolean {
  return METRIC.has(key);
}

/** The resource without its metric fields (the same object when it has none). */
export function stripMetrics(r: Resource): Resource {
  const o = r as unknown as Record<string, unknown>;
  let has = false;
  for (const key in o) {
    if (METRIC.has(key)) {
      has = true;
      break;
    }
  }
  if (!has) return r;
  const out: Record<string, unknown> = {};
  for (const key in o) if (!METRIC.has(key)) out[key] = o[key];
  return out as unknown as Resource;
}

/** The patch without its metric fields; undefined when nothing else is left. */
export function stripPatch(p: ResourcePatch): ResourcePatch | undefined {
  let metric = 0;
  let other = 0;
  for (const key in p.set) {
    if (METRIC.has(key)) metric++;
    else other++;
  }
  const unset = p.unset?.filter((k) => !METRIC.has(k));
  const unsetChanged = p.unset !== undefined && unset!.length !== p.unset.length;
  if (metric === 0 && !unsetChanged) return p;
  if (other === 0 && (unset === undefined || unset.length === 0)) return undefined;
  const set: Record<string, unknown> = {};
  for (const key in p.set) if (!METRIC.has(key)) set[key] = p.set[key];
  return unset && unset.length > 0 ? { id: p.id, set, unset } : { id: p.id, set };
}

/** The metric fields a resource has now. */
export function metricsOf(r: Resource): MetricValues {
  const o = r as unknown as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const key of METRIC_FIELDS) {
    const v = o[key];
    if (typeof v === 'number') out[key] = v;
  }
  return out as MetricValues;
}

/** The metric fields a patch moves (null: the field went away); undefined when it moves none. */
export function metricsOfPatch(p: ResourcePatch): MetricValues | undefined {
  let out: Record<string, number | null> | undefined;
  for (const key in p.set) {
    const v = p.set[key];
    if (METRIC.has(key) && typeof v === 'number') (out ??= {})[key] = v;
  }
  for (const key of p.unset ?? []) if (METRIC.has(key)) (out ??= {})[key] = null;
  return out as MetricValues | undefined;
}
