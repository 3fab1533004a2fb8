// Pure filtering and search of log rows: a text or regex filter (optionally inverted) with a
// minimum severity decides which rows show; search, separate from it, finds and highlights
// matches among the rows that show, with a count and next/previous.

import type { LogEntry, LogPriority } from '../../../../shared/logs';
import { plainText, severityOf, writerOf } from './logText';

export interface FilterSpec {
  text: string;
  regex: boolean;
  /** Show the rows that do NOT match the text. */
  invert: boolean;
  /** The least severe priority shown (6 shows info and worse); null shows everything. */
  minLevel: LogPriority | null;
}

export const EMPTY_FILTER: FilterSpec = { text: '', regex: false, invert: false, minLevel: null };

export type Compiled<T> = { ok: true; value: T } | { ok: false; error: string };

/** A pattern from what the user typed: a regex, or the text literally; case-insensitive. */
export function compilePattern(text: string, regex: boolean, flags = 'i'): Compiled<RegExp> {
  if (!regex) return { ok: true, value: new RegExp(escapeRegExp(text), flags) };
  try {
    return { ok: true, value: new RegExp(text, flags) };
  } catch (err) {
    const reason =
      err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : '';
    return { ok: false, error: `Invalid regular expression: ${reason}` };
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What a filter's text is tested against: the writer and the message. */
export function searchableText(entry: LogEntry): string {
  const writer = writerOf(entry);
  return writer ? `${writer}: ${plainText(entry)}` : plainText(entry);
}

export type RowPredicate = (entry: LogEntry) => boolean;

/** The predicate of a filter, or why its pattern is not valid. An empty filter keeps everything. */
export function compileFilter(spec: FilterSpec): Compiled<RowPredicate | null> {
  const { minLevel } = spec;
  let textTest: RowPredicate | null = null;
  if (spec.text !== '') {
    const pattern = compilePattern(spec.text, spec.regex);
    if (!pattern.ok) return pattern;
    const re = pattern.value;
    textTest = spec.invert ? (e) => !re.test(searchableText(e)) : (e) => re.test(searchableText(e));
  }
  if (textTest === null && minLevel === null) return { ok: true, value: null };
  const levelTest: RowPredicate | null =
    minLevel === null ? null : (e) => e.marker !== undefined || severityOf(e) <= minLevel;
  if (!textTest) return { ok: true, value: levelTest };
  if (!levelTest) return { ok: true, value: textTest };
  const t = textTest;
  return { ok: true, value: (e) => levelTest(e) && t(e) };
}

/** A match of the search in one row's message: [start, end) in its plain text. */
export interface SearchHit {
  row: number;
  start: number;
  end: number;
}

/** The most matches counted; past it the count says "10000+". */
export const SEARCH_HIT_LIMIT = 10_000;

/** Every match of the search pattern in the messages of the rows, in row order. */
export function findHits(
  rows: readonly LogEntry[],
  pattern: RegExp,
  limit = SEARCH_HIT_LIMIT,
): SearchHit[] {
  const re = new RegExp(
    pattern.source,
    pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
  );
  const hits: SearchHit[] = [];
  for (let row = 0; row < rows.length && hits.length < limit; row++) {
    const text = plainText(rows[row]!);
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      hits.push({ row, start: m.index, end: m.index + m[0].length });
      if (hits.length >= limit) break;
    }
  }
  return hits;
}

/** The ranges of one row to highlight, from the hits (sorted by row). */
export function hitsOfRow(hits: readonly SearchHit[], row: number): SearchHit[] {
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hits[mid]!.row < row) lo = mid + 1;
    else hi = mid;
  }
  const out: SearchHit[] = [];
  for (let i = lo; i < hits.length && hits[i]!.row === row; i++) out.push(hits[i]!);
  return out;
}

/** The next (or previous) index in a list of `count` matches, wrapping around. */
export function stepHit(current: number, count: number, direction: 1 | -1): number {
  if (count === 0) return -1;
  if (current < 0) return direction === 1 ? 0 : count - 1;
  return (current + direction + count) % count;
}

/** The next row (after `from`, or before it) whose severity is err or worse; -1 if none. */
export function nextErrorRow(rows: readonly LogEntry[], from: number, direction: 1 | -1): number {
  for (let i = from + direction; i >= 0 && i < rows.length; i += direction) {
    const e = rows[i]!;
    if (!e.marker && severityOf(e) <= 3) return i;
  }
  return -1;
}

/** Rows kept by a predicate, remembered so the next call only filters what is new. */
export interface FilteredRows {
  rows: LogEntry[];
  /** The entries and predicate these rows were made from. */
  source: readonly LogEntry[];
  predicate: RowPredicate | null;
}

function firstIndexAfter(entries: readonly LogEntry[], seq: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid]!.seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The rows of `entries` a predicate keeps. When only new entries came at the end (and old ones
 * went from the front) since `prev`, only the new ones are tested; otherwise all are.
 */
export function filterRows(
  prev: FilteredRows | undefined,
  entries: readonly LogEntry[],
  predicate: RowPredicate | null,
): FilteredRows {
  if (!predicate) return { rows: entries as LogEntry[], source: entries, predicate };
  if (prev && prev.predicate === predicate && prev.source === entries) return prev;
  const prevFirst = prev?.source[0]?.seq;
  const prevLast = prev?.source[prev.source.length - 1]?.seq;
  const first = entries[0]?.seq;
  if (
    prev &&
    prev.predicate === predicate &&
    prevFirst !== undefined &&
    prevLast !== undefined &&
    first !== undefined &&
    first >= prevFirst
  ) {
    const kept = prev.rows;
    const from = first > prevFirst ? firstIndexAfter(kept, first - 1) : 0;
    const rows = kept.slice(from);
    for (let i = firstIndexAfter(entries, prevLast); i < entries.length; i++) {
      const e = entries[i]!;
      if (predicate(e)) rows.push(e);
    }
    return { rows, source: entries, predicate };
  }
  return { rows: entries.filter(predicate), source: entries, predicate };
}
