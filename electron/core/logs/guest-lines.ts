// Reading what guest log commands print: `journalctl -o json` records (one JSON object a line;
// fields with control characters come as byte arrays) and plain syslog-file lines
// (`Dec  1 11:40:01 host [fac.level ]ident[pid]: msg` as busybox/rsyslog traditional write them,
// or RFC 3339 `2026-12-01T11:40:01.123+00:00 host ident[pid]: msg`). Escapes other than SGR
// colours are dropped (guest-shell.ts cleanTerminalLine).

import type { LogPriority } from '../../../shared/logs';
import { cleanTerminalLine } from './guest-shell';
import { explicitPriority } from './journal-lines';
import type { SourceEntry } from './source';

function field(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((b) => typeof b === 'number')) {
    return Buffer.from(v as number[]).toString('utf8');
  }
  return undefined;
}

/** One `journalctl -o json` line: the entry and its cursor; undefined when it is not one. */
export function parseJournalJson(line: string): { entry: SourceEntry; cursor: string } | undefined {
  if (!line.startsWith('{')) return undefined;
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const cursor = field(o.__CURSOR);
  if (!cursor) return undefined;
  const entry: SourceEntry = { text: cleanTerminalLine(field(o.MESSAGE) ?? '') };
  const usec = Number(field(o.__REALTIME_TIMESTAMP));
  if (Number.isFinite(usec) && usec > 0) entry.time = Math.floor(usec / 1000);
  const pri = Number(field(o.PRIORITY));
  if (Number.isInteger(pri) && pri >= 0 && pri <= 7) entry.priority = pri as LogPriority;
  const host = field(o._HOSTNAME);
  if (host) entry.host = host;
  const ident = field(o.SYSLOG_IDENTIFIER) ?? field(o._COMM);
  if (ident) entry.ident = ident;
  const pid = Number(field(o._PID) ?? field(o.SYSLOG_PID));
  if (Number.isInteger(pid) && pid > 0) entry.pid = pid;
  return { entry, cursor };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LEVELS: Record<string, LogPriority> = {
  emerg: 0,
  alert: 1,
  crit: 2,
  err: 3,
  error: 3,
  warn: 4,
  warning: 4,
  notice: 5,
  info: 6,
  debug: 7,
};
const TRADITIONAL_RE =
  /^([A-Z][a-z]{2}) ([ \d]\d) (\d\d):(\d\d):(\d\d) (\S+) (?:([a-z0-9]+)\.([a-z]+) )?([^\s[\]:]+?)(?:\[(\d+)\])?: ([\s\S]*)$/;
const ISO_RE =
  /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)) (\S+) ([^\s[\]:]+?)(?:\[(\d+)\])?: ([\s\S]*)$/;

/**
 * A line of a log file. Traditional syslog stamps have no year or zone: the guest's clock is
 * taken as UTC and the year as the one that does not put the line in the future.
 */
export function parseFileLine(raw: string, nowMs: number): SourceEntry {
  const text = cleanTerminalLine(raw);
  const iso = ISO_RE.exec(text);
  if (iso) {
    const t = Date.parse(iso[1]!.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
    const e: SourceEntry = { host: iso[2]!, ident: iso[3]!, text: iso[5]! };
    if (Number.isFinite(t)) e.time = t;
    if (iso[4]) e.pid = Number(iso[4]);
    const p = explicitPriority(e.text);
    if (p !== undefined) e.priority = p;
    return e;
  }
  const m = TRADITIONAL_RE.exec(text);
  if (!m) return { text };
  const month = MONTHS.indexOf(m[1]!);
  const [day, hh, mm, ss] = [m[2]!, m[3]!, m[4]!, m[5]!].map((x) => Number(x.trim()));
  const year = new Date(nowMs).getUTCFullYear();
  let t = Date.UTC(year, month, day!, hh, mm, ss);
  if (t > nowMs + 86_400_000) t = Date.UTC(year - 1, month, day!, hh, mm, ss);
  const e: SourceEntry = { time: t, host: m[6]!, ident: m[9]!, text: m[11]! };
  if (m[10]) e.pid = Number(m[10]);
  const level = m[8] ? LEVELS[m[8]] : explicitPriority(e.text);
  if (level !== undefined) e.priority = level;
  return e;
}
