// The demo's storage contents and backup jobs: backup volumes (file storages' vzdump archives and
// the PBS-like storage's snapshots, with PVE's volid formats), ISO images, container templates,
// the guests' disk images (derived from the guests), and /cluster/backup jobs. Kept beside the
// simulation (one per Simulation), seeded from its seed; space used follows what is written.

import type { Guest, DemoNode, Storage } from './model';
import { createRng } from './random';
import type { Simulation } from './sim';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** What a backup archive holds of its guest: enough to restore it. */
export type GuestImage = Pick<
  Guest,
  'type' | 'name' | 'cores' | 'memoryMiB' | 'diskGiB' | 'ostype' | 'tags' | 'agent' | 'serial'
> &
  Partial<Pick<Guest, 'profile' | 'mac' | 'ip'>>;

export interface Volume {
  volid: string;
  content: 'backup' | 'iso' | 'vztmpl';
  format: string;
  size: number;
  ctime: number;
  vmid?: number;
  subtype?: 'qemu' | 'lxc';
  notes?: string;
  protected?: boolean;
  verification?: { state: 'ok' | 'failed'; upid: string };
  encrypted?: string;
  image?: GuestImage;
}

export interface BackupJob {
  id: string;
  type: 'vzdump';
  schedule: string;
  enabled: boolean;
  storage: string;
  mode: 'snapshot' | 'suspend' | 'stop';
  compress?: string;
  all?: boolean;
  vmid?: string;
  exclude?: string;
  node?: string;
  comment?: string;
  'notes-template'?: string;
  'prune-backups'?: string;
}

/** PVE's file-archive time stamp: 2026_11_30-02_00_03 (local time; the demo's is UTC). */
export function fileStamp(epoch: number): string {
  const iso = new Date(epoch * 1000).toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '_')}-${iso.slice(11, 19).replace(/:/g, '_')}`;
}

/** PBS snapshot time: 2026-11-30T02:00:03Z. */
export function pbsStamp(epoch: number): string {
  return new Date(epoch * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
}

export function isPbs(st: Pick<Storage, 'plugintype'>): boolean {
  return st.plugintype === 'pbs';
}

export function compressExt(compress: string | undefined): string {
  switch (compress) {
    case 'gzip':
    case '1':
      return '.gz';
    case 'lzo':
      return '.lzo';
    case 'zstd':
      return '.zst';
    default:
      return '';
  }
}

/** The volid and format a new backup of `g` on `st` gets (pve-storage archive naming). */
export function backupName(
  st: Storage,
  g: Pick<Guest, 'type' | 'vmid'>,
  ctime: number,
  compress?: string,
): { volid: string; format: string } {
  if (isPbs(st)) {
    const kind = g.type === 'qemu' ? 'vm' : 'ct';
    return {
      volid: `${st.storage}:backup/${kind}/${g.vmid}/${pbsStamp(ctime)}`,
      format: `pbs-${kind}`,
    };
  }
  const base = g.type === 'qemu' ? 'vma' : 'tar';
  const format = `${base}${compressExt(compress)}`;
  return {
    volid: `${st.storage}:backup/vzdump-${g.type}-${g.vmid}-${fileStamp(ctime)}.${format}`,
    format,
  };
}

/** How big an archive of the guest is (used data, compressed as asked). */
export function archiveSize(g: Guest, pbs: boolean, compress?: string): number {
  const used = g.diskGiB * GiB * (g.profile.diskFrac * 0.8);
  const ratio = pbs ? 0.45 : compress === undefined || compress === '0' ? 1 : 0.5;
  return Math.round(used * ratio + g.memoryMiB * MiB * 0.01);
}

export function imageOf(g: Guest): GuestImage {
  return {
    type: g.type,
    name: g.name,
    cores: g.cores,
    memoryMiB: g.memoryMiB,
    diskGiB: g.diskGiB,
    ostype: g.ostype,
    tags: [...g.tags],
    agent: g.agent,
    serial: g.serial,
    profile: { ...g.profile },
    mac: g.mac,
    ip: g.ip,
  };
}

const ISOS = [
  ['debian-13.1.0-amd64-netinst.iso', 754],
  ['ubuntu-24.04.3-live-server-amd64.iso', 3136],
  ['virtio-win-0.1.271.iso', 709],
] as const;

const TEMPLATES = [
  ['debian-13-standard_13.1-2_amd64.tar.zst', 126],
  ['ubuntu-24.04-standard_24.04-2_amd64.tar.zst', 141],
  ['alpine-3.22-default_20250617_amd64.tar.xz', 3],
] as const;

export class StorageContents {
  /** Volumes by storage key: `<storage>` for shared storages, `<node>/<storage>` for local ones. */
  private readonly volumes = new Map<string, Volume[]>();
  readonly jobs: BackupJob[];

  constructor(private readonly sim: Simulation) {
    const now = sim.clock.now();
    const rng = createRng(sim.opts.seed ^ 0xb4c);
    for (const node of sim.state.nodes) {
      for (const st of node.storages) {
        const list = this.list(node, st);
        if (list.length > 0) continue; // a shared storage seen from a second node
        const day = now - (now % 86400);
        if (st.content.includes('iso')) {
          for (const [name, mib] of st.shared ? ISOS.slice(0, 1) : ISOS) {
            const ctime = day - Math.floor(20 + rng() * 100) * 86400;
            list.push({
              volid: `${st.storage}:iso/${name}`,
              content: 'iso',
              format: 'iso',
              size: mib * MiB,
              ctime,
            });
          }
        }
        if (st.content.includes('vztmpl')) {
          for (const [name, mib] of TEMPLATES) {
            const ctime = day - Math.floor(10 + rng() * 60) * 86400;
            const format = name.endsWith('.xz') ? 'txz' : 'tzst';
            list.push({
              volid: `${st.storage}:vztmpl/${name}`,
              content: 'vztmpl',
              format,
              size: mib * MiB,
              ctime,
            });
          }
        }
      }
    }
    this.seedBackups(now);
    const some = sim.state.order.filter((g) => !g.template).slice(0, 3);
    this.jobs = [
      {
        id: 'backup-5a1e9c3d-7f21',
        type: 'vzdump',
        schedule: '01:00',
        enabled: true,
        storage: 'nas-backup',
        mode: 'snapshot',
        compress: 'zstd',
        all: true,
        exclude: sim.state.order
          .filter((g) => !g.template)
          .slice(-2)
          .map((g) => g.vmid)
          .join(','),
        comment: 'Nightly, all guests',
        'notes-template': '{{guestname}}',
        'prune-backups': 'keep-daily=7,keep-weekly=4',
      },
      {
        id: 'backup-0c4b2f8e-93aa',
        type: 'vzdump',
        schedule: 'sat 03:00',
        enabled: true,
        storage: 'pbs',
        mode: 'snapshot',
        vmid: some.map((g) => g.vmid).join(','),
        comment: 'Weekly to PBS',
        'notes-template': '{{guestname}} on {{node}}',
      },
      {
        id: 'backup-77d3e610-1b05',
        type: 'vzdump',
        schedule: 'sun 05:30',
        enabled: false,
        storage: 'local',
        mode: 'stop',
        compress: 'zstd',
        vmid: some
          .slice(0, 1)
          .map((g) => g.vmid)
          .join(','),
      },
    ];
  }

  /** Last night's archives on nas-backup (as seed/history.ts's vzdump tasks wrote them), and a
   *  few older PBS snapshots (one protected, one whose verification failed). */
  private seedBackups(now: number): void {
    const midnight = now - (now % 86400) - 86400 + 3600;
    for (const node of this.sim.state.nodes) {
      if (!node.online) continue;
      const nas = node.storages.find((s) => s.storage === 'nas-backup');
      const pbs = node.storages.find((s) => isPbs(s));
      const mine = this.sim.state.order
        .filter((g) => g.node === node.name && !g.template)
        .slice(0, 4);
      let t = midnight;
      for (const g of mine) {
        const secs = 40 + ((g.vmid * 37) % 200);
        if (nas && g.lock === undefined) {
          const { volid, format } = backupName(nas, g, t, 'zstd');
          this.list(node, nas).push({
            volid,
            content: 'backup',
            format,
            size: archiveSize(g, false, 'zstd'),
            ctime: t,
            vmid: g.vmid,
            subtype: g.type,
            notes: g.name,
            image: imageOf(g),
          });
        }
        t += secs + 5;
      }
      if (!pbs) continue;
      mine.slice(0, 2).forEach((g, i) => {
        const ctime = midnight - (2 + i) * 86400 - 3600 * 22 + 3;
        const { volid, format } = backupName(pbs, g, ctime);
        this.list(node, pbs).push({
          volid,
          content: 'backup',
          format,
          size: archiveSize(g, true),
          ctime,
          vmid: g.vmid,
          subtype: g.type,
          notes: i === 0 ? `${g.name} before upgrade` : g.name,
          ...(i === 0 ? { protected: true } : {}),
          verification: {
            state: i === 0 ? 'ok' : 'failed',
            upid: `UPID:pbs:000012A4:0001F3C2:${(ctime + 7200).toString(16).toUpperCase()}:verificationjob:store1\\v\\default:root@pam:`,
          },
          image: imageOf(g),
        });
      });
    }
  }

  private key(node: DemoNode, st: Storage): string {
    return st.shared ? st.storage : `${node.name}/${st.storage}`;
  }

  /** The volumes of a storage as `node` sees it (a shared storage's are the same everywhere). */
  list(node: DemoNode, st: Storage): Volume[] {
    const k = this.key(node, st);
    let l = this.volumes.get(k);
    if (!l) this.volumes.set(k, (l = []));
    return l;
  }

  /** The Storage records that are this storage (every node's, for a shared one). */
  private records(node: DemoNode, st: Storage): Storage[] {
    if (!st.shared) return [st];
    return this.sim.state.nodes.flatMap((n) => n.storages.filter((s) => s.storage === st.storage));
  }

  used(st: Storage): number {
    return Math.floor(st.maxdisk * st.usedFrac);
  }

  avail(st: Storage): number {
    return Math.max(0, st.maxdisk - this.used(st));
  }

  /** Change what is used by `bytes` (negative frees), on every node that sees the storage. */
  private account(node: DemoNode, st: Storage, bytes: number): void {
    const frac = Math.min(1, Math.max(0, (this.used(st) + bytes) / st.maxdisk));
    for (const s of this.records(node, st)) s.usedFrac = frac;
    this.sim.touch();
  }

  /** Leave only `bytes` free (a test knob: the next large backup runs out of space). */
  setAvail(node: DemoNode, st: Storage, bytes: number): void {
    this.account(node, st, this.avail(st) - bytes);
  }

  add(node: DemoNode, st: Storage, v: Volume): void {
    this.list(node, st).push(v);
    this.account(node, st, v.size);
  }

  remove(node: DemoNode, st: Storage, volid: string): void {
    const l = this.list(node, st);
    const i = l.findIndex((v) => v.volid === volid);
    if (i < 0) return;
    const [v] = l.splice(i, 1);
    this.account(node, st, -v!.size);
  }

  find(node: DemoNode, volid: string): { st: Storage; volume: Volume } | undefined {
    const storeid = volid.split(':')[0];
    const st = node.storages.find((s) => s.storage === storeid);
    if (!st) return undefined;
    const volume = this.list(node, st).find((v) => v.volid === volid);
    return volume ? { st, volume } : undefined;
  }
}

const contents = new WeakMap<Simulation, StorageContents>();

/** The storage contents of a simulation (made on first use, from its seed). */
export function storageOf(sim: Simulation): StorageContents {
  let c = contents.get(sim);
  if (!c) contents.set(sim, (c = new StorageContents(sim)));
  return c;
}

/** The DemoCluster knob: leave only `bytes` free on `storage` as `node` sees it. */
export function setStorageAvail(
  sim: Simulation,
  node: string,
  storage: string,
  bytes: number,
): void {
  const n = sim.node(node);
  const st = n.storages.find((s) => s.storage === storage);
  if (!st) throw new Error(`no storage ${storage} on ${node}`);
  storageOf(sim).setAvail(n, st, bytes);
}
