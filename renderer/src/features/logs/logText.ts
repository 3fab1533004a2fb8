// Pure text helpers of the log panel: cleaning control sequences that are not colours, ANSI
// colours to plain segments (rendered as spans, never as HTML), the severity of an entry, the
// time column and the line as copied or saved.

import Anser from 'anser';
import { PRIORITY_NAMES, type LogEntry, type LogPriority } from '../../../../shared/logs';

/** A run of text with one style; colours are CSS colour strings. */
export interface TextSegment {
  text: string;
  fg?: string;
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
}

/* eslint-disable no-control-regex -- these patterns match terminal control sequences */
// OSC (ESC ] … BEL/ST), CSI sequences other than SGR (…m), other two-character escapes.
const OSC_RE = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?/g;
const NON_SGR_CSI_RE = /\x1b\[[0-?]*[ -/]*[@-ln-~]/g;
const OTHER_ESC_RE = /\x1b(?![[\]])[@-Z\\-_]?/g;
// C0 controls but tab and ESC (kept for SGR), plus DEL.
const CONTROL_RE = /[\x00-\x08\x0a-\x1a\x1c-\x1f\x7f]/g;
const ANY_CONTROL_RE = /[\x00-\x08\x0a-\x1f\x7f]/;
/* eslint-enable no-control-regex */

/**
 * A message as it may be shown: terminal control sequences other than colours removed, a line
 * redrawn with carriage returns reduced to what was finally written, control characters dropped.
 */
export function cleanText(text: string): string {
  let t = text;
  const cr = t.lastIndexOf('\r', t.length - 2);
  if (cr >= 0) t = t.slice(cr + 1);
  if (!ANY_CONTROL_RE.test(t)) return t;
  return t
    .replace(OSC_RE, '')
    .replace(NON_SGR_CSI_RE, '')
    .replace(OTHER_ESC_RE, '')
    .replace(CONTROL_RE, '');
}

const segmentCache = new WeakMap<LogEntry, TextSegment[]>();
const plainCache = new WeakMap<LogEntry, string>();

function rgb(value: string | null | undefined): string | undefined {
  return value ? `rgb(${value})` : undefined;
}

/** A message's styled segments (ANSI SGR colours and decorations); joined they are its plain text. */
export function textSegments(text: string): TextSegment[] {
  const clean = cleanText(text);
  if (!clean.includes('\x1b')) return [{ text: clean }];
  const parsed = Anser.ansiToJson(clean, { json: true, remove_empty: true });
  return parsed.map((p) => {
    const seg: TextSegment = { text: p.content };
    const fg = rgb(p.fg);
    const bg = rgb(p.bg);
    if (fg) seg.fg = fg;
    if (bg) seg.bg = bg;
    if (p.decorations.includes('bold')) seg.bold = true;
    if (p.decorations.includes('dim')) seg.dim = true;
    if (p.decorations.includes('italic')) seg.italic = true;
    if (p.decorations.includes('underline')) seg.underline = true;
    return seg;
  });
}

/** The entry's segments, computed once per entry. */
export function entrySegments(entry: LogEntry): TextSegment[] {
  let segs = segmentCache.get(entry);
  if (!segs) {
    segs = textSegments(entry.text);
    segmentCache.set(entry, segs);
  }
  return segs;
}

/** The entry's message without colours: what filters, search, copy and save see. */
export function plainText(entry: LogEntry): string {
  let plain = plainCache.get(entry);
  if (plain === undefined) {
    plain = entrySegments(entry)
      .map((s) => s.text)
      .join('');
    plainCache.set(entry, plain);
  }
  return plain;
}

const ERROR_WORDS = /\b(?:emerg(?:ency)?|panic|fatal|crit(?:ical)?|error|err|failed|failure)\b/i;
const WARN_WORDS = /\b(?:warn(?:ing)?s?)\b/i;

/**
 * The entry's severity: its syslog priority when the source says, else guessed from the words of
 * the message (task logs and plain files carry none): "error", "failed" → err, "warning" → warning.
 */
export function severityOf(entry: LogEntry): LogPriority {
  if (entry.priority !== undefined) return entry.priority;
  if (entry.marker) return 5;
  const plain = plainText(entry);
  if (ERROR_WORDS.test(plain)) return 3;
  if (WARN_WORDS.test(plain)) return 4;
  return 6;
}

/** The severity class a row is coloured by. */
export type SeverityTone = 'error' | 'warning' | 'notice' | 'info' | 'debug';

export function severityTone(priority: LogPriority): SeverityTone {
  if (priority <= 3) return 'error';
  if (priority === 4) return 'warning';
  if (priority === 5) return 'notice';
  if (priority === 6) return 'info';
  return 'debug';
}

export function priorityName(priority: LogPriority): string {
  return PRIORITY_NAMES[priority];
}

export type TimeZoneMode = 'local' | 'utc';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The time column: `MM-DD HH:MM:SS`, local or UTC (the row's tooltip has the milliseconds). */
export function formatLogTime(ms: number, zone: TimeZoneMode): string {
  const d = new Date(ms);
  const utc = zone === 'utc';
  const mo = utc ? d.getUTCMonth() : d.getMonth();
  const day = utc ? d.getUTCDate() : d.getDate();
  const h = utc ? d.getUTCHours() : d.getHours();
  const mi = utc ? d.getUTCMinutes() : d.getMinutes();
  const s = utc ? d.getUTCSeconds() : d.getSeconds();
  return `${pad(mo + 1)}-${pad(day)} ${pad(h)}:${pad(mi)}:${pad(s)}`;
}

/** The writer column: `sshd[812]`, or empty. */
export function writerOf(entry: LogEntry): string {
  if (!entry.ident) return '';
  return entry.pid !== undefined ? `${entry.ident}[${entry.pid}]` : entry.ident;
}

export interface LineFormat {
  timestamps: boolean;
  zone: TimeZoneMode;
  /** Prefix with the stream's name (the merged view). */
  source?: string;
}

/** One entry as a line of plain text (copy, save): time, host, writer, message; no colours. */
/** The full time for a tooltip: ISO 8601 with milliseconds, local (with offset) or UTC. */
export function fullLogTime(ms: number, zone: TimeZoneMode): string {
  return zone === 'utc' ? new Date(ms).toISOString() : isoLocal(new Date(ms));
}

export function entryLine(entry: LogEntry, format: LineFormat): string {
  const parts: string[] = [];
  if (format.source) parts.push(`[${format.source}]`);
  if (format.timestamps && entry.time !== undefined) {
    parts.push(
      format.zone === 'utc' ? new Date(entry.time).toISOString() : isoLocal(new Date(entry.time)),
    );
  }
  if (entry.host) parts.push(entry.host);
  const writer = writerOf(entry);
  if (writer) parts.push(`${writer}:`);
  parts.push(plainText(entry));
  return parts.join(' ');
}

function isoLocal(d: Date): string {
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:` +
    `${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** A file name for a saved log: the stream's title made safe, with a .log extension. */
export function logFileName(title: string, now: Date): string {
  const base = title
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `${base || 'log'}-${stamp}.log`;
}

/** A segment with its search highlight, if any. */
export interface MarkedSegment extends TextSegment {
  mark?: 'hit' | 'current';
}

/**
 * The segments cut at the search hits ([start, end) in the plain text, sorted, not overlapping),
 * so each hit can be wrapped in a mark; `current` is the index (in `ranges`) of the focused hit.
 */
export function markSegments(
  segments: readonly TextSegment[],
  ranges: readonly { start: number; end: number }[],
  current = -1,
): MarkedSegment[] {
  if (ranges.length === 0) return segments as MarkedSegment[];
  const out: MarkedSegment[] = [];
  let offset = 0;
  let r = 0;
  for (const seg of segments) {
    const segEnd = offset + seg.text.length;
    let pos = offset;
    while (pos < segEnd) {
      while (r < ranges.length && ranges[r]!.end <= pos) r++;
      const range = ranges[r];
      if (!range || range.start >= segEnd) {
        out.push({ ...seg, text: seg.text.slice(pos - offset) });
        pos = segEnd;
      } else if (range.start > pos) {
        out.push({ ...seg, text: seg.text.slice(pos - offset, range.start - offset) });
        pos = range.start;
      } else {
        const end = Math.min(range.end, segEnd);
        out.push({
          ...seg,
          text: seg.text.slice(pos - offset, end - offset),
          mark: r === current ? 'current' : 'hit',
        });
        pos = end;
      }
    }
    offset = segEnd;
  }
  return out;
}
