// Live metrics of resources, by subscription: the `resources` broadcast carries structure only
// (names, status, tags, locks, membership, config sizes); the moving counters of a resource reach
// only the windows that show it, as `metrics` window events, once a window asked for them with
// `resources.watchMetrics` (its whole set for a profile, replaced each call; [] stops).

/** The fields that move on every tick of a running resource (config sizes like maxmem do not). */
export const METRIC_FIELDS = [
  'cpu',
  'mem',
  'disk',
  'uptime',
  'netin',
  'netout',
  'diskread',
  'diskwrite',
  'memhost',
] as const;
export type MetricField = (typeof METRIC_FIELDS)[number];

/** A resource's metrics: a number, or null when the field went away (e.g. the guest stopped). */
export type MetricValues = Partial<Record<MetricField, number | null>>;

/** The metrics of the watched resources of one profile that changed (or all of them, at first). */
export interface MetricsEvent {
  profileId: string;
  /** The sequence number of the `resources` stream they go with. */
  seq: number;
  /** By resource id (`qemu/100`, `node/pve1`). */
  values: Record<string, MetricValues>;
}

/** Most ids one window may watch per profile (detail views, never the whole tree). */
export const MAX_WATCHED_METRICS = 1000;

export interface ResourceCalls {
  /**
   * The resources of a profile whose live metrics this window shows: replaces the window's set
   * for that profile; their current metrics follow at once as a `metrics` event.
   */
  'resources.watchMetrics': { args: { profileId: string; ids: string[] }; result: void };
}

export const RESOURCES_CALL_NAMES = [
  'resources.watchMetrics',
] as const satisfies readonly (keyof ResourceCalls)[];
