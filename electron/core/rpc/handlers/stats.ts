// Live stats and history: watches (the live line of an open detail view, per window), a guest's or
// node's rrddata, and a node's services. Only a watch polls; the others are one request each.

import type { CallHandlers } from '../../../../shared/ipc';
import type { StatsTarget } from '../../../../shared/stats';
import { parseRrd, parseServices } from '../../stats/parse';
import type { StatsWatcher } from '../../stats/stats-watcher';
import type { ProfileRegistry } from '../registry';

type StatsCalls = 'stats.watch' | 'stats.unwatch' | 'stats.rrd' | 'stats.services';

const seg = encodeURIComponent;

function rrdPath(t: StatsTarget): string {
  return t.kind === 'node'
    ? `/nodes/${seg(t.node)}/rrddata`
    : `/nodes/${seg(t.node)}/${t.kind}/${String(t.vmid)}/rrddata`;
}

export function statsHandlers(
  registry: ProfileRegistry,
  watcher: StatsWatcher,
): Pick<CallHandlers, StatsCalls> {
  return {
    'stats.watch': async (target, ctx) => watcher.watch(target, ctx),
    'stats.unwatch': async ({ watchId }, ctx) => watcher.unwatch(watchId, ctx),
    'stats.rrd': async (args) => {
      const { timeframe, cf } = args;
      const api = registry.session(args.profileId).api;
      const { data } = await api.request('GET', rrdPath(args), { timeframe, cf });
      return parseRrd(data, timeframe, cf);
    },
    'stats.services': async ({ profileId, node }) => {
      const api = registry.session(profileId).api;
      const { data } = await api.request('GET', `/nodes/${seg(node)}/services`);
      return parseServices(data);
    },
  };
}
