// A guest's disks and network interfaces as the Options tab edits them: parsed from the config's
// property strings (qemu `scsi0: local-lvm:vm-100-disk-0,size=32G`, `net0: virtio=<mac>,bridge=…`;
// lxc `rootfs`/`mpN` and `net0: name=eth0,bridge=…,ip=…`), the resize size rule (grow only, as
// qemu-server and pve-container refuse a shrink) and the interface rules PVE's schema checks.

import type { GuestType } from './model';

export interface GuestDisk {
  /** `scsi0`, `virtio1`, `rootfs`, `mp0`… */
  key: string;
  /** the volume id (`local-lvm:vm-100-disk-0`) or a bind mount's host path */
  volume: string;
  /** bytes; absent when the config has no size (a bind mount, a passed-through device) */
  sizeBytes?: number;
  /** lxc mount points: where it is mounted in the container */
  mountpoint?: string;
  /** PVE can resize it (a storage volume with a size) */
  resizable: boolean;
}

export type NetModel = 'virtio' | 'e1000' | 'e1000e' | 'rtl8139' | 'vmxnet3';
export const NET_MODELS: readonly NetModel[] = ['virtio', 'e1000', 'e1000e', 'rtl8139', 'vmxnet3'];

export interface GuestNet {
  /** `net0`… */
  key: string;
  /** the value as written in the config */
  raw: string;
  bridge?: string;
  /** qemu: the card model */
  model?: string;
  mac?: string;
  /** lxc: the interface name in the container */
  name?: string;
  /** lxc: `dhcp`, `manual` or a CIDR */
  ip?: string;
  gw?: string;
  firewall: boolean;
  /** waits for a reboot: added or changed (`set`) or removed (`delete`) */
  pending?: 'set' | 'delete';
}

/** What the user asks for when adding an interface. */
export interface NetSpec {
  bridge: string;
  /** qemu */
  model?: NetModel;
  /** lxc */
  name?: string;
  /** lxc: `dhcp` or a CIDR (`10.0.0.5/24`) */
  ip?: string;
  /** lxc, with a static ip */
  gw?: string;
  firewall?: boolean;
}

const UNIT: Record<string, number> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** pve-common parse_size: `32G`, `33280M`, `512` (bytes). */
export function parseSize(v: string | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([KMGT])?$/.exec((v ?? '').trim());
  if (!m) return undefined;
  return Math.trunc(Number(m[1]) * (m[2] ? UNIT[m[2]]! : 1));
}

/** A size in GiB for people: `32 GiB`, `32.5 GiB`, `512 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < UNIT.G!) return `${Math.round(bytes / UNIT.M!)} MiB`;
  const gib = bytes / UNIT.G!;
  return `${Number.isInteger(gib) ? gib : gib.toFixed(2).replace(/0$/, '')} GiB`;
}

/** A property string `a,k=v,k2=v2` as key → value (`a` under the format's default key). */
export function parsePropertyString(raw: string, defaultKey?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of raw.split(',')) {
    if (!part) continue;
    const i = part.indexOf('=');
    if (i < 0) {
      if (defaultKey && out[defaultKey] === undefined) out[defaultKey] = part;
      else out[part] = '1';
    } else out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

const QEMU_DISK = /^(ide|sata|scsi|virtio)\d+$|^(efidisk|tpmstate)0$/;
const LXC_DISK = /^(rootfs|mp\d+)$/;

/** The disks out of a raw config (cd-roms and unused volumes left out). */
export function disksOf(type: GuestType, raw: Record<string, unknown>): GuestDisk[] {
  const out: GuestDisk[] = [];
  for (const [key, v] of Object.entries(raw)) {
    if (typeof v !== 'string' || !(type === 'qemu' ? QEMU_DISK : LXC_DISK).test(key)) continue;
    const p = parsePropertyString(v, type === 'qemu' ? 'file' : 'volume');
    if (p.media === 'cdrom') continue;
    const volume = (type === 'qemu' ? p.file : p.volume) ?? '';
    const sizeBytes = parseSize(p.size);
    const onStorage = /^[a-z][a-z0-9\-_.]*[a-z0-9]:/i.test(volume);
    const d: GuestDisk = { key, volume, resizable: onStorage && sizeBytes !== undefined };
    if (sizeBytes !== undefined) d.sizeBytes = sizeBytes;
    if (type === 'lxc') d.mountpoint = key === 'rootfs' ? '/' : p.mp;
    out.push(d);
  }
  return out.sort((a, b) => diskOrder(a.key) - diskOrder(b.key) || a.key.localeCompare(b.key));
}

function diskOrder(key: string): number {
  const n = Number(/\d+$/.exec(key)?.[0] ?? 0);
  return key === 'rootfs' ? -1 : n;
}

/** One interface out of its config value. */
export function parseNet(type: GuestType, key: string, raw: string): GuestNet {
  const p = parsePropertyString(raw);
  const net: GuestNet = { key, raw, firewall: p.firewall === '1' };
  if (p.bridge) net.bridge = p.bridge;
  if (type === 'qemu') {
    const model = Object.keys(p).find((k) => (NET_MODELS as readonly string[]).includes(k));
    const m = model ?? p.model;
    if (m) net.model = m;
    const mac = model && p[model] !== '1' ? p[model] : p.macaddr;
    if (mac) net.mac = mac;
  } else {
    if (p.name) net.name = p.name;
    if (p.hwaddr) net.mac = p.hwaddr;
    if (p.ip) net.ip = p.ip;
    if (p.gw) net.gw = p.gw;
  }
  return net;
}

export function netsOf(type: GuestType, raw: Record<string, unknown>): GuestNet[] {
  return Object.entries(raw)
    .filter((e): e is [string, string] => /^net\d+$/.test(e[0]) && typeof e[1] === 'string')
    .map(([k, v]) => parseNet(type, k, v))
    .sort((a, b) => Number(a.key.slice(3)) - Number(b.key.slice(3)));
}

/** The lowest free `netN` (qemu-server allows net0…net31; pve-container net0…net31). */
export function nextNetKey(nets: readonly Pick<GuestNet, 'key'>[]): string | undefined {
  const used = new Set(nets.map((n) => n.key));
  for (let i = 0; i < 32; i++) if (!used.has(`net${i}`)) return `net${i}`;
  return undefined;
}

const BRIDGE = /^[a-zA-Z][a-zA-Z0-9_.-]{0,14}$/;
const IFNAME = /^[a-zA-Z0-9_.-]{1,15}$/;
const CIDR4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function octetsOk(m: RegExpExecArray, n: number): boolean {
  return m.slice(1, 1 + n).every((o) => Number(o) <= 255);
}

/** What is wrong with a new interface, by field; empty when PVE accepts it. */
export function netProblems(
  type: GuestType,
  spec: NetSpec,
  others: readonly GuestNet[] = [],
): Partial<Record<keyof NetSpec, string>> {
  const out: Partial<Record<keyof NetSpec, string>> = {};
  if (!BRIDGE.test(spec.bridge)) out.bridge = 'Pick a bridge';
  if (type === 'qemu') {
    if (!spec.model || !NET_MODELS.includes(spec.model)) out.model = 'Pick a model';
    return out;
  }
  const name = spec.name ?? '';
  if (!IFNAME.test(name)) out.name = 'A name like eth1 (letters, digits, . _ -)';
  else if (others.some((n) => n.name === name)) out.name = `${name} is already used`;
  const ip = spec.ip ?? '';
  if (ip !== 'dhcp' && ip !== 'manual') {
    const m = CIDR4.exec(ip);
    if (!m || !octetsOk(m, 4) || Number(m[5]) > 32) {
      out.ip = 'dhcp, or an IPv4 address with its prefix (10.0.0.5/24)';
    }
    if (spec.gw) {
      const g = IPV4.exec(spec.gw);
      if (!g || !octetsOk(g, 4)) out.gw = 'An IPv4 address';
    }
  } else if (spec.gw) out.gw = 'A gateway needs a static address';
  return out;
}

/** The config value PVE is sent for a new interface (it adds the MAC address itself). */
export function formatNet(type: GuestType, spec: NetSpec): string {
  const fw = spec.firewall === false ? [] : ['firewall=1'];
  if (type === 'qemu') return [spec.model ?? 'virtio', `bridge=${spec.bridge}`, ...fw].join(',');
  const parts = [`name=${spec.name ?? ''}`, `bridge=${spec.bridge}`, ...fw];
  if (spec.gw && spec.ip !== 'dhcp') parts.push(`gw=${spec.gw}`);
  parts.push(`ip=${spec.ip ?? 'dhcp'}`, 'type=veth');
  return parts.join(',');
}

/** A resize's size as PVE takes it: `+NG` to grow by N GiB. */
export function growBy(gib: number): string {
  return `+${gib}G`;
}

/** Whether a size string is PVE's pattern (`\+?\d+(\.\d+)?[KMGT]?`). */
export const SIZE_RE = /^\+?\d+(\.\d+)?[KMGT]?$/;

/** PVE's refusal of a shrink (qemu-server / pve-container resize_vm). */
export function shrinkText(type: GuestType): string {
  return type === 'qemu' ? 'shrinking disks is not supported' : 'unable to shrink disk size';
}

/** The size a resize gives: `+N…` adds to the current size, otherwise absolute (bytes). */
export function resizedBytes(size: string, current: number): number | undefined {
  if (!SIZE_RE.test(size)) return undefined;
  const add = size.startsWith('+');
  const n = parseSize(add ? size.slice(1) : size);
  return n === undefined ? undefined : add ? current + n : n;
}
