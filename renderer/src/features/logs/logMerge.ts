// The merged view: entries of several streams in one list ordered by time, each row tagged with
// its source. Streams keep their own order; an entry without a time sorts with the entry before it
// in its stream (its time is unknown, not zero). Ties keep the streams' order.

import type { LogEntry } from '../../../../shared/logs';

export interface MergeSource {
  key: string;
  entries: readonly LogEntry[];
}

export interface MergedRows {
  entries: LogEntry[];
  /** The source key of each row, by index. */
  sources: string[];
}

/** Entries of every source in time order (a k-way merge; each source is already in its order). */
export function mergeByTime(sources: readonly MergeSource[]): MergedRows {
  const entries: LogEntry[] = [];
  const keys: string[] = [];
  const pos = sources.map(() => 0);
  // The time each source's next entry sorts at: its own, else the last seen in that source.
  const carried = sources.map(() => -Infinity);
  const sortTime = (s: number): number => {
    const e = sources[s]!.entries[pos[s]!];
    if (!e) return Infinity;
    return e.time ?? carried[s]!;
  };
  const total = sources.reduce((n, s) => n + s.entries.length, 0);
  while (entries.length < total) {
    let best = -1;
    let bestTime = Infinity;
    for (let s = 0; s < sources.length; s++) {
      if (pos[s]! >= sources[s]!.entries.length) continue;
      const t = sortTime(s);
      if (best < 0 || t < bestTime) {
        best = s;
        bestTime = t;
      }
    }
    const src = sources[best]!;
    const e = src.entries[pos[best]!]!;
    if (e.time !== undefined) carried[best] = e.time;
    pos[best]!++;
    entries.push(e);
    keys.push(src.key);
  }
  return { entries, sources: keys };
}

/** A colour per source of the merged view (Mantine palette names), stable by its position. */
export const SOURCE_COLOURS = [
  'blue',
  'grape',
  'teal',
  'orange',
  'pink',
  'lime',
  'cyan',
  'violet',
] as const;

export function sourceColour(index: number): (typeof SOURCE_COLOURS)[number] {
  return SOURCE_COLOURS[index % SOURCE_COLOURS.length]!;
}
