// The printed table: one row per figure, timings with their spread, sizes and counts as one value.

import os from 'node:os';
import type { Summary } from './stats';

export type Row =
  | { section: string; label: string; unit: 'ms'; summary: Summary }
  | { section: string; label: string; unit: 'bytes' | 'count'; value: number };

export function machineLine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() || 'unknown CPU';
  const mem = (os.totalmem() / 1024 ** 3).toFixed(0);
  return `${model}, ${cpus.length} cores, ${mem} GiB, Node ${process.version} (${process.platform}/${process.arch})`;
}

function ms(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(3);
}

function approxBytes(v: number): string {
  if (v < 10_000) return '';
  return v < 1024 ** 2 ? `${(v / 1024).toFixed(1)} KiB` : `${(v / 1024 ** 2).toFixed(2)} MiB`;
}

function align(lines: readonly string[][]): (cells: readonly string[]) => string {
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

/** Sectioned table: a header line, then `[section]` lines above each section's rows. */
function table(header: string[], rows: readonly { section: string; cells: string[] }[]): string {
  const fmt = align([header, ...rows.map((r) => r.cells)]);
  const head = fmt(header);
  const out = [head, '-'.repeat(head.length)];
  let last: string | undefined;
  for (const row of rows) {
    if (row.section !== last) out.push(`[${row.section}]`);
    last = row.section;
    out.push(fmt(row.cells));
  }
  return out.join('\n');
}

export function renderTable(rows: readonly Row[]): string {
  const timings: { section: string; cells: string[] }[] = [];
  const values: { section: string; cells: string[] }[] = [];
  for (const row of rows) {
    if (row.unit === 'ms') {
      const s = row.summary;
      const cells = [row.label, ms(s.median), ms(s.p90), ms(s.min), ms(s.max), String(s.n)];
      timings.push({ section: row.section, cells });
    } else {
      const exact = row.value.toLocaleString('en-US') + (row.unit === 'bytes' ? ' B' : '');
      const approx = row.unit === 'bytes' ? approxBytes(row.value) : '';
      values.push({ section: row.section, cells: [row.label, exact, approx] });
    }
  }
  return [
    'Timings (ms)',
    table(['figure', 'median', 'p90', 'min', 'max', 'n'], timings),
    '',
    'Sizes and counts',
    table(['figure', 'value', 'approx.'], values),
  ].join('\n');
}
