// A guest's systemd journal, generated rather than stored: the boot of its current run, then the
// units a small production box has (cron, sshd, journald, logind, apt timers) and one application
// service with warnings and errors, on a fixed 2-second slot grid hashed from (vmid, boot, slot).
// Any range can be computed in any order and is the same every time, so following, `-n N`,
// cursors and a file tail all agree. Reused by `pct exec … journalctl` / `tail` (console/pct.ts)
// and the guest agent's `exec` (handlers/agent-exec.ts).

import type { Guest } from './model';
import { hash01 } from './random';
import { APP_LINES, BOOT, OPENRC_BOOT, type Line } from './seed/guest-journal-lines';

/** One journal record, as journalctl's JSON output names its fields (subset). */
export interface JournalRecord {
  /** Realtime, epoch microseconds; strictly increasing along the journal. */
  usec: number;
  /** Order within this boot's journal (the cursor's `i`). */
  seq: number;
  /** Microseconds since boot (monotonic). */
  mono: number;
  unit: string;
  ident: string;
  pid: number;
  priority: number;
  facility: number;
  message: string;
}

const SLOT_S = 2;
/** Records per slot at most (seq = slot × this + index). */
const PER_SLOT = 8;

/** Does this guest run systemd (a journal)? Alpine uses OpenRC and busybox syslogd. */
export function hasSystemd(g: Guest): boolean {
  return g.ostype !== 'alpine' && g.ostype !== 'win11';
}

/** The application service a guest runs, from its name. */
export function appOf(g: Guest): { unit: string; ident: string } {
  const suffix = hasSystemd(g) ? '.service' : '';
  if (/proxy|web|lb/.test(g.name)) return { unit: `haproxy${suffix}`, ident: 'haproxy' };
  if (/db|sql|pg/.test(g.name)) {
    return { unit: hasSystemd(g) ? 'postgresql@16-main.service' : 'postgresql', ident: 'postgres' };
  }
  return { unit: `webapp${suffix}`, ident: 'webapp' };
}

/** 32 hex digits from a few integers (boot and machine ids). */
function hexId(a: number, b: number): string {
  let out = '';
  for (let i = 0; i < 4; i++) {
    out += Math.floor(hash01(a, b, 7001 + i) * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0');
  }
  return out;
}

export function bootId(g: Guest): string {
  return hexId(g.vmid, g.startedAt);
}

export function machineId(g: Guest): string {
  return hexId(g.vmid, 0);
}

/** journald's cursor form: s=seqnum id;i=seqnum;b=boot id;m=monotonic;t=realtime;x=xor hash. */
export function cursorOf(g: Guest, r: JournalRecord): string {
  const boot = bootId(g);
  const x = Math.floor(hash01(g.vmid, r.seq, 7100) * 0x1_0000_0000)
    .toString(16)
    .padStart(16, '0');
  return `s=${hexId(g.vmid, 1)};i=${r.seq.toString(16)};b=${boot};m=${r.mono.toString(16)};t=${r.usec.toString(16)};x=${x}`;
}

/** The realtime of a cursor of this journal, or undefined when it is not one ("Failed to seek"). */
export function cursorTime(cursor: string): number | undefined {
  const m = /(?:^|;)t=([0-9a-f]+)(?:;|$)/.exec(cursor);
  return m ? parseInt(m[1]!, 16) : undefined;
}

/** The records of one slot of this run (slot 0 is the boot). */
function slotLines(g: Guest, slot: number): Line[] {
  const systemd = hasSystemd(g);
  if (slot === 0) return systemd ? BOOT : OPENRC_BOOT;
  const r = (salt: number): number => hash01(g.vmid * 31 + salt, g.startedAt, slot);
  const out: Line[] = [];
  const app = appOf(g);
  const pool = APP_LINES[app.ident]!;
  const a = r(1);
  if (a < 0.5) {
    const sev = r(2);
    const [priority, list] =
      sev < 0.05 ? [3, pool.err] : sev < 0.17 ? [4, pool.warn] : [6, pool.info];
    const message = list[Math.floor(r(3) * list.length)]!;
    out.push({ unit: app.unit, ident: app.ident, priority, facility: 3, message });
  }
  if (slot % 30 === 0 && !systemd) {
    out.push({
      unit: 'crond',
      ident: 'crond',
      priority: 6,
      facility: 9,
      message: 'USER root pid 4242 cmd run-parts /etc/periodic/15min',
    });
  } else if (slot % 30 === 0) {
    out.push(
      {
        unit: 'cron.service',
        ident: 'CRON',
        priority: 6,
        facility: 10,
        message: `pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)`,
      },
      {
        unit: 'cron.service',
        ident: 'CRON',
        priority: 6,
        facility: 9,
        message: `(root) CMD (/usr/local/bin/backup-check >/dev/null 2>&1)`,
      },
      {
        unit: 'cron.service',
        ident: 'CRON',
        priority: 6,
        facility: 10,
        message: `pam_unix(cron:session): session closed for user root`,
      },
    );
  }
  const s = r(4);
  if (s < 0.015) {
    out.push({
      unit: 'ssh.service',
      ident: 'sshd',
      priority: 6,
      facility: 4,
      message: `Accepted publickey for deploy from 10.10.0.5 port ${String(40000 + Math.floor(r(5) * 20000))} ssh2: ED25519 SHA256:3cG0m1JH9yQm0rZb2Jx3kE`,
    });
    if (systemd)
      out.push({
        unit: 'systemd-logind.service',
        ident: 'systemd-logind',
        priority: 6,
        facility: 4,
        message: `New session ${String(slot % 997)} of user deploy.`,
      });
  } else if (s < 0.03) {
    out.push({
      unit: 'ssh.service',
      ident: 'sshd',
      priority: 6,
      facility: 4,
      message: `Invalid user admin from 203.0.113.${String(1 + Math.floor(r(6) * 250))} port ${String(30000 + Math.floor(r(7) * 30000))}`,
    });
  }
  if (slot % 1800 === 900 && systemd) {
    out.push({
      unit: 'init.scope',
      ident: 'systemd',
      priority: 6,
      facility: 3,
      message: 'Starting apt-daily.service - Daily apt download activities...',
    });
    out.push({
      unit: 'init.scope',
      ident: 'systemd',
      priority: 6,
      facility: 3,
      message: 'apt-daily.service: Deactivated successfully.',
    });
  }
  return out.slice(0, PER_SLOT);
}

function pidOf(g: Guest, ident: string, slot: number): number {
  switch (ident) {
    case 'systemd':
      return 1;
    case 'systemd-journald':
      return 48;
    case 'sshd':
      return slot === 0 ? 97 : 2000 + (slot % 30000);
    case 'CRON':
      return 1000 + (slot % 30000);
    case 'systemd-logind':
      return 88;
    default:
      return 100 + (g.vmid % 50);
  }
}

function records(g: Guest, slot: number): JournalRecord[] {
  const boot = g.startedAt;
  return slotLines(g, slot).map((l, i) => {
    const offset = slot * SLOT_S * 1e6 + i * 50_000 + Math.floor(hash01(g.vmid, slot, i) * 40_000);
    return {
      usec: boot * 1e6 + offset,
      seq: slot * PER_SLOT + i + 1,
      mono: 1_200_000 + offset,
      unit: l.unit,
      ident: l.ident,
      pid: pidOf(g, l.ident, slot),
      priority: l.priority,
      facility: l.facility,
      message:
        g.type === 'qemu' && l.message === 'Detected virtualization lxc.'
          ? 'Detected virtualization kvm.'
          : l.message,
    };
  });
}

export type RecordFilter = (r: JournalRecord) => boolean;

/**
 * Records of the current run with `afterUsec < usec <= untilUsec`, oldest first (at most `max`,
 * the newest ones when there are more).
 */
export function recordsBetween(
  g: Guest,
  afterUsec: number,
  untilUsec: number,
  filter: RecordFilter = () => true,
  max = Infinity,
): JournalRecord[] {
  if (g.startedAt <= 0 || untilUsec < g.startedAt * 1e6) return [];
  const first = Math.max(0, Math.floor((afterUsec / 1e6 - g.startedAt) / SLOT_S));
  const last = Math.floor((untilUsec / 1e6 - g.startedAt) / SLOT_S);
  const out: JournalRecord[] = [];
  // Newest first, so `max` keeps the newest, and a huge range costs only what it returns.
  for (let slot = last; slot >= first && out.length < max; slot--) {
    const rs = records(g, slot);
    for (let i = rs.length - 1; i >= 0 && out.length < max; i--) {
      const r = rs[i]!;
      if (r.usec > afterUsec && r.usec <= untilUsec && filter(r)) out.push(r);
    }
  }
  return out.reverse();
}

/** The newest `n` records up to `untilUsec`. */
export function lastRecords(
  g: Guest,
  n: number,
  untilUsec: number,
  filter?: RecordFilter,
): JournalRecord[] {
  if (n <= 0) return [];
  return recordsBetween(g, g.startedAt * 1e6 - 1, untilUsec, filter, n);
}

/** A unit filter as `journalctl -u NAME` matches it: NAME, or NAME.service without a suffix. */
export function unitFilter(units: readonly string[]): RecordFilter | undefined {
  if (units.length === 0) return undefined;
  const wanted = new Set(units.map((u) => (/\.[a-z]+$/.test(u) ? u : `${u}.service`)));
  return (r) => wanted.has(r.unit);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LEVELS = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];
const FACILITIES = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
];

/** `Dec  1 11:40:01` (syslog's form, UTC: the demo's guests run in UTC). */
export function syslogStamp(usec: number, padDay: 'space' | 'zero'): string {
  const d = new Date(Math.floor(usec / 1000));
  const day = String(d.getUTCDate()).padStart(2, padDay === 'zero' ? '0' : ' ');
  const time = d.toISOString().slice(11, 19);
  return `${MONTHS[d.getUTCMonth()]!} ${day} ${time}`;
}

/** A line of /var/log/messages as busybox syslogd writes it (Alpine): with facility.level. */
export function busyboxLine(g: Guest, r: JournalRecord): string {
  const fac = FACILITIES[r.facility] ?? 'daemon';
  return `${syslogStamp(r.usec, 'space')} ${g.name} ${fac}.${LEVELS[r.priority]!} ${r.ident}[${String(r.pid)}]: ${r.message}`;
}
