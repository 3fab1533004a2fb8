// Where a key takes the tree's cursor, as pure functions of the visible rows: steps, pages and
// type-ahead (typing a name's first letters jumps to the next row whose name starts with them).

import { isSelectable, type TreeRow } from './treeRows';

/** The next selectable row from `from` (exclusive) in direction `delta`, or -1. */
export function stepIndex(rows: readonly TreeRow[], from: number, delta: 1 | -1): number {
  for (let i = from + delta; i >= 0 && i < rows.length; i += delta) {
    if (isSelectable(rows[i]!)) return i;
  }
  return -1;
}

/**
 * A page of `pageRows` rows from `from` in direction `delta`, clamped to the ends, landing on the
 * nearest selectable row (further on first, then back).
 */
export function pageIndex(
  rows: readonly TreeRow[],
  from: number,
  pageRows: number,
  delta: 1 | -1,
): number {
  if (rows.length === 0) return -1;
  const start = from < 0 ? (delta > 0 ? 0 : rows.length - 1) : from;
  const target = Math.max(0, Math.min(rows.length - 1, start + delta * Math.max(1, pageRows)));
  if (isSelectable(rows[target]!)) return target;
  const on = stepIndex(rows, target, delta);
  return on >= 0 ? on : stepIndex(rows, target, delta > 0 ? -1 : 1);
}

/**
 * The row type-ahead lands on: the first after `from` (wrapping) whose name starts with `typed`.
 * While the buffer is one letter repeated ("ww"), it cycles through rows starting with that
 * letter; a longer prefix may stay on the current row while it still matches.
 */
export function typeAheadIndex(
  rows: readonly TreeRow[],
  nameOf: (row: TreeRow) => string,
  from: number,
  typed: string,
): number {
  if (!typed || rows.length === 0) return -1;
  const lower = typed.toLowerCase();
  const repeated = [...lower].every((c) => c === lower[0]);
  const prefix = repeated ? lower[0]! : lower;
  const first = repeated ? from + 1 : Math.max(0, from);
  for (let k = 0; k < rows.length; k++) {
    const i = (((first + k) % rows.length) + rows.length) % rows.length;
    const row = rows[i]!;
    if (isSelectable(row) && nameOf(row).toLowerCase().startsWith(prefix)) return i;
  }
  return -1;
}

/** Letters typed within `gapMs` of each other form one type-ahead prefix. */
export class TypeAheadBuffer {
  private text = '';
  private at = -Infinity;

  constructor(private readonly gapMs = 800) {}

  /** Add a typed character at time `now` (ms); returns the prefix to look for. */
  push(char: string, now: number): string {
    if (now - this.at > this.gapMs) this.text = '';
    this.at = now;
    this.text += char;
    return this.text;
  }

  /** Typing continues a prefix (so a space belongs to it rather than opening the row). */
  active(now: number): boolean {
    return this.text !== '' && now - this.at <= this.gapMs;
  }
}

/** A key that types a character into type-ahead (no modifier, not `/`, which filters). */
export function isTypeAheadKey(e: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}): boolean {
  return e.key.length === 1 && e.key !== '/' && !e.ctrlKey && !e.metaKey && !e.altKey;
}
