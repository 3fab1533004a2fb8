// Reading journal lines as GET /nodes/{node}/journal sends them: local time without a year (the
// year inferred against the node's clock, the zone offset taken back out), host, ident[pid],
// message, `-- Reboot --`, cursors first and last, and priorities only where a line states one.

import { describe, expect, it } from 'vitest';
import {
  explicitPriority,
  parseJournalLine,
  parseJournalPage,
} from '../../electron/core/logs/journal-lines';

const HOUR = 3_600_000;

describe('journal lines', () => {
  it('parses host, ident, pid and message, and maps local time back to epoch ms', () => {
    // The node is at UTC+1; its clock reads 2026-12-01 12:00 local.
    const nowLocal = Date.UTC(2026, 11, 1, 12, 0, 0);
    const e = parseJournalLine(
      'Dec 01 11:59:58 pve1 sshd[20431]: Accepted publickey for root from 10.0.0.7 port 51234 ssh2',
      nowLocal,
      HOUR,
    );
    expect(e).toEqual({
      time: Date.UTC(2026, 11, 1, 10, 59, 58),
      host: 'pve1',
      ident: 'sshd',
      pid: 20431,
      text: 'Accepted publickey for root from 10.0.0.7 port 51234 ssh2',
    });
    expect(
      parseJournalLine(
        'Dec 01 11:59:58 pve1 kernel: vmbr0: port 2 entered forwarding state',
        nowLocal,
        0,
      ),
    ).toMatchObject({ ident: 'kernel', text: 'vmbr0: port 2 entered forwarding state' });
  });

  it('puts a December line read in January into the year before', () => {
    const nowLocal = Date.UTC(2027, 0, 1, 0, 5, 0);
    const e = parseJournalLine('Dec 31 23:59:59 pve1 CRON[1]: done', nowLocal, 0);
    expect(e.time).toBe(Date.UTC(2026, 11, 31, 23, 59, 59));
    expect(parseJournalLine('Jan 01 00:04:00 pve1 CRON[1]: x', nowLocal, 0).time).toBe(
      Date.UTC(2027, 0, 1, 0, 4, 0),
    );
  });

  it('reads cursors first and last, reboot markers and lines it cannot parse as they are', () => {
    const page = parseJournalPage(
      [
        's=a;i=1',
        'Nov 30 10:00:00 pve1 systemd[1]: Stopping',
        '-- Reboot --',
        'garbage',
        's=a;i=3',
      ],
      Date.UTC(2026, 11, 1),
      0,
    );
    expect(page.firstCursor).toBe('s=a;i=1');
    expect(page.lastCursor).toBe('s=a;i=3');
    expect(page.entries.map((e) => e.marker ?? e.text)).toEqual(['Stopping', 'reboot', 'garbage']);
    expect(parseJournalPage(['s=a;i=3', 's=a;i=3'], 0, 0)).toEqual({
      firstCursor: 's=a;i=3',
      lastCursor: 's=a;i=3',
      entries: [],
    });
  });

  it('gives a priority only where the message states its level', () => {
    expect(explicitPriority('ERROR: payment gateway timed out')).toBe(3);
    expect(explicitPriority('[warn] disk 91% full')).toBe(4);
    expect(explicitPriority('request done level=debug id=4')).toBe(7);
    expect(explicitPriority('Failed to start foo.service')).toBeUndefined();
    expect(explicitPriority('no errors found')).toBeUndefined();
  });
});
