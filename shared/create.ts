// Creating a container or a VM as the contract carries it (spec §8): what the wizard offers for a
// node (bridges, storages with their content and free space, container templates, ISO images,
// pools, the node's CPUs), the spec the wizard sends, PVE's rules checked before sending (the
// schema's bounds and formats of POST /nodes/{node}/lxc and /qemu), the PVE parameters a spec
// becomes, and PVE's 400 parameter errors mapped back to the wizard's fields.

import { dnsNameProblem } from './clone';
import type { GuestType, TaskInfo } from './model';

export interface BridgeChoice {
  iface: string;
  vlanAware: boolean;
  cidr?: string;
  comments?: string;
}

export interface StorageChoice {
  storage: string;
  type: string;
  content: string[];
  /** bytes free; absent when the storage does not say */
  avail?: number;
  total?: number;
}

export interface VolumeChoice {
  volid: string;
  storage: string;
  size?: number;
}

export interface CreateOptions {
  node: string;
  bridges: BridgeChoice[];
  /** storages for the disk: `rootdir` (CT) or `images` (VM), active and enabled */
  diskStorages: StorageChoice[];
  /** container templates (vztmpl) and ISO images on the node's storages */
  templates: VolumeChoice[];
  isos: VolumeChoice[];
  pools: string[];
  /** the node's CPUs (a VM may not have more vCPUs to start) */
  maxcpu?: number;
  /** the node's memory in bytes */
  maxmem?: number;
}

export interface CreateNetwork {
  bridge: string;
  /** VLAN tag 1–4094 */
  vlan?: number;
  /** 'dhcp' or an IPv4 CIDR (10.0.0.5/24) */
  ip: string;
  /** IPv4 gateway with a static address */
  gw?: string;
  firewall: boolean;
}

export interface CreateSpec {
  profileId: string;
  node: string;
  type: GuestType;
  vmid: number;
  /** lxc hostname / qemu name */
  name?: string;
  pool?: string;
  cores: number;
  memoryMiB: number;
  /** lxc only */
  swapMiB?: number;
  /** qemu only: balloon target in MiB (0 disables the balloon device) */
  balloonMiB?: number;
  diskStorage: string;
  diskGiB: number;
  /** lxc: the vztmpl volume */
  template?: string;
  /** qemu: the ISO for the CD drive (none: no media) */
  iso?: string;
  /** qemu ostype (l26, win11, other) */
  ostype?: string;
  /** lxc root password (sent to PVE only, never kept) */
  password?: string;
  /** lxc ssh-public-keys / qemu cloud-init sshkeys: one OpenSSH key per line */
  sshKeys?: string;
  unprivileged?: boolean;
  net: CreateNetwork;
  /** qemu: add a cloud-init drive on this storage with these settings */
  cloudInit?: { storage: string; user?: string };
  start: boolean;
}

/** The wizard's fields, the keys of field errors. */
export type CreateField =
  | 'node'
  | 'vmid'
  | 'name'
  | 'pool'
  | 'password'
  | 'sshKeys'
  | 'template'
  | 'iso'
  | 'ostype'
  | 'diskStorage'
  | 'diskGiB'
  | 'cores'
  | 'memoryMiB'
  | 'swapMiB'
  | 'balloonMiB'
  | 'bridge'
  | 'vlan'
  | 'ip'
  | 'gw'
  | 'cloudInit'
  | 'ciUser'
  | 'unprivileged'
  | 'start';

export type FieldErrors = Partial<Record<CreateField, string>>;

export interface CreateOutcome {
  state: 'ok' | 'failed';
  /** the create task, once PVE answered; its end when state is known */
  task?: TaskInfo;
  /** PVE's words when refused or when the task failed */
  message?: string;
  /** PVE's 400 parameter errors by wizard field (CreateField; an unknown parameter by its name) */
  errors?: Record<string, string>;
}

/** PVE's schema bounds for the fields (POST /nodes/{node}/lxc and /qemu). */
export const CREATE_LIMITS = {
  vmid: { min: 100, max: 999_999_999 },
  /** lxc cores 1–8192; qemu has no schema maximum but may not start with more than the node has */
  lxcCores: { min: 1, max: 8192 },
  memoryMiB: { min: 16 },
  vlan: { min: 1, max: 4094 },
  passwordMin: 5,
} as const;

const GiB = 1024 ** 3;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const SSH_KEY =
  /^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-\S+) [A-Za-z0-9+/]+={0,3}( .*)?$/;

function intProblem(v: number, min: number, max?: number): string | undefined {
  if (!Number.isInteger(v)) return 'A whole number';
  if (v < min) return `At least ${min}`;
  if (max !== undefined && v > max) return `At most ${max}`;
  return undefined;
}

export function sshKeysProblem(text: string | undefined): string | undefined {
  const lines = (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const bad = lines.findIndex((l) => !SSH_KEY.test(l));
  return bad < 0 ? undefined : `Line ${bad + 1} is not an OpenSSH public key`;
}

export function cidrProblem(ip: string): string | undefined {
  const [addr, len, ...rest] = ip.split('/');
  if (rest.length || !addr || !IPV4.test(addr) || len === undefined || !/^\d+$/.test(len)) {
    return 'An IPv4 address with prefix, e.g. 10.0.0.5/24';
  }
  return Number(len) > 32 ? 'The prefix is at most 32' : undefined;
}

/**
 * What PVE would refuse, by field, checked before sending. `options` (the node's) adds the
 * checks that need it: free space, the node's CPUs, the bridge being the node's.
 */
export function validateCreate(spec: CreateSpec, options?: CreateOptions): FieldErrors {
  const e: FieldErrors = {};
  const set = (f: CreateField, p: string | undefined) => {
    if (p && !e[f]) e[f] = p;
  };
  set('vmid', intProblem(spec.vmid, CREATE_LIMITS.vmid.min, CREATE_LIMITS.vmid.max));
  if (spec.name) set('name', dnsNameProblem(spec.name));
  if (spec.type === 'lxc') {
    set('cores', intProblem(spec.cores, 1, CREATE_LIMITS.lxcCores.max));
    if (!spec.template) set('template', 'Choose a container template');
    if (spec.swapMiB !== undefined) set('swapMiB', intProblem(spec.swapMiB, 0));
    if (spec.password !== undefined && spec.password.length < CREATE_LIMITS.passwordMin) {
      set('password', `At least ${CREATE_LIMITS.passwordMin} characters`);
    }
    if (!spec.password && !spec.sshKeys?.trim()) {
      set('password', 'Set a root password or an SSH key, or you cannot log in');
    }
  } else {
    set('cores', intProblem(spec.cores, 1));
    if (options?.maxcpu !== undefined && spec.cores > options.maxcpu) {
      set('cores', `The node has ${options.maxcpu} CPUs; a VM with more will not start`);
    }
    if (spec.balloonMiB !== undefined) {
      set('balloonMiB', intProblem(spec.balloonMiB, 0));
      if (spec.balloonMiB > spec.memoryMiB) set('balloonMiB', 'At most the memory');
    }
  }
  set('sshKeys', sshKeysProblem(spec.sshKeys));
  set('memoryMiB', intProblem(spec.memoryMiB, CREATE_LIMITS.memoryMiB.min));
  if (!spec.diskStorage) set('diskStorage', 'Choose a storage');
  set('diskGiB', intProblem(spec.diskGiB, 1));
  const st = options?.diskStorages.find((s) => s.storage === spec.diskStorage);
  if (options && spec.diskStorage && !st) set('diskStorage', 'Not a disk storage of this node');
  if (st?.avail !== undefined && spec.diskGiB * GiB > st.avail) {
    set('diskGiB', `Only ${Math.floor(st.avail / GiB)} GiB free on ${st.storage}`);
  }
  if (!spec.net.bridge) set('bridge', 'Choose a bridge');
  else if (options && !options.bridges.some((b) => b.iface === spec.net.bridge)) {
    set('bridge', `No bridge ${spec.net.bridge} on ${options.node}`);
  }
  if (spec.net.vlan !== undefined) {
    set('vlan', intProblem(spec.net.vlan, CREATE_LIMITS.vlan.min, CREATE_LIMITS.vlan.max));
  }
  if (spec.net.ip !== 'dhcp') set('ip', cidrProblem(spec.net.ip));
  if (spec.net.gw && !IPV4.test(spec.net.gw)) set('gw', 'An IPv4 address');
  if (spec.cloudInit?.user && !/^[a-z_][a-z0-9_-]*$/i.test(spec.cloudInit.user)) {
    set('ciUser', 'Letters, digits, - and _');
  }
  return e;
}

/** The request parameters of POST /nodes/{node}/lxc|qemu for a spec. */
export function createParams(spec: CreateSpec): Record<string, string | number> {
  const p: Record<string, string | number> = { vmid: spec.vmid, cores: spec.cores };
  if (spec.pool) p.pool = spec.pool;
  if (spec.start) p.start = 1;
  const net = spec.net;
  const ip = net.ip === 'dhcp' ? 'ip=dhcp' : `ip=${net.ip}${net.gw ? `,gw=${net.gw}` : ''}`;
  const tag = net.vlan !== undefined ? `,tag=${net.vlan}` : '';
  if (spec.type === 'lxc') {
    if (spec.name) p.hostname = spec.name;
    p.ostemplate = spec.template ?? '';
    p.memory = spec.memoryMiB;
    p.swap = spec.swapMiB ?? 512;
    p.rootfs = `${spec.diskStorage}:${spec.diskGiB}`;
    p.net0 = `name=eth0,bridge=${net.bridge}${net.firewall ? ',firewall=1' : ''}${tag},${ip}`;
    if (spec.password) p.password = spec.password;
    if (spec.sshKeys?.trim()) p['ssh-public-keys'] = spec.sshKeys.trim();
    p.unprivileged = spec.unprivileged === false ? 0 : 1;
    return p;
  }
  if (spec.name) p.name = spec.name;
  p.memory = spec.memoryMiB;
  if (spec.balloonMiB !== undefined) p.balloon = spec.balloonMiB;
  p.ostype = spec.ostype ?? 'l26';
  p.scsihw = 'virtio-scsi-single';
  p.scsi0 = `${spec.diskStorage}:${spec.diskGiB},iothread=1`;
  p.ide2 = spec.iso ? `${spec.iso},media=cdrom` : 'none,media=cdrom';
  p.net0 = `virtio,bridge=${net.bridge}${net.firewall ? ',firewall=1' : ''}${tag}`;
  if (spec.cloudInit) {
    p.ide0 = `${spec.cloudInit.storage}:cloudinit`;
    if (spec.cloudInit.user) p.ciuser = spec.cloudInit.user;
    // `sshkeys` is `urlencoded` in the schema (the web UI encodes it the same way)
    if (spec.sshKeys?.trim()) p.sshkeys = encodeURIComponent(spec.sshKeys.trim() + '\n');
    p.ipconfig0 = ip;
  }
  return p;
}

const PARAM_FIELDS: Record<string, CreateField> = {
  vmid: 'vmid',
  hostname: 'name',
  name: 'name',
  pool: 'pool',
  password: 'password',
  'ssh-public-keys': 'sshKeys',
  sshkeys: 'sshKeys',
  ostemplate: 'template',
  ide2: 'iso',
  ostype: 'ostype',
  rootfs: 'diskGiB',
  scsi0: 'diskGiB',
  cores: 'cores',
  memory: 'memoryMiB',
  swap: 'swapMiB',
  balloon: 'balloonMiB',
  ide0: 'cloudInit',
  ciuser: 'ciUser',
  unprivileged: 'unprivileged',
  start: 'start',
  node: 'node',
};

/** A property-string error (`net0.tag: …`) names the part; the rest say which field. */
function netField(text: string): CreateField {
  if (/\.tag:/.test(text)) return 'vlan';
  if (/\.gw:/.test(text)) return 'gw';
  if (/\.ip:/.test(text)) return 'ip';
  return 'bridge';
}

/** PVE's 400 `errors` (by parameter) → the wizard's fields; unknown ones keep their name. */
export function createFieldErrors(
  errors: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (!errors) return undefined;
  const out: Record<string, string> = {};
  for (const [param, text] of Object.entries(errors)) {
    const field =
      param === 'net0' || param === 'ipconfig0' ? netField(text) : (PARAM_FIELDS[param] ?? param);
    out[field] = out[field] ? `${out[field]}\n${text.trim()}` : text.trim();
  }
  return out;
}

/** PVE task type of a create. */
export function createTaskType(type: GuestType): string {
  return type === 'qemu' ? 'qmcreate' : 'vzcreate';
}
