// Hooks that own a source for as long as a view shows it and re-render on its snapshots.

import { useEffect, useState, useSyncExternalStore } from 'react';
import type { RrdCf, RrdTimeframe, StatsTarget } from '../../../../shared/stats';
import { useBackendDown, useController } from '../../store/hooks';
import { LiveStatsSource, RrdSource, type LiveSnapshot, type RrdSnapshot } from './liveSource';

/** A stable key of a target, so a new object with the same fields keeps its watch. */
export function targetKey(t: StatsTarget): string {
  return t.kind === 'node'
    ? `${t.profileId}|node|${t.node}`
    : `${t.profileId}|${t.kind}|${t.node}|${String(t.vmid)}`;
}

function parseKey(key: string): StatsTarget {
  const [profileId = '', kind = '', node = '', vmid = ''] = key.split('|');
  if (kind === 'node') return { profileId, kind: 'node', node: node };
  return { profileId, kind: kind === 'lxc' ? 'lxc' : 'qemu', node, vmid: Number(vmid) };
}

/**
 * The live watch of `target` while the calling view is mounted and `enabled` (a watch needs a
 * backend: it is made again after the link to it comes back, as the old one went with it).
 */
export function useLiveStatsSource(
  target: StatsTarget,
  enabled: boolean,
): LiveStatsSource | undefined {
  const { api } = useController();
  const down = useBackendDown();
  const key = targetKey(target);
  const [source, setSource] = useState<LiveStatsSource | undefined>(undefined);
  useEffect(() => {
    if (!enabled || down) {
      setSource(undefined);
      return;
    }
    const s = new LiveStatsSource(api, parseKey(key));
    setSource(s);
    return () => s.dispose();
  }, [api, key, enabled, down]);
  return source;
}

const EMPTY_LIVE: LiveSnapshot = { count: 0 };
const noSubscribe = () => () => undefined;

export function useLiveSnapshot(source: LiveStatsSource | undefined): LiveSnapshot {
  return useSyncExternalStore(
    source?.subscribe ?? noSubscribe,
    source?.getSnapshot ?? (() => EMPTY_LIVE),
  );
}

const LOADING: RrdSnapshot = { loading: true };

export function useRrd(target: StatsTarget, timeframe: RrdTimeframe, cf: RrdCf): RrdSnapshot {
  const { api, scheduler } = useController();
  const key = targetKey(target);
  const [source, setSource] = useState<RrdSource | undefined>(undefined);
  useEffect(() => {
    const s = new RrdSource(api, parseKey(key), timeframe, cf, scheduler);
    setSource(s);
    return () => s.dispose();
  }, [api, scheduler, key, timeframe, cf]);
  return useSyncExternalStore(
    source?.subscribe ?? noSubscribe,
    source?.getSnapshot ?? (() => LOADING),
  );
}
