// `journalctl` as a guest runs it (systemd 252, Debian 12), over the generated journal of
// ../guest-journal.ts: -n/--lines, -u/--unit, -o short|short-iso|short-precise|json|cat,
// --after-cursor, --since (epoch `@N` or `YYYY-MM-DD HH:MM:SS`, UTC), --no-tail, -f/--follow,
// --no-pager, -q, --version. Shared by `pct exec` (console/pct.ts) and the agent's exec.

import type { Guest } from '../model';
import {
  bootId,
  cursorOf,
  cursorTime,
  lastRecords,
  machineId,
  recordsBetween,
  syslogStamp,
  unitFilter,
  type JournalRecord,
  type RecordFilter,
} from '../guest-journal';

export type JournalFormat = 'short' | 'short-iso' | 'short-precise' | 'json' | 'cat';
const FORMATS: readonly string[] = ['short', 'short-iso', 'short-precise', 'json', 'cat'];

export interface JournalQuery {
  follow: boolean;
  /** undefined: journalctl's default (all, or 10 with -f). */
  lines?: number | 'all';
  noTail: boolean;
  units: string[];
  format: JournalFormat;
  afterCursor?: string;
  sinceUsec?: number;
  version: boolean;
}

export const JOURNALCTL_VERSION =
  'systemd 252 (252.33-1~deb12u1)\n+PAM +AUDIT +SELINUX +APPARMOR +IMA +SMACK +SECCOMP +GCRYPT -GNUTLS +OPENSSL +ACL +BLKID +CURL +ELFUTILS +FIDO2 +IDN2 -IDN +IPTC +KMOD +LIBCRYPTSETUP +LIBFDISK +PCRE2 -PWQUALITY +P11KIT +QRENCODE +TPM2 +BZIP2 +LZ4 +XZ +ZLIB +ZSTD -BPF_FRAMEWORK -XKBCOMMON +UTMP +SYSVINIT default-hierarchy=unified\n';

/** Parse journalctl's arguments, or the error text it prints (exit 1). */
export function parseJournalArgs(args: readonly string[]): JournalQuery | { error: string } {
  const q: JournalQuery = {
    follow: false,
    noTail: false,
    units: [],
    format: 'short',
    version: false,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const long = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined;
    const value = (): string | undefined => {
      if (inline !== undefined) return inline;
      if (!a.startsWith('--') && a.length > 2) return a.slice(2);
      return args[++i];
    };
    const short = a.startsWith('-') && !a.startsWith('--') ? a.slice(0, 2) : undefined;
    const opt = short ?? long;
    switch (opt) {
      case '-f':
      case '--follow':
        q.follow = true;
        if (short && a.length > 2) return { error: `journalctl: invalid option -- '${a[2]!}'` };
        break;
      case '-q':
      case '--quiet':
      case '--no-pager':
      case '--no-hostname':
        break;
      case '--no-tail':
        q.noTail = true;
        break;
      case '--version':
        q.version = true;
        break;
      case '-n':
      case '--lines': {
        const v = value();
        if (v === 'all') q.lines = 'all';
        else if (v !== undefined && /^\+?\d+$/.test(v)) q.lines = Number(v.replace('+', ''));
        else return { error: `Failed to parse lines '${v ?? ''}'` };
        break;
      }
      case '-u':
      case '--unit': {
        const v = value();
        if (v === undefined) return { error: `journalctl: option requires an argument -- 'u'` };
        q.units.push(v);
        break;
      }
      case '-o':
      case '--output': {
        const v = value() ?? '';
        if (!FORMATS.includes(v)) return { error: `Unknown output format '${v}'.` };
        q.format = v as JournalFormat;
        break;
      }
      case '--after-cursor': {
        const v = value();
        if (v === undefined)
          return { error: `journalctl: option '--after-cursor' requires an argument` };
        q.afterCursor = v;
        break;
      }
      case '-S':
      case '--since': {
        const v = value() ?? '';
        const usec = parseSince(v);
        if (usec === undefined) return { error: `Failed to parse timestamp: ${v}` };
        q.sinceUsec = usec;
        break;
      }
      default:
        return {
          error: a.startsWith('--')
            ? `journalctl: unrecognized option '${a}'`
            : `journalctl: invalid option -- '${a.slice(1, 2)}'`,
        };
    }
  }
  return q;
}

function parseSince(v: string): number | undefined {
  if (/^@\d+(\.\d+)?$/.test(v)) return Math.floor(Number(v.slice(1)) * 1e6);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(v);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  return Date.UTC(y!, mo! - 1, d!, h, mi, s) * 1000;
}

/** What a query prints first, and from where a follow continues; or the error it exits with. */
export function initialRecords(
  g: Guest,
  q: JournalQuery,
  nowUsec: number,
): { records: JournalRecord[]; filter: RecordFilter | undefined } | { error: string } {
  const filter = unitFilter(q.units);
  let after = -1;
  if (q.afterCursor !== undefined) {
    const t = cursorTime(q.afterCursor);
    if (t === undefined) return { error: 'Failed to seek to cursor: Invalid argument' };
    after = t;
  } else if (q.sinceUsec !== undefined) {
    after = q.sinceUsec - 1;
  }
  const lines = q.noTail ? 'all' : (q.lines ?? (q.follow ? 10 : 'all'));
  // A start position (cursor, since) wins over -n, as in journalctl's seek order.
  if (after >= 0 || lines === 'all') {
    return { records: recordsBetween(g, after, nowUsec, filter), filter };
  }
  return { records: lastRecords(g, lines, nowUsec, filter), filter };
}

const RED = '\u001b[0;1;31m';
const YELLOW = '\u001b[0;1;33m';
const NORMAL = '\u001b[0m';

/** One record as journalctl prints it (a line with its newline). `tty`: highlight by priority. */
export function formatRecord(
  g: Guest,
  r: JournalRecord,
  format: JournalFormat,
  tty: boolean,
): string {
  if (format === 'json') return `${JSON.stringify(jsonRecord(g, r))}\n`;
  if (format === 'cat') return `${r.message}\n`;
  const d = new Date(Math.floor(r.usec / 1000));
  const stamp =
    format === 'short-iso'
      ? `${d.toISOString().slice(0, 19)}+00:00`
      : format === 'short-precise'
        ? `${syslogStamp(r.usec, 'zero')}.${String(r.usec % 1e6).padStart(6, '0')}`
        : syslogStamp(r.usec, 'zero');
  const head = `${stamp} ${g.name} ${r.ident}[${String(r.pid)}]: `;
  const colour = tty ? (r.priority <= 3 ? RED : r.priority === 4 ? YELLOW : '') : '';
  return colour ? `${head}${colour}${r.message}${NORMAL}\n` : `${head}${r.message}\n`;
}

/** journalctl -o json: binary-unsafe text (control characters) goes out as a byte array. */
function jsonRecord(g: Guest, r: JournalRecord): Record<string, unknown> {
  // eslint-disable-next-line no-control-regex
  const printable = !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(r.message);
  return {
    __CURSOR: cursorOf(g, r),
    __REALTIME_TIMESTAMP: String(r.usec),
    __MONOTONIC_TIMESTAMP: String(r.mono),
    _BOOT_ID: bootId(g),
    _MACHINE_ID: machineId(g),
    _HOSTNAME: g.name,
    _TRANSPORT: r.ident === 'systemd-journald' ? 'driver' : 'syslog',
    PRIORITY: String(r.priority),
    SYSLOG_FACILITY: String(r.facility),
    SYSLOG_IDENTIFIER: r.ident,
    _PID: String(r.pid),
    _COMM: r.ident.toLowerCase(),
    _SYSTEMD_UNIT: r.unit,
    MESSAGE: printable ? r.message : [...Buffer.from(r.message, 'utf8')],
  };
}
