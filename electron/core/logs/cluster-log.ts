// The cluster log (GET /cluster/log?max=N, spec §6): its newest entries, then polled; an entry is
// new when its id (or uid) was not in the previous reply, so nothing is sent twice. PVE lists the
// newest first; entries go out oldest first. `pri` is the syslog priority.

import type { LogPriority, LogSourceSpec } from '../../../shared/logs';
import { getClusterLog, type ClusterLogItem } from './api';
import { runFollowLoop } from './follow-loop';
import type { LogSource, LogSourceContext, SourceEntry } from './source';

type Spec = Extract<LogSourceSpec, { kind: 'cluster-log' }>;

const FIRST_MAX = 500;
const POLL_MAX = 100;
export const CLUSTER_LOG_POLL_MS = 2_000;

function keyOf(item: ClusterLogItem): string {
  return item.id ?? `${item.uid ?? ''}:${item.time ?? ''}:${item.node ?? ''}:${item.msg}`;
}

function toEntry(item: ClusterLogItem): SourceEntry {
  const e: SourceEntry = { text: item.msg };
  if (item.time !== undefined) e.time = item.time * 1000;
  if (item.pri !== undefined && Number.isInteger(item.pri) && item.pri >= 0 && item.pri <= 7) {
    e.priority = item.pri as LogPriority;
  }
  if (item.node) e.host = item.node;
  if (item.tag) e.ident = item.tag;
  if (item.pid !== undefined && item.pid > 0) e.pid = item.pid;
  return e;
}

/** Oldest first: by time, then uid (the order pmxcfs gave them). */
function chronological(items: ClusterLogItem[]): ClusterLogItem[] {
  return [...items].sort((a, b) => (a.time ?? 0) - (b.time ?? 0) || (a.uid ?? 0) - (b.uid ?? 0));
}

class ClusterLog implements LogSource {
  readonly title = 'Cluster log';
  readonly canLoadOlder = false;
  private seen: Set<string> | undefined;

  constructor(
    private readonly ctx: LogSourceContext<Spec>,
    private readonly pollMs: number,
  ) {}

  start(): void {
    this.ctx.sink.status('connecting');
    void runFollowLoop({
      sink: this.ctx.sink,
      scheduler: this.ctx.scheduler,
      signal: this.ctx.signal,
      pollMs: this.pollMs,
      what: 'cluster log',
      step: (signal) => this.step(signal),
    });
  }

  dispose(): void {
    // The loop ends on the stream's signal.
  }

  private async step(signal: AbortSignal): Promise<'more'> {
    const max = this.seen ? POLL_MAX : FIRST_MAX;
    const items = await getClusterLog(this.ctx.client(), max, signal);
    const previous = this.seen;
    const fresh = previous ? items.filter((i) => !previous.has(keyOf(i))) : items;
    // Keep the keys of this reply and of the last one: an entry leaves the window only once.
    const next = new Set(items.map(keyOf));
    if (previous && items.length >= max) for (const k of previous) next.add(k);
    this.seen = next.size > 4 * FIRST_MAX ? new Set(items.map(keyOf)) : next;
    if (fresh.length > 0) this.ctx.sink.entries(chronological(fresh).map(toEntry));
    return 'more';
  }
}

export function clusterLogSource(ctx: LogSourceContext<Spec>): LogSource {
  return new ClusterLog(ctx, ctx.pollMs ?? CLUSTER_LOG_POLL_MS);
}
