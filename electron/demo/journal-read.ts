// GET /nodes/{node}/journal as pve-manager runs it: `mini-journalreader -j` with -n/-b/-e/-f/-t
// from lastentries/since/until/startcursor/endcursor, piped through gzip. The reader below walks
// the entries with sd-journal's seek/next/previous semantics as mini-journalreader does, so the
// first and last cursors, the `-- Reboot --` lines and the failures come out as PVE's do: a
// conflict prints nothing (an empty gzip body), an unknown cursor or an empty window stops it
// half-way (`{"data":[` only, not JSON).

import type { JournalEntry, NodeJournal } from './journal';

export interface JournalQuery {
  lastentries?: number;
  since?: number;
  until?: number;
  startcursor?: string;
  endcursor?: string;
}

const TIME_FMT = new Map<string, Intl.DateTimeFormat>();

/** `%b %d %T` in the node's zone, as mini-journalreader's strftime prints it. */
export function journalTime(us: number, timeZone: string): string {
  let f = TIME_FMT.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      month: 'short',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    TIME_FMT.set(timeZone, f);
  }
  const parts = Object.fromEntries(
    f.formatToParts(new Date(us / 1000)).map((p) => [p.type, p.value]),
  );
  return `${parts.month} ${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** JSON string escaping as print_field does (", \ and control characters as \u00XX). */
function esc(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- control characters are what gets escaped
    /["\\\u0000-\u001f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

class Stop extends Error {}

export function readJournal(journal: NodeJournal, q: JournalQuery, timeZone: string): string {
  const E = journal.entries;
  const number = q.lastentries ?? 0;
  const begin = (q.since ?? 0) * 1_000_000;
  const end = (q.until ?? 0) * 1_000_000;
  const { startcursor, endcursor } = q;
  // Usage errors print to stderr only: gzip gets no input.
  if (number && (begin || startcursor !== undefined)) return '';
  if (begin && startcursor !== undefined) return '';
  if (end && endcursor !== undefined) return '';

  let out = '{"data":[';
  let first = true;
  let cur: number | undefined;
  let seek: { next: number; prev: number } | undefined = { next: 0, prev: -1 };
  const next = (): boolean => {
    if (seek) {
      const i = seek.next;
      seek = undefined;
      if (i < E.length) {
        cur = i;
        return true;
      }
      cur = undefined;
      return false;
    }
    if (cur !== undefined && cur + 1 < E.length) {
      cur++;
      return true;
    }
    return false;
  };
  const previous = (): boolean => {
    if (seek) {
      const i = seek.prev;
      seek = undefined;
      if (i >= 0) {
        cur = i;
        return true;
      }
      cur = undefined;
      return false;
    }
    if (cur !== undefined && cur > 0) {
      cur--;
      return true;
    }
    return false;
  };
  const seekCursor = (c: string): void => {
    const i = journal.seekCursor(c);
    if (i === undefined) throw new Stop(); // "Failed to seek to …cursor"
    seek = { next: i, prev: Math.min(i, E.length - 1) };
  };
  const seekTime = (us: number): void => {
    let i = E.findIndex((e) => e.realtimeUs >= us);
    if (i < 0) i = E.length;
    let p = i - 1;
    if (i < E.length && E[i]!.realtimeUs === us) p = i;
    seek = { next: i, prev: p };
  };
  const entry = (): JournalEntry => {
    if (cur === undefined) throw new Stop(); // "Failed to get cursor"
    return E[cur]!;
  };
  const emit = (s: string): void => {
    out += `${first ? '' : ','}"${s}"\n`;
    first = false;
  };
  let printedFirst = false;
  const printFirstCursor = (): void => {
    if (printedFirst) return;
    printedFirst = true;
    emit(entry().cursor);
  };
  let bootId = '';
  const printReboot = (): void => {
    if (cur === undefined) return;
    const b = E[cur]!.bootId;
    if (bootId && bootId !== b) emit('-- Reboot --');
    bootId = b;
  };

  try {
    let n = number;
    if (n) {
      if (end) seekTime(end);
      else if (endcursor !== undefined) {
        seekCursor(endcursor);
        n++;
      } else seek = { next: E.length, prev: E.length - 1 };
      for (let k = 0; k < n + 1 && previous(); k++);
    } else {
      if (begin) seekTime(begin);
      else if (startcursor !== undefined) seekCursor(startcursor);
      if (startcursor !== undefined) {
        next();
        printFirstCursor();
      }
    }
    const endCursorIndex = endcursor !== undefined ? journal.seekCursor(endcursor) : undefined;
    while (next() && (end === 0 || entry().realtimeUs < end)) {
      printFirstCursor();
      if (endCursorIndex !== undefined && cur === endCursorIndex) break;
      printReboot();
      const e = entry();
      const pid = e.pid !== undefined ? `[${e.pid}]` : '';
      emit(esc(`${journalTime(e.realtimeUs, timeZone)} ${e.host} ${e.ident}${pid}: ${e.message}`));
    }
    printReboot();
    emit(entry().cursor);
  } catch (err) {
    if (err instanceof Stop) return out;
    throw err;
  }
  return `${out}],"success":1}`;
}
