// Reading what `GET /nodes/{node}/journal` returns (mini-journalreader -j, spec §6): an array of
// strings, element 0 the cursor of the first entry, the last element the cursor of the last one,
// lines `Mon DD HH:MM:SS host ident[pid]: message` and `-- Reboot --` in between. Lines carry the
// node's local time without a year: the year is the one that puts the line not after "now" on the
// node. String lines carry no priority: one is given only when the message names its level
// explicitly (`ERROR:`, `[warn]`, `level=error`), never guessed from other words.

import type { LogPriority } from '../../../shared/logs';
import type { SourceEntry } from './source';

export interface JournalPage {
  firstCursor?: string;
  lastCursor?: string;
  entries: SourceEntry[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LINE_RE = /^([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\S+) ([\s\S]*)$/;
const IDENT_RE = /^([^\s[\]:]+?)(?:\[(\d+)\])?: ([\s\S]*)$/;

const LEVELS: Record<string, LogPriority> = {
  emerg: 0,
  emergency: 0,
  alert: 1,
  crit: 2,
  critical: 2,
  fatal: 2,
  err: 3,
  error: 3,
  warn: 4,
  warning: 4,
  notice: 5,
  info: 6,
  debug: 7,
};
const LEVEL_PREFIX_RE =
  /^\[?(emerg|alert|crit|critical|fatal|err|error|warn|warning|notice|info|debug)\]?:?\s/i;
const LEVEL_KV_RE =
  /\blevel=(emerg|alert|crit|critical|fatal|err|error|warn|warning|notice|info|debug)\b/i;

/** A priority only when the message states its level in a well-known form. */
export function explicitPriority(message: string): LogPriority | undefined {
  const m = LEVEL_PREFIX_RE.exec(message) ?? LEVEL_KV_RE.exec(message);
  return m ? LEVELS[m[1]!.toLowerCase()] : undefined;
}

/**
 * One journal line. `nodeNowLocalMs` is the node's wall clock as if it were UTC (epoch ms plus the
 * node's UTC offset) and `offsetMs` that offset, so the line's local time maps back to epoch ms.
 */
export function parseJournalLine(
  line: string,
  nodeNowLocalMs: number,
  offsetMs: number,
): SourceEntry {
  if (line === '-- Reboot --') return { text: line, marker: 'reboot' };
  const m = LINE_RE.exec(line);
  if (!m) return { text: line };
  const month = MONTHS.indexOf(m[1]!);
  if (month < 0) return { text: line };
  const [day, hh, mm, ss] = [m[2]!, m[3]!, m[4]!, m[5]!].map((x) => Number(x.trim()));
  const year = new Date(nodeNowLocalMs).getUTCFullYear();
  let local = Date.UTC(year, month, day!, hh, mm, ss);
  // A line from December read in January belongs to last year (one day of slack for clock skew).
  if (local > nodeNowLocalMs + 86_400_000) local = Date.UTC(year - 1, month, day!, hh, mm, ss);
  const entry: SourceEntry = { time: local - offsetMs, host: m[6]!, text: m[7]! };
  const id = IDENT_RE.exec(m[7]!);
  if (id) {
    entry.ident = id[1]!;
    if (id[2] !== undefined) entry.pid = Number(id[2]);
    entry.text = id[3]!;
  }
  const priority = explicitPriority(entry.text);
  if (priority !== undefined) entry.priority = priority;
  return entry;
}

/** The reply's strings: cursors first and last, lines between. */
export function parseJournalPage(
  data: readonly string[],
  nodeNowLocalMs: number,
  offsetMs: number,
): JournalPage {
  if (data.length === 0) return { entries: [] };
  if (data.length === 1) return { firstCursor: data[0]!, lastCursor: data[0]!, entries: [] };
  const entries = data.slice(1, -1).map((line) => parseJournalLine(line, nodeNowLocalMs, offsetMs));
  return { firstCursor: data[0]!, lastCursor: data[data.length - 1]!, entries };
}
