// The nodes' systemd journals: a seeded history (the end of the previous boot, the boot, the last
// two hours) and new lines as the simulated clock moves (`linesPerSecond`, adjustable for the
// bench), made lazily when read, so no timer runs. Entries carry cursors in journald's format
// (`s=…;i=…;b=…;m=…;t=…;x=…`). Reading follows mini-journalreader -j (pve-manager's
// GET /nodes/{node}/journal) step by step: its seeks, skips, conflicts and quirks (journal-read.ts).

import { hash01 } from './random';
import type { SimClock } from './clock';
import type { DemoNode } from './model';
import { journalMessage } from './journal-text';

export interface JournalEntry {
  seqnum: number;
  /** epoch µs */
  realtimeUs: number;
  bootId: string;
  /** µs since that boot */
  monotonicUs: number;
  host: string;
  ident: string;
  pid?: number;
  message: string;
  cursor: string;
}

/** Most entries kept per node; older ones are rotated away as journald's vacuum would. */
const MAX_ENTRIES = 100_000;
/** Most entries made in one catch-up (a clock jumped days forward). */
const MAX_CATCH_UP = 100_000;
const HISTORY_SECONDS = 2 * 3600;

function hex(n: number, width: number): string {
  return Math.floor(n).toString(16).padStart(width, '0');
}

function idOf(seed: number, salt: number, k: number): string {
  let out = '';
  for (let i = 0; i < 4; i++) out += hex(hash01(seed, salt + i, k) * 2 ** 32, 8);
  return out;
}

export class NodeJournal {
  readonly entries: JournalEntry[] = [];
  private nextSeq = 1;
  private readonly seqnumId: string;
  private readonly bootId: string;
  private readonly previousBootId: string;
  /** simulated epoch ms up to which lines exist */
  private madeUntilMs: number;

  constructor(
    readonly node: DemoNode,
    private readonly seed: number,
    private readonly clock: SimClock,
    private readonly rate: () => number,
  ) {
    const k = node.nodeid;
    this.seqnumId = idOf(seed, 101, k);
    this.bootId = idOf(seed, 211, k);
    this.previousBootId = idOf(seed, 307, k);
    const now = clock.nowMs();
    const bootMs = node.bootedAt * 1000;
    // The previous boot's last minutes and its shutdown.
    const downMs = bootMs - 90_000;
    for (let i = 0; i < 30; i++) {
      this.append(downMs - (30 - i) * 20_000, this.previousBootId, bootMs - 40 * 86_400_000, i);
    }
    for (const [ident, message] of SHUTDOWN)
      this.add(downMs, this.previousBootId, bootMs - 40 * 86_400_000, ident, message);
    // This boot: kernel and services starting.
    BOOT.forEach(([ident, message], i) =>
      this.add(bootMs + i * 150, this.bootId, bootMs, ident, message),
    );
    // The last two hours (or since the boot), at the normal rate.
    const from = Math.max(bootMs + 60_000, now - HISTORY_SECONDS * 1000);
    this.madeUntilMs = from;
    this.catchUp(now, 0.5);
  }

  /** Make the lines up to now. */
  catchUp(nowMs: number = this.clock.nowMs(), rateOverride?: number): void {
    // A node that is down writes nothing: its journal resumes from when it is back.
    if (!this.node.online && rateOverride === undefined) {
      this.madeUntilMs = Math.max(this.madeUntilMs, nowMs);
      return;
    }
    const rate = rateOverride ?? this.rate();
    if (rate <= 0 || nowMs <= this.madeUntilMs) {
      this.madeUntilMs = Math.max(this.madeUntilMs, nowMs);
      return;
    }
    const stepMs = 1000 / rate;
    let count = Math.floor((nowMs - this.madeUntilMs) / stepMs);
    if (count > MAX_CATCH_UP) {
      this.madeUntilMs = nowMs - MAX_CATCH_UP * stepMs;
      count = MAX_CATCH_UP;
    }
    const bootMs = this.node.bootedAt * 1000;
    for (let i = 1; i <= count; i++) {
      this.append(this.madeUntilMs + i * stepMs, this.bootId, bootMs, this.nextSeq);
    }
    this.madeUntilMs += count * stepMs;
    if (this.entries.length > MAX_ENTRIES)
      this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  /** Index of the entry a cursor names, or of the first after it when it was rotated away. */
  seekCursor(cursor: string): number | undefined {
    const m = /(?:^|;)i=([0-9a-f]+)(?:;|$)/.exec(cursor);
    if (!m || !/(?:^|;)s=[0-9a-f]{32}(?:;|$)/.test(cursor)) return undefined;
    const seq = parseInt(m[1]!, 16);
    const first = this.entries[0]?.seqnum ?? this.nextSeq;
    return Math.max(0, Math.min(this.entries.length, seq - first));
  }

  private append(ms: number, bootId: string, bootMs: number, k: number): void {
    const [ident, message, pid] = journalMessage(this.seed, this.node.nodeid, k);
    this.add(ms, bootId, bootMs, ident, message, pid);
  }

  private add(
    ms: number,
    bootId: string,
    bootMs: number,
    ident: string,
    message: string,
    pid?: number,
  ): void {
    const seqnum = this.nextSeq++;
    const realtimeUs = Math.round(ms * 1000);
    const monotonicUs = Math.max(0, Math.round((ms - bootMs) * 1000));
    const xor =
      hex(hash01(this.seed, seqnum, this.node.nodeid) * 2 ** 32, 8) +
      hex((seqnum * 2654435761) % 2 ** 32, 8);
    const cursor = `s=${this.seqnumId};i=${seqnum.toString(16)};b=${bootId};m=${monotonicUs.toString(16)};t=${realtimeUs.toString(16)};x=${xor}`;
    const e: JournalEntry = {
      seqnum,
      realtimeUs,
      bootId,
      monotonicUs,
      host: this.node.name,
      ident,
      message,
      cursor,
    };
    if (pid !== undefined) e.pid = pid;
    this.entries.push(e);
  }
}

const SHUTDOWN: [string, string][] = [
  ['systemd', 'Stopping pve-guests.service - PVE guests...'],
  ['pve-guests', '<root@pam> starting task stopall'],
  ['systemd', 'Stopped pve-guests.service - PVE guests.'],
  ['systemd', 'Stopping pveproxy.service - PVE API Proxy Server...'],
  ['systemd', 'Reached target shutdown.target - System Shutdown.'],
  ['systemd-journald', 'Journal stopped'],
];

const BOOT: [string, string][] = [
  [
    'kernel',
    'Linux version 6.14.8-2-pve (build@proxmox) (gcc (Debian 14.2.0-19) 14.2.0) #1 SMP PREEMPT_DYNAMIC PMX 6.14.8-2',
  ],
  [
    'kernel',
    'Command line: BOOT_IMAGE=/boot/vmlinuz-6.14.8-2-pve root=/dev/mapper/pve-root ro quiet',
  ],
  ['systemd-journald', 'Journal started'],
  ['systemd', 'Started systemd-udevd.service - Rule-based Manager for Device Events and Files.'],
  ['systemd', 'Reached target network-online.target - Network is Online.'],
  ['systemd', 'Started pve-cluster.service - The Proxmox VE cluster filesystem.'],
  ['corosync', '[MAIN  ] Corosync Cluster Engine 3.1.9 starting up'],
  ['systemd', 'Started pvedaemon.service - PVE API Daemon.'],
  ['systemd', 'Started pveproxy.service - PVE API Proxy Server.'],
  ['systemd', 'Started pve-guests.service - PVE guests.'],
];

/** The zone the demo nodes run in (their journal lines print local time). */
export const DEMO_TIMEZONE = 'Europe/Vienna';

/** Every node's journal, made on first read; one line rate for all (lines per second per node). */
export class DemoJournals {
  private readonly journals = new Map<string, NodeJournal>();
  private rate: number;

  constructor(
    private readonly seed: number,
    private readonly clock: SimClock,
    linesPerSecond: number,
  ) {
    this.rate = linesPerSecond;
  }

  of(node: DemoNode): NodeJournal {
    let j = this.journals.get(node.name);
    if (!j) {
      j = new NodeJournal(node, this.seed, this.clock, () => this.rate);
      this.journals.set(node.name, j);
    }
    j.catchUp();
    return j;
  }

  /** Change the line rate from now on (lines already made stay). */
  setRate(linesPerSecond: number): void {
    for (const j of this.journals.values()) j.catchUp();
    this.rate = Math.max(0, linesPerSecond);
  }
}

/** The node's UTC offset at `ms` (ms), in DEMO_TIMEZONE. */
export function zoneOffsetMs(ms: number, timeZone = DEMO_TIMEZONE): number {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  });
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, Number(x.value)]));
  const local = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return local - Math.floor(ms / 1000) * 1000;
}
