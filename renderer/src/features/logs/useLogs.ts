// React hooks over the log controller and its streams: the panel state, one stream's snapshot,
// and the rows a view shows (one stream, or several merged by time), filtered incrementally.

import { useCallback, useMemo, useRef, useSyncExternalStore } from 'react';
import type { LogEntry } from '../../../../shared/logs';
import { useStoreSelector } from '../../store/createStore';
import type { LogController, LogPanelState } from './logController';
import { filterRows, type FilteredRows, type RowPredicate } from './logFilter';
import { mergeByTime } from './logMerge';
import type { LogStream, LogStreamSnapshot } from './logStream';

export function useLogPanel<T>(controller: LogController, selector: (s: LogPanelState) => T): T {
  return useStoreSelector(controller.store, selector);
}

const noSubscribe = () => () => undefined;
const noSnapshot = () => undefined;

export function useStreamSnapshot(stream: LogStream | undefined): LogStreamSnapshot | undefined {
  return useSyncExternalStore(
    stream?.subscribe ?? noSubscribe,
    stream?.getSnapshot ?? noSnapshot,
    stream?.getSnapshot ?? noSnapshot,
  );
}

/** The rows a view shows, with each row's source (for the merged view's colour tags). */
export interface ViewRows {
  rows: LogEntry[];
  /** Stream id per row, only in the merged view. */
  sources?: string[];
  /** Entries held before filtering. */
  total: number;
}

/** The snapshots of several streams, re-rendering when any of them changes. */
export function useSnapshots(streams: readonly LogStream[]): LogStreamSnapshot[] {
  const cache = useRef<{ versions: string; snaps: LogStreamSnapshot[] }>({
    versions: '',
    snaps: [],
  });
  const subscribe = useCallback(
    (listener: () => void) => {
      const offs = streams.map((s) => s.subscribe(listener));
      return () => offs.forEach((off) => off());
    },
    [streams],
  );
  const get = useCallback(() => {
    const snaps = streams.map((s) => s.getSnapshot());
    const versions = snaps.map((s) => `${s.info.streamId}:${s.version}`).join(',');
    if (versions !== cache.current.versions) cache.current = { versions, snaps };
    return cache.current.snaps;
  }, [streams]);
  return useSyncExternalStore(subscribe, get, get);
}

/** One stream's rows through the filter (only new entries are tested as they come). */
export function useStreamRows(
  snap: LogStreamSnapshot | undefined,
  predicate: RowPredicate | null,
): ViewRows {
  const prev = useRef<FilteredRows | undefined>(undefined);
  return useMemo(() => {
    const entries = snap?.entries ?? [];
    const filtered = filterRows(prev.current, entries, predicate);
    prev.current = filtered;
    return { rows: filtered.rows, total: entries.length };
    // The snapshot's version stands for its entries.
  }, [snap, predicate]);
}

/** Several streams merged by time, then filtered. */
export function useMergedRows(
  snaps: readonly LogStreamSnapshot[],
  predicate: RowPredicate | null,
): ViewRows {
  return useMemo(() => {
    const merged = mergeByTime(snaps.map((s) => ({ key: s.info.streamId, entries: s.entries })));
    if (!predicate)
      return { rows: merged.entries, sources: merged.sources, total: merged.entries.length };
    const rows: LogEntry[] = [];
    const sources: string[] = [];
    merged.entries.forEach((e, i) => {
      if (predicate(e)) {
        rows.push(e);
        sources.push(merged.sources[i]!);
      }
    });
    return { rows, sources, total: merged.entries.length };
  }, [snaps, predicate]);
}
