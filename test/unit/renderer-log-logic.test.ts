// The log panel's pure logic: the bounded buffer, filters, search, severity, merge ordering,
// ANSI colours to spans, cleaning of control sequences, specs and pop-out hashes.

import { describe, expect, it } from 'vitest';
import { LOG_BUFFER_LIMIT, type LogEntry } from '../../shared/logs';
import { LogBuffer } from '../../renderer/src/features/logs/logBuffer';
import {
  compileFilter,
  EMPTY_FILTER,
  filterRows,
  findHits,
  hitsOfRow,
  nextErrorRow,
  stepHit,
  type FilterSpec,
} from '../../renderer/src/features/logs/logFilter';
import { mergeByTime } from '../../renderer/src/features/logs/logMerge';
import {
  logPopoutUrl,
  logSpecFromHash,
  parseUnits,
  specKey,
} from '../../renderer/src/features/logs/logSpecs';
import {
  cleanText,
  entryLine,
  formatLogTime,
  logFileName,
  markSegments,
  plainText,
  severityOf,
  textSegments,
} from '../../renderer/src/features/logs/logText';

const e = (seq: number, text = `line ${seq}`, extra: Partial<LogEntry> = {}): LogEntry => ({
  seq,
  text,
  ...extra,
});
const seqs = (entries: readonly LogEntry[]) => entries.map((x) => x.seq);

describe('the log buffer', () => {
  it('keeps at most its limit, dropping the oldest and counting them', () => {
    const b = new LogBuffer(5);
    b.append([e(1), e(2), e(3)]);
    b.append([e(4), e(5), e(6), e(7)]);
    expect(seqs(b.toArray())).toEqual([3, 4, 5, 6, 7]);
    expect(b.dropped).toBe(2);
    expect(b.appended).toBe(7);
  });

  it('holds LOG_BUFFER_LIMIT entries by default', () => {
    const b = new LogBuffer();
    b.append(Array.from({ length: LOG_BUFFER_LIMIT + 10 }, (_, i) => e(i)));
    expect(b.length).toBe(LOG_BUFFER_LIMIT);
    expect(b.dropped).toBe(10);
    expect(b.firstSeq).toBe(10);
  });

  it('never adds an entry twice', () => {
    const b = new LogBuffer(10);
    b.append([e(1), e(2)]);
    expect(b.append([e(2), e(3), e(1), e(4)])).toBe(2);
    expect(seqs(b.toArray())).toEqual([1, 2, 3, 4]);
  });

  it('puts older pages in front, only as many as fit, the newest of them', () => {
    const b = new LogBuffer(5);
    b.append([e(10), e(11), e(12)]);
    expect(b.prepend([e(7), e(9), e(8), e(10)])).toBe(2);
    expect(seqs(b.toArray())).toEqual([8, 9, 10, 11, 12]);
    expect(b.prepend([e(1)])).toBe(0);
  });
});

describe('filters', () => {
  const rows = [
    e(1, 'Started pveproxy', { ident: 'systemd', priority: 6 }),
    e(2, 'connection refused', { ident: 'sshd', priority: 3 }),
    e(3, 'disk almost full', { priority: 4 }),
    e(4, 'ERROR: backup failed'),
  ];
  const run = (spec: Partial<FilterSpec>) => {
    const c = compileFilter({ ...EMPTY_FILTER, ...spec });
    if (!c.ok) throw new Error(c.error);
    return seqs(c.value ? rows.filter(c.value) : rows);
  };

  it('keeps the rows with the text, case-insensitively, in the writer or the message', () => {
    expect(run({ text: 'SSHD' })).toEqual([2]);
    expect(run({ text: 'pve' })).toEqual([1]);
    expect(run({ text: '.' })).toEqual([]);
  });

  it('takes a regular expression, and inverts', () => {
    expect(run({ text: '^(sshd|systemd):', regex: true })).toEqual([1, 2]);
    expect(run({ text: 'failed|refused', regex: true, invert: true })).toEqual([1, 3]);
  });

  it('says clearly why a regular expression is not valid', () => {
    const c = compileFilter({ ...EMPTY_FILTER, text: 'a(b', regex: true });
    expect(c).toEqual({
      ok: false,
      error: 'Invalid regular expression: /a(b/i: Unterminated group',
    });
  });

  it('keeps a minimum level, guessing it from the words where the source has none', () => {
    expect(run({ minLevel: 3 })).toEqual([2, 4]);
    expect(run({ minLevel: 4 })).toEqual([2, 3, 4]);
    expect(severityOf(e(9, 'a warning here'))).toBe(4);
    expect(severityOf(e(9, 'all fine'))).toBe(6);
    expect(severityOf(e(9, 'errors are fine', { priority: 7 }))).toBe(7);
  });

  it('filters only the new entries as they come, with the same result as a full pass', () => {
    const c = compileFilter({ ...EMPTY_FILTER, text: '5' });
    if (!c.ok || !c.value) throw new Error('no predicate');
    const b = new LogBuffer(20);
    b.append(Array.from({ length: 16 }, (_, i) => e(i)));
    let prev = filterRows(undefined, b.toArray(), c.value);
    expect(seqs(prev.rows)).toEqual([5, 15]);
    b.append(Array.from({ length: 10 }, (_, i) => e(16 + i))); // drops 0…5
    const next = filterRows(prev, b.toArray(), c.value);
    expect(seqs(next.rows)).toEqual(seqs(b.toArray().filter(c.value)));
    expect(seqs(next.rows)).toEqual([15, 25]);
    // Older entries in front: a full pass.
    const b2 = new LogBuffer(40);
    b2.append(Array.from({ length: 16 }, (_, i) => e(10 + i)));
    prev = filterRows(undefined, b2.toArray(), c.value);
    b2.prepend([e(5)]);
    expect(seqs(filterRows(prev, b2.toArray(), c.value).rows)).toEqual([5, 15, 25]);
  });
});

describe('search', () => {
  const rows = [e(1, 'foo bar foo'), e(2, 'nothing'), e(3, 'FOO')];

  it('finds every match with its place, separate from filtering', () => {
    const hits = findHits(rows, /foo/i);
    expect(hits).toEqual([
      { row: 0, start: 0, end: 3 },
      { row: 0, start: 8, end: 11 },
      { row: 2, start: 0, end: 3 },
    ]);
    expect(hitsOfRow(hits, 0)).toHaveLength(2);
    expect(hitsOfRow(hits, 1)).toEqual([]);
    expect(stepHit(-1, 3, 1)).toBe(0);
    expect(stepHit(2, 3, 1)).toBe(0);
    expect(stepHit(0, 3, -1)).toBe(2);
    expect(stepHit(-1, 0, 1)).toBe(-1);
  });

  it('cuts coloured segments at the matches, marking the current one', () => {
    const segs = [{ text: 'foo b', fg: 'red' }, { text: 'ar foo' }];
    expect(
      markSegments(
        segs,
        [
          { start: 3, end: 7 },
          { start: 8, end: 11 },
        ],
        1,
      ),
    ).toEqual([
      { text: 'foo', fg: 'red' },
      { text: ' b', fg: 'red', mark: 'hit' },
      { text: 'ar', mark: 'hit' },
      { text: ' ' },
      { text: 'foo', mark: 'current' },
    ]);
  });

  it('steps to the next and previous error', () => {
    const list = [e(1, 'ok'), e(2, 'failed'), e(3, 'ok'), e(4, 'x', { priority: 2 })];
    expect(nextErrorRow(list, -1, 1)).toBe(1);
    expect(nextErrorRow(list, 1, 1)).toBe(3);
    expect(nextErrorRow(list, 3, 1)).toBe(-1);
    expect(nextErrorRow(list, 4, -1)).toBe(3);
  });
});

describe('ANSI colours and cleaning', () => {
  it('turns SGR colours into plain segments, never HTML', () => {
    const segs = textSegments('\x1b[31mred <b>\x1b[0m plain \x1b[1;32mbold\x1b[0m');
    expect(segs).toEqual([
      { text: 'red <b>', fg: 'rgb(187, 0, 0)' },
      { text: ' plain ' },
      { text: 'bold', fg: 'rgb(0, 187, 0)', bold: true },
    ]);
    expect(plainText(e(1, '\x1b[31mred\x1b[0m'))).toBe('red');
  });

  it('drops control sequences that are not colours, and redrawn line starts', () => {
    expect(cleanText('\x1b]0;title\x07\x1b[2K\x1b[1Gdone\x1b[?25h')).toBe('done');
    expect(cleanText('50%\r100%')).toBe('100%');
    expect(cleanText('a\x00b\x08c\td')).toBe('abc\td');
    expect(cleanText('\x1b[33mwarn\x1b[0m')).toBe('\x1b[33mwarn\x1b[0m');
  });
});

describe('lines as copied and saved', () => {
  it('writes time, host, writer and the plain message', () => {
    const entry = e(1, '\x1b[31mboom\x1b[0m', {
      time: Date.UTC(2026, 0, 2, 3, 4, 5, 6),
      host: 'pve1',
      ident: 'sshd',
      pid: 42,
    });
    expect(entryLine(entry, { timestamps: true, zone: 'utc' })).toBe(
      '2026-01-02T03:04:05.006Z pve1 sshd[42]: boom',
    );
    expect(entryLine(entry, { timestamps: false, zone: 'utc', source: 'pve1 journal' })).toBe(
      '[pve1 journal] pve1 sshd[42]: boom',
    );
    expect(formatLogTime(Date.UTC(2026, 0, 2, 3, 4, 5, 6), 'utc')).toBe('01-02 03:04:05');
    expect(logFileName('CT 101 journal', new Date(2026, 0, 2, 3, 4, 5))).toBe(
      'CT-101-journal-20260102-030405.log',
    );
  });
});

describe('the merged view', () => {
  it('orders entries of several streams by time, untimed ones after their predecessor', () => {
    const a = [e(1, 'a1', { time: 10 }), e(2, 'a2', { time: 30 }), e(3, 'a3')];
    const b = [e(1, 'b1', { time: 5 }), e(2, 'b2', { time: 30 }), e(3, 'b3', { time: 40 })];
    const merged = mergeByTime([
      { key: 'A', entries: a },
      { key: 'B', entries: b },
    ]);
    expect(merged.entries.map((x) => x.text)).toEqual(['b1', 'a1', 'a2', 'a3', 'b2', 'b3']);
    expect(merged.sources).toEqual(['B', 'A', 'A', 'A', 'B', 'B']);
  });
});

describe('log specs', () => {
  it('gives one key per stream, whatever the order of units', () => {
    const base = {
      kind: 'guest-journal',
      profileId: 'p',
      node: 'n',
      type: 'lxc',
      vmid: 1,
    } as const;
    expect(specKey({ ...base, units: ['b', 'a'] })).toBe(specKey({ ...base, units: ['a', 'b'] }));
    expect(specKey({ kind: 'node-journal', profileId: 'p', node: 'n' })).toBe(
      specKey({ kind: 'node-journal', profileId: 'p', node: 'n', range: { preset: 'live' } }),
    );
    expect(specKey(base)).not.toBe(specKey({ ...base, vmid: 2 }));
  });

  it('carries a spec in a pop-out window hash, and refuses other hashes', () => {
    const spec = {
      kind: 'task',
      profileId: 'p1',
      upid: 'UPID:pve1:1:2:3:vzstart:101:root@pam:',
    } as const;
    const url = logPopoutUrl({ origin: 'http://x', pathname: '/', search: '?token=t' }, spec);
    expect(url.startsWith('http://x/?token=t#log=')).toBe(true);
    expect(logSpecFromHash(new URL(url).hash)).toEqual(spec);
    expect(logSpecFromHash('#console=abc')).toBeUndefined();
    expect(logSpecFromHash('#log=%7Bnot json')).toBeUndefined();
    expect(logSpecFromHash('#log=%7B%22kind%22%3A%22rm%22%7D')).toBeUndefined();
  });

  it('checks unit names before anything is typed into a shell', () => {
    expect(parseUnits('nginx.service, ssh')).toEqual({ units: ['nginx.service', 'ssh'] });
    expect(parseUnits('ssh; rm -rf /').problem).toBe('"ssh;" is not a plain systemd unit name');
  });
});
