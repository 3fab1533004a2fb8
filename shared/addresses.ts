// Guest and node addresses as core's address index holds them (electron/core/addresses): what the
// detail view shows and what the tree filter searches. Pure types and helpers, no I/O.

/** Where an interface's addresses came from. */
export type AddressSource =
  /** QEMU guest agent `network-get-interfaces` (a running VM with the agent) */
  | 'agent'
  /** `GET /lxc/{vmid}/interfaces`: `ip a` in a running container */
  | 'container'
  /** a container's `netN` in its config (stopped, or no live answer) */
  | 'config'
  /** a VM's cloud-init `ipconfigN` (static addresses it is told to use) */
  | 'cloud-init';

export interface GuestAddress {
  address: string;
  family: 'ipv4' | 'ipv6';
  /** prefix length, when known */
  prefix?: number;
}

export interface GuestInterface {
  /** `eth0`, `ens18`, `lo`; config sources use the config key (`net0`, `ipconfig0`) when no name */
  name: string;
  /** MAC address, upper case as PVE writes it in configs */
  mac?: string;
  source: AddressSource;
  addresses: GuestAddress[];
  /** What a config says instead of an address: `IPv4 by DHCP`, `IPv6 SLAAC`, ... */
  notes?: string[];
}

/** The guest agent as the address index found it (VMs only). */
export type AgentState =
  | 'running'
  /** `agent` is not enabled in the VM's config */
  | 'not-configured'
  /** configured, but the VM is not running */
  | 'vm-stopped'
  /** configured and the VM runs, but the agent does not answer */
  | 'not-running'
  /** another failure (permission, timeout): see `message` */
  | 'error';

export interface AgentOsInfo {
  /** `pretty-name` (`Debian GNU/Linux 12 (bookworm)`), else `name` + `version` */
  name: string;
  id?: string;
  version?: string;
  kernel?: string;
  machine?: string;
}

export interface GuestAddresses {
  profileId: string;
  /** `qemu/100`, `lxc/101` */
  guestId: string;
  node: string;
  interfaces: GuestInterface[];
  /** the agent's `get-host-name`, or a container's `hostname` */
  hostname?: string;
  /** VMs: the agent's `get-osinfo` */
  os?: AgentOsInfo;
  /** VMs: the agent's state */
  agent?: AgentState;
  /** Why no live addresses: PVE's message (`QEMU guest agent is not running`) or ours. */
  message?: string;
  /** when this was read (ms since epoch) */
  fetchedAt: number;
}

export interface NodeAddress {
  node: string;
  /** the node's cluster address from /cluster/status */
  ip: string;
}

export interface AddressSnapshot {
  seq: number;
  guests: GuestAddresses[];
  nodes: NodeAddress[];
}

/** Changes of one profile's address index since `seq - 1`; sent only when something changed. */
export interface AddressEvent {
  profileId: string;
  seq: number;
  /** new or changed guests */
  guests: GuestAddresses[];
  /** guest ids no longer in the cluster */
  removed: string[];
  /** the nodes' addresses, when they changed (the whole list) */
  nodes?: NodeAddress[];
}

/** Loopback and link-local addresses: shown, but not what a user searches for or copies first. */
export function isIncidentalAddress(a: GuestAddress): boolean {
  const v = a.address.toLowerCase();
  if (a.family === 'ipv4') return v.startsWith('127.') || v.startsWith('169.254.');
  return v === '::1' || /^fe[89ab]/.test(v);
}

/** The addresses worth searching and showing first: not loopback, not link-local. */
export function primaryAddresses(g: GuestAddresses): string[] {
  const out: string[] = [];
  for (const i of g.interfaces) {
    for (const a of i.addresses) if (!isIncidentalAddress(a)) out.push(a.address);
  }
  return [...new Set(out)];
}
