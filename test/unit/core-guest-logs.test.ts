// The pure parts of guest log streams: terminal output cleaned to what the panel shows (SGR kept,
// everything else dropped), journalctl JSON records (byte-array messages), syslog file lines, and
// the commands typed into a node shell (checked, quoted).

import { describe, expect, it } from 'vitest';
import {
  journalCommand,
  shellLoginProblem,
  tailCommand,
} from '../../electron/core/logs/guest-commands';
import { PveClient } from '../../electron/core/pve/client';
import { normalizeServerUrl } from '../../shared/server-url';
import { parseFileLine, parseJournalJson } from '../../electron/core/logs/guest-lines';
import { cleanTerminalLine } from '../../electron/core/logs/guest-shell';

describe('guest log lines', () => {
  it('keeps SGR colours and drops cursor moves, bracketed paste, OSC and carriage returns', () => {
    expect(cleanTerminalLine('\u001b[?2004l\rhello \u001b[31mred\u001b[0m\u001b[K\r')).toBe(
      'hello \u001b[31mred\u001b[0m',
    );
    expect(cleanTerminalLine('\u001b]0;root@pve1: ~\u0007\u001b[2Jtext\u0008')).toBe('text');
  });

  it('reads journalctl -o json records, messages with escapes as byte arrays', () => {
    const msg = [...Buffer.from('\u001b[33mwarn\u001b[39m: slow', 'utf8')];
    const line = JSON.stringify({
      __CURSOR: 's=1;i=2',
      __REALTIME_TIMESTAMP: '1796122929123456',
      PRIORITY: '4',
      _HOSTNAME: 'web01',
      SYSLOG_IDENTIFIER: 'webapp',
      _PID: '142',
      MESSAGE: msg,
    });
    expect(parseJournalJson(line)).toEqual({
      cursor: 's=1;i=2',
      entry: {
        time: 1796122929123,
        priority: 4,
        host: 'web01',
        ident: 'webapp',
        pid: 142,
        text: '\u001b[33mwarn\u001b[39m: slow',
      },
    });
    expect(parseJournalJson('-- No entries --')).toBeUndefined();
  });

  it('reads busybox syslog lines with their level', () => {
    const now = Date.UTC(2026, 11, 1, 12, 0, 0);
    expect(parseFileLine('Dec  1 11:40:01 dns01 daemon.err named[88]: zone broken', now)).toEqual({
      time: Date.UTC(2026, 11, 1, 11, 40, 1),
      host: 'dns01',
      ident: 'named',
      pid: 88,
      priority: 3,
      text: 'zone broken',
    });
  });

  it('builds commands from checked, quoted arguments only', () => {
    expect(journalCommand(101, ['ssh.service'])).toBe(
      "pct exec 101 -- journalctl -o json --no-pager -f -n 500 -u 'ssh.service'",
    );
    expect(() => journalCommand(101, ['ssh; rm -rf /'])).toThrow(/not a plain systemd unit name/);
    expect(() => tailCommand('/var/log/$(reboot)', 101, 10)).toThrow(/not a plain absolute path/);
    expect(tailCommand('/var/log/syslog', undefined, 0)).toBe("tail -F -n 0 '/var/log/syslog'");
  });

  it('says why a login cannot read container logs, and which one would', async () => {
    const endpoint = normalizeServerUrl('https://pve.example:8006');
    const token = new PveClient({
      endpoint,
      credentials: { mode: 'token', tokenId: 'ops@pve!ro', secret: 'x' },
    });
    const alice = new PveClient({
      endpoint,
      credentials: { mode: 'password', username: 'alice', realm: 'pve', password: 'x' },
    });
    const root = new PveClient({
      endpoint,
      credentials: { mode: 'password', username: 'root', realm: 'pam', password: 'x' },
    });
    const head =
      'Container journals and file tails are read through a node shell, which must be logged in as root@pam';
    const fix = 'Log in as root@pam with a password (Console login) to read them.';
    expect(shellLoginProblem(token, '8.2.4')).toBe(
      `${head}: this profile uses the API token ops@pve!ro, and PVE runs /bin/login for a token's node shell, and this server (PVE 8.2.4) opens no node shell for an API token at all (that came with PVE 9.0.13). ${fix}`,
    );
    expect(shellLoginProblem(alice, '9.1.9')).toBe(
      `${head}: this profile logs in as alice@pve, and PVE runs /bin/login for everyone but root@pam. ${fix}`,
    );
    expect(shellLoginProblem(root, '9.1.9')).toBeUndefined();
    await Promise.all([token.dispose(), alice.dispose(), root.dispose()]);
  });
});
