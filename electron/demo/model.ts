// The cluster's state: nodes, storages, pools and guests, generated from a seed (the seed data
// itself is in seed/). Only what changes over time by events (power state, locks, HA state) is
// stored; stats are derived from the clock in stats.ts.

import { normalizeTags } from '../../shared/tags';
import { createRng, pick, randomInt } from './random';
import { BLUEPRINTS, TEMPLATES, type Blueprint } from './seed/guests';
import { seedSnapshots } from './seed/snapshots';
import { gibSize } from './size';
import { NODE_STORAGES } from './seed/storages';

export type GuestType = 'qemu' | 'lxc';
/** qemu uses running/paused/stopped (QMP run state); lxc running/stopped. */
export type RunState = 'running' | 'paused' | 'stopped';

export interface GuestProfile {
  cpuBase: number;
  memFrac: number;
  diskFrac: number;
  netInRate: number;
  netOutRate: number;
  diskReadRate: number;
  diskWriteRate: number;
}

export interface Guest {
  vmid: number;
  type: GuestType;
  node: string;
  name: string;
  template: boolean;
  /** normalised, as stored */
  tags: string[];
  pool?: string;
  lock?: string;
  /** configured HA state, when HA-managed */
  ha?: 'started' | 'stopped';
  /** `protection: 1`: removal refused (and its disks' removal) */
  protection?: boolean;
  cores: number;
  memoryMiB: number;
  diskGiB: number;
  ostype: string;
  mac: string;
  ip: string;
  agent: boolean;
  /** qemu: the agent is configured but does not answer (qemu-ga missing or stopped) */
  agentDown?: boolean;
  /** lxc: net0 takes its addresses by DHCP and SLAAC (`ip=dhcp,ip6=auto`) */
  dhcp?: boolean;
  /** qemu: a cloud-init drive, with `ipconfig0` static or DHCP */
  cloudInit?: 'static' | 'dhcp';
  /** qemu: `serial0: socket` is configured (a serial console for termproxy) */
  serial: boolean;
  /** a created guest's `net0` as given (create.ts); otherwise derived from mac/ip/dhcp */
  net0?: string;
  /** lxc: `swap` in MiB (512 unless created otherwise); `unprivileged: 0` when privileged */
  swapMiB?: number;
  privileged?: boolean;
  run: RunState;
  /** test knob: the guest OS ignores ACPI shutdown (a shutdown task runs until its timeout) */
  ignoresShutdown?: boolean;
  /** lxc: `lxc-checkpoint -s` left a dump for resume (the CT is stopped meanwhile) */
  frozen: boolean;
  /** simulated epoch seconds the current run began (uptime and counters count from here) */
  startedAt: number;
  pid: number;
  profile: GuestProfile;
  /** snapshots in the order taken (snapshots.ts); `parent` is the current state's parent */
  snapshots: Snapshot[];
  parent?: string;
  /** options beyond the modelled fields (description, onboot, balloon…), raw as in the file (config.ts) */
  extra?: Record<string, string>;
  /** the `[PENDING]` section: values to set, keys to delete (2 = forced) (config.ts) */
  pending?: { set: Record<string, string>; del: Record<string, 1 | 2> };
}

/** The config a snapshot keeps: what a rollback restores. */
export interface SnapshotConf {
  name: string;
  cores: number;
  memoryMiB: number;
  tags: string[];
}

/** One `[snapname]` section of a guest's config. */
export interface Snapshot {
  name: string;
  description: string;
  snaptime: number;
  parent?: string;
  /** qemu: the RAM was saved (`vmstate: <volid>`) */
  vmstate: boolean;
  /** set while a task works on it, and left behind by one that failed */
  snapstate?: 'prepare' | 'delete';
  /** the volume snapshots are missing (a failed create): deleting needs `force` */
  broken?: boolean;
  conf: SnapshotConf;
}

export interface Storage {
  storage: string;
  plugintype: string;
  shared: boolean;
  content: string;
  maxdisk: number;
  usedFrac: number;
}

export interface DemoNode {
  name: string;
  nodeid: number;
  ip: string;
  online: boolean;
  maxcpu: number;
  maxmem: number;
  maxdisk: number;
  bootedAt: number;
  /** certificate fingerprint; the local node's follows the served certificate */
  fingerprint: string;
  /** its pve-ssl.pem, when the demo serves this node itself (node-servers.ts) */
  certificatePem?: string;
  storages: Storage[];
}

export interface ClusterState {
  name: string;
  /**
   * A standalone node (never joined to a cluster): one node, no `cluster` entry in /cluster/status,
   * no `clustername` at login, no HA.
   */
  standalone: boolean;
  nodes: DemoNode[];
  guests: Map<number, Guest>;
  /** guests in vmid order, for listings */
  order: Guest[];
  pools: string[];
  /** bumped on every change that affects listings, so cached renderings can be reused */
  version: number;
}

export interface ModelOptions {
  seed: number;
  nodes: number;
  guests: number;
  offlineNodes: number;
  now: number;
  /** One node that is in no cluster (named `standaloneName`, default 'pve-edge'). */
  standalone?: boolean;
  standaloneName?: string;
  /** Where in the blueprint list the guests start (the standalone demo's homelab half). */
  firstBlueprint?: number;
}

const GiB = 1024 ** 3;

function hexByte(rng: () => number): string {
  return Math.floor(rng() * 256)
    .toString(16)
    .toUpperCase()
    .padStart(2, '0');
}

function fakeFingerprint(rng: () => number): string {
  return Array.from({ length: 32 }, () => hexByte(rng)).join(':');
}

function storagesFor(rng: () => number): Storage[] {
  // In list order, so the generator's draws stay where they were.
  return NODE_STORAGES.map(({ usedBase, usedSpread, ...st }) => ({
    ...st,
    usedFrac: usedSpread > 0 ? usedBase + rng() * usedSpread : usedBase,
  }));
}

export function createCluster(opts: ModelOptions): ClusterState {
  const rng = createRng(opts.seed);
  const standalone = opts.standalone === true;
  const nodeCount = standalone ? 1 : Math.max(1, opts.nodes);
  const offline = Math.min(Math.max(0, opts.offlineNodes), nodeCount - 1);
  const nodes: DemoNode[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const maxcpu = pick(rng, [16, 24, 32, 64]);
    nodes.push({
      name: standalone ? (opts.standaloneName ?? 'pve-edge') : `pve${i + 1}`,
      // A node in no cluster has no corosync node id: PVE reports 0.
      nodeid: standalone ? 0 : i + 1,
      ip: `10.10.0.${11 + i}`,
      online: i < nodeCount - offline,
      maxcpu,
      maxmem: maxcpu * 8 * GiB,
      maxdisk: 100 * GiB,
      bootedAt: opts.now - randomInt(rng, 5, 60) * 86400 - randomInt(rng, 0, 86399),
      fingerprint: fakeFingerprint(rng),
      storages: storagesFor(rng),
    });
  }

  const total = Math.max(0, opts.guests);
  const templateCount = total >= 10 ? 3 : 0;
  const regular = total - templateCount;
  const guests = new Map<number, Guest>();
  let lockedOne = false;
  const make = (
    bp: Blueprint,
    vmid: number,
    node: DemoNode,
    suffix: string,
    template: boolean,
  ): Guest => {
    const cycleRandom = suffix !== '';
    const running = node.online && !template && (cycleRandom ? rng() < 0.65 : bp.running);
    const nodeUptime = opts.now - node.bootedAt;
    // Most guests came up with their node; some were restarted since.
    const since =
      rng() < 0.5 ? nodeUptime - randomInt(rng, 30, 300) : randomInt(rng, 600, nodeUptime);
    const startedAt = running ? opts.now - Math.max(60, since) : 0;
    const g: Guest = {
      vmid,
      type: bp.type,
      node: node.name,
      name: `${bp.name}${suffix}`,
      template,
      tags: normalizeTags(bp.tags.split(';')),
      cores: bp.cores,
      memoryMiB: bp.mem,
      diskGiB: bp.disk,
      ostype: bp.os,
      mac: `BC:24:11:${hexByte(rng)}:${hexByte(rng)}:${hexByte(rng)}`,
      ip: `10.10.${1 + (Math.floor(vmid / 250) % 250)}.${(vmid % 250) + 2}`,
      agent: bp.type === 'qemu' && bp.agent !== 'none',
      // Some Linux VMs have a serial port, as people add for `qm terminal` and serial consoles.
      serial: bp.type === 'qemu' && bp.os === 'l26' && vmid % 2 === 1,
      run: running ? 'running' : 'stopped',
      frozen: false,
      startedAt,
      pid: running ? randomInt(rng, 2000, 4_000_000) : 0,
      snapshots: [],
      profile: {
        cpuBase: 0.01 + rng() * 0.35,
        memFrac: 0.25 + rng() * 0.55,
        diskFrac: 0.15 + rng() * 0.6,
        netInRate: 500 + rng() * 400_000,
        netOutRate: 500 + rng() * 900_000,
        diskReadRate: 1000 + rng() * 2_000_000,
        diskWriteRate: 1000 + rng() * 1_000_000,
      },
    };
    if (bp.pool) g.pool = bp.pool;
    // The primary database is protected against removal, as people set it on what matters most.
    if (bp.name === 'db-primary') g.protection = true;
    if (bp.agent === 'not-running') g.agentDown = true;
    if (bp.dhcp) g.dhcp = true;
    if (bp.cloudInit && bp.type === 'qemu') g.cloudInit = bp.cloudInit;
    // HA on a dead node would be fenced and recovered; keep HA guests on live nodes.
    if (bp.ha && node.online && !standalone) g.ha = running ? 'started' : 'stopped';
    if (bp.lock && !lockedOne && node.online) {
      g.lock = bp.lock;
      lockedOne = true;
    }
    return g;
  };

  for (let i = 0; i < regular; i++) {
    const cycle = Math.floor(i / BLUEPRINTS.length);
    const bp = BLUEPRINTS[(i + (opts.firstBlueprint ?? 0)) % BLUEPRINTS.length]!;
    const node = nodes[i % nodeCount]!;
    const vmid = 100 + i;
    guests.set(vmid, make(bp, vmid, node, cycle === 0 ? '' : `-${cycle + 1}`, false));
  }
  const templateBase = 100 + regular <= 9000 ? 9000 : 100 + regular;
  for (let j = 0; j < templateCount; j++) {
    const vmid = templateBase + j;
    guests.set(vmid, make(TEMPLATES[j]!, vmid, nodes[0]!, '', true));
  }

  seedSnapshots(guests, opts.now);
  return {
    name: 'deckhand-demo',
    standalone,
    nodes,
    guests,
    order: [...guests.values()].sort((a, b) => a.vmid - b.vmid),
    pools: ['lab', 'prod'],
    version: 1,
  };
}

export function findNode(state: ClusterState, name: string): DemoNode | undefined {
  return state.nodes.find((n) => n.name === name);
}

/** Rendered config file text (current config, then one section per snapshot), as `digest` hashes it. */
export function configText(g: Guest): string {
  const extra = Object.entries(g.extra ?? {}).filter(([k]) => k !== 'description');
  const main = [...guestLines(g), ...extra.map(([k, v]) => `${k}: ${v}`)].sort(byKey);
  const desc = g.extra?.description?.split('\n').map((l) => `#${l}`) ?? [];
  let text = [...desc, ...main].join('\n') + '\n';
  if (g.pending) {
    const del = Object.entries(g.pending.del).map(([k, f]) => (f === 2 ? `!${k}` : k));
    const set = Object.entries(g.pending.set).map(([k, v]) => `${k}: ${v}`);
    if (del.length) set.push(`delete: ${del.sort().join(',')}`);
    text += `\n[PENDING]\n${set.sort(byKey).join('\n')}\n`;
  }
  for (const s of g.snapshots) {
    const lines = guestLines({ ...g, ...s.conf, lock: undefined, parent: s.parent });
    if (s.snapstate) lines.push(`snapstate: ${s.snapstate}`);
    lines.push(`snaptime: ${s.snaptime}`);
    if (s.vmstate) lines.push(`vmstate: local-lvm:vm-${g.vmid}-state-${s.name}`);
    const desc = s.description ? s.description.split('\n').map((l) => `#${l}`) : [];
    text += `\n[${s.name}]\n${[...desc, ...lines].join('\n')}\n`;
  }
  return text;
}

function byKey(a: string, b: string): number {
  const ka = a.slice(0, a.indexOf(':'));
  const kb = b.slice(0, b.indexOf(':'));
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function guestLines(g: Guest): string[] {
  const lines: string[] = [];
  if (g.type === 'qemu') {
    if (g.agent) lines.push('agent: 1');
    lines.push('boot: order=scsi0;net0');
    lines.push(`cores: ${g.cores}`);
    lines.push('cpu: x86-64-v2-AES');
    if (g.cloudInit) {
      lines.push(`ide2: local-lvm:vm-${g.vmid}-cloudinit,media=cdrom`);
      lines.push(
        g.cloudInit === 'static' ? `ipconfig0: ip=${g.ip}/16,gw=10.10.0.1` : 'ipconfig0: ip=dhcp',
      );
    }
    if (g.lock) lines.push(`lock: ${g.lock}`);
    lines.push(`memory: ${g.memoryMiB}`);
    lines.push(`name: ${g.name}`);
    // net0 '' = removed (config.ts)
    if (g.net0 !== '') lines.push(`net0: ${g.net0 ?? `virtio=${g.mac},bridge=vmbr0,firewall=1`}`);
    lines.push('numa: 0');
    lines.push(`ostype: ${g.ostype}`);
    if (g.parent) lines.push(`parent: ${g.parent}`);
    if (g.protection) lines.push('protection: 1');
    lines.push(`scsi0: local-lvm:vm-${g.vmid}-disk-0,iothread=1,size=${gibSize(g.diskGiB)}`);
    lines.push('scsihw: virtio-scsi-single');
    if (g.serial) lines.push('serial0: socket');
    lines.push(`smbios1: uuid=${uuidFor(g.vmid)}`);
    lines.push('sockets: 1');
    if (g.tags.length) lines.push(`tags: ${g.tags.join(';')}`);
    if (g.template) lines.push('template: 1');
    lines.push(`vmgenid: ${uuidFor(g.vmid + 7)}`);
  } else {
    lines.push('arch: amd64');
    lines.push(`cores: ${g.cores}`);
    lines.push('features: nesting=1');
    lines.push(`hostname: ${g.name}`);
    if (g.lock) lines.push(`lock: ${g.lock}`);
    lines.push(`memory: ${g.memoryMiB}`);
    if (g.net0 !== '')
      lines.push(
        g.net0
          ? `net0: ${g.net0}`
          : g.dhcp
            ? `net0: name=eth0,bridge=vmbr0,firewall=1,hwaddr=${g.mac},ip=dhcp,ip6=auto,type=veth`
            : `net0: name=eth0,bridge=vmbr0,firewall=1,gw=10.10.0.1,hwaddr=${g.mac},ip=${g.ip}/16,type=veth`,
      );
    lines.push(`ostype: ${g.ostype}`);
    if (g.parent) lines.push(`parent: ${g.parent}`);
    if (g.protection) lines.push('protection: 1');
    lines.push(`rootfs: local-lvm:vm-${g.vmid}-disk-0,size=${gibSize(g.diskGiB)}`);
    lines.push(`swap: ${g.swapMiB ?? 512}`);
    if (g.tags.length) lines.push(`tags: ${g.tags.join(';')}`);
    if (g.template) lines.push('template: 1');
    lines.push(`unprivileged: ${g.privileged ? 0 : 1}`);
  }
  return lines;
}

function uuidFor(n: number): string {
  const h = (n * 2654435761) >>> 0;
  const x = h.toString(16).padStart(8, '0');
  return `${x}-${x.slice(0, 4)}-4${x.slice(1, 4)}-8${x.slice(4, 7)}-${x}${x.slice(0, 4)}`;
}

/** Parse the rendered config back into the key/value object GET …/config returns. */
export function configObject(text: string): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const line of text.split('\n')) {
    // The current config ends where the first snapshot section begins.
    if (line.startsWith('[')) break;
    if (line.startsWith('#')) {
      const d = out.description;
      out.description = d === undefined ? line.slice(1) : `${String(d)}\n${line.slice(1)}`;
      continue;
    }
    const i = line.indexOf(': ');
    if (i <= 0) continue;
    const key = line.slice(0, i);
    const value = line.slice(i + 2);
    // PVE returns numeric options as numbers, property strings as strings.
    out[key] = /^\d+$/.test(value) ? Number(value) : value;
  }
  return out;
}
