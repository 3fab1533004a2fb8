// Pure helpers of log source specs: the key that says two specs are the same stream (so opening
// one again focuses its tab), a title before core names it, and the pop-out window's URL hash.

import { shellArgProblem, type LogSourceSpec } from '../../../../shared/logs';

/** One key per distinct stream: the same spec (units in any order) gives the same key. */
export function specKey(spec: LogSourceSpec): string {
  switch (spec.kind) {
    case 'node-journal':
      return `node-journal|${spec.profileId}|${spec.node}|${JSON.stringify(spec.range ?? { preset: 'live' })}`;
    case 'cluster-log':
      return `cluster-log|${spec.profileId}`;
    case 'task':
      return `task|${spec.profileId}|${spec.upid}`;
    case 'guest-journal':
      return `guest-journal|${spec.profileId}|${spec.node}|${spec.type}|${spec.vmid}|${[...(spec.units ?? [])].sort().join(',')}`;
    case 'file':
      return `file|${spec.profileId}|${spec.node}|${spec.vmid ?? ''}|${spec.path}`;
  }
}

/** A tab's title until core's own arrives (and for a stream that could not be opened). */
export function specTitle(spec: LogSourceSpec): string {
  switch (spec.kind) {
    case 'node-journal':
      return `${spec.node} journal`;
    case 'cluster-log':
      return 'Cluster log';
    case 'task':
      return `Task ${spec.upid.split(':')[5] ?? ''} ${spec.upid.split(':')[6] ?? ''}`.trim();
    case 'guest-journal': {
      const what = `${spec.type === 'lxc' ? 'CT' : 'VM'} ${spec.vmid} journal`;
      return spec.units?.length ? `${what} (${spec.units.join(', ')})` : what;
    }
    case 'file':
      return spec.vmid !== undefined
        ? `CT ${spec.vmid}: ${spec.path}`
        : `${spec.node}: ${spec.path}`;
  }
}

const HASH_KEY = 'log';

/** The URL of a pop-out window following one stream (`#log=<spec as JSON>`). */
export function logPopoutUrl(
  location: Pick<Location, 'origin' | 'pathname' | 'search'>,
  spec: LogSourceSpec,
): string {
  return `${location.origin}${location.pathname}${location.search}#${HASH_KEY}=${encodeURIComponent(JSON.stringify(spec))}`;
}

const KINDS = new Set(['node-journal', 'cluster-log', 'task', 'guest-journal', 'file']);

/**
 * The spec of a log pop-out window's hash, if it is one. Only its shape is checked here: core
 * validates every spec (names, paths, units) before it opens anything.
 */
export function logSpecFromHash(hash: string): LogSourceSpec | undefined {
  const raw = new URLSearchParams(hash.replace(/^#/, '')).get(HASH_KEY);
  if (!raw) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return undefined;
    const v = value as { kind?: unknown; profileId?: unknown };
    if (typeof v.kind !== 'string' || !KINDS.has(v.kind) || typeof v.profileId !== 'string') {
      return undefined;
    }
    return value as LogSourceSpec;
  } catch {
    return undefined;
  }
}

/** Unit names typed as "a.service, b" (commas or spaces), each checked. */
export function parseUnits(text: string): { units: string[]; problem?: string } {
  const units = text.split(/[\s,]+/).filter((u) => u !== '');
  for (const u of units) {
    const problem = shellArgProblem('unit', u);
    if (problem) return { units, problem };
  }
  return { units };
}
