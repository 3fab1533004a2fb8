// What PVE sends about a guest's addresses, made into shared/addresses' shapes (spec §9). Pure and
// forgiving: real servers send `lo`, `inet`/`inet6` (containers) or `ipv4`/`ipv6` (the agent) type
// strings, prefixes as numbers or strings, the deprecated `hwaddr`/`inet`/`inet6` fields alone
// (older pve-container), and `data: null` for a stopped container.

import type {
  AgentOsInfo,
  AgentState,
  GuestAddress,
  GuestInterface,
  AddressSource,
} from '../../../shared/addresses';
import { DeckhandError } from '../../../shared/errors';

type Rec = Record<string, unknown>;

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : undefined;

function prefixOf(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 128 ? n : undefined;
}

function familyOf(type: unknown, address: string): GuestAddress['family'] {
  if (type === 'ipv6' || type === 'inet6') return 'ipv6';
  if (type === 'ipv4' || type === 'inet') return 'ipv4';
  return address.includes(':') ? 'ipv6' : 'ipv4';
}

/** `10.0.0.5/24` → address and prefix; anything that is not an address → undefined. */
export function parseCidr(cidr: string): GuestAddress | undefined {
  const m = /^([0-9a-fA-F:.]+)(?:\/(\d{1,3}))?$/.exec(cidr.trim());
  if (!m) return undefined;
  const address = m[1]!;
  const isV4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(address);
  const isV6 = address.includes(':');
  if (!isV4 && !isV6) return undefined;
  const prefix = m[2] !== undefined ? prefixOf(m[2]) : undefined;
  return {
    address: address.toLowerCase(),
    family: isV6 ? 'ipv6' : 'ipv4',
    ...(prefix !== undefined ? { prefix } : {}),
  };
}

/** MAC addresses upper case, as configs write them; the all-zero MAC of `lo` is none. */
function macOf(...candidates: unknown[]): string | undefined {
  for (const c of candidates) {
    const v = text(c);
    if (v && /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(v)) {
      return v === '00:00:00:00:00:00' ? undefined : v.toUpperCase();
    }
  }
  return undefined;
}

function addressesOf(item: Rec): GuestAddress[] {
  const out: GuestAddress[] = [];
  const list = item['ip-addresses'];
  if (Array.isArray(list)) {
    for (const a of list) {
      if (!isRec(a)) continue;
      const address = text(a['ip-address']);
      if (!address) continue;
      const prefix = prefixOf(a.prefix);
      out.push({
        // Windows agents append a zone to link-local addresses (`fe80::1%3`).
        address: address.replace(/%.*$/, '').toLowerCase(),
        family: familyOf(a['ip-address-type'], address),
        ...(prefix !== undefined ? { prefix } : {}),
      });
    }
    return out;
  }
  // Older pve-container: only the last address of each family, as CIDR strings.
  for (const key of ['inet', 'inet6']) {
    const v = text(item[key]);
    const parsed = v ? parseCidr(v) : undefined;
    if (parsed) out.push(parsed);
  }
  return out;
}

function interfacesOf(list: unknown, source: AddressSource): GuestInterface[] {
  if (!Array.isArray(list)) return [];
  const out: GuestInterface[] = [];
  for (const item of list) {
    if (!isRec(item)) continue;
    const name = text(item.name) ?? `if${out.length}`;
    const mac = macOf(item['hardware-address'], item.hwaddr);
    out.push({ name, ...(mac ? { mac } : {}), source, addresses: addressesOf(item) });
  }
  return out;
}

/** `GET /lxc/{vmid}/interfaces`: null when the container is not running (PVE sends `data: null`). */
export function parseContainerInterfaces(data: unknown): GuestInterface[] | null {
  if (data === null || data === undefined) return null;
  return interfacesOf(data, 'container');
}

/** `GET /qemu/{vmid}/agent/network-get-interfaces`: QGA's reply wrapped in `result`. */
export function parseAgentInterfaces(data: unknown): GuestInterface[] {
  return interfacesOf(isRec(data) ? data.result : undefined, 'agent');
}

/** `GET …/agent/get-osinfo` → the OS's name as the guest tells it. */
export function parseOsInfo(data: unknown): AgentOsInfo | undefined {
  const r = isRec(data) && isRec(data.result) ? data.result : undefined;
  if (!r) return undefined;
  const base = text(r.name);
  const version = text(r.version);
  const name = text(r['pretty-name']) ?? (base && version ? `${base} ${version}` : base);
  if (!name) return undefined;
  const id = text(r.id);
  const kernel = text(r['kernel-release']);
  const machine = text(r.machine);
  return {
    name,
    ...(id ? { id } : {}),
    ...(version ? { version } : {}),
    ...(kernel ? { kernel } : {}),
    ...(machine ? { machine } : {}),
  };
}

/** `GET …/agent/get-host-name` → `{result: {"host-name": …}}`. */
export function parseHostName(data: unknown): string | undefined {
  return isRec(data) && isRec(data.result) ? text(data.result['host-name']) : undefined;
}

/** A property string (`name=eth0,bridge=vmbr0,ip=dhcp`) as key → value; a bare first part is `_`. */
export function parsePropertyString(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of value.split(',')) {
    const i = part.indexOf('=');
    if (i < 0) {
      if (part.trim()) out._ = part.trim();
    } else {
      out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
    }
  }
  return out;
}

/** The config keys `prefix0`, `prefix1`, … in index order. */
function indexedKeys(config: Rec, prefix: string): { key: string; index: number; value: string }[] {
  const re = new RegExp(`^${prefix}(\\d+)$`);
  const out: { key: string; index: number; value: string }[] = [];
  for (const [key, value] of Object.entries(config)) {
    const m = re.exec(key);
    if (m && typeof value === 'string') out.push({ key, index: Number(m[1]), value });
  }
  return out.sort((a, b) => a.index - b.index);
}

const V4_NOTES: Record<string, string> = {
  dhcp: 'IPv4 by DHCP',
  manual: 'IPv4 set up in the guest',
};
const V6_NOTES: Record<string, string> = {
  dhcp: 'IPv6 by DHCP',
  auto: 'IPv6 by SLAAC',
  manual: 'IPv6 set up in the guest',
};

/** The `ip=`/`ip6=` pair of a netN or ipconfigN entry: CIDR addresses, or what it says instead. */
function configAddresses(p: Record<string, string>): {
  addresses: GuestAddress[];
  notes: string[];
} {
  const addresses: GuestAddress[] = [];
  const notes: string[] = [];
  for (const [key, words] of [
    ['ip', V4_NOTES],
    ['ip6', V6_NOTES],
  ] as const) {
    const v = p[key];
    if (v === undefined || v === '') continue;
    const word = words[v.toLowerCase()];
    if (word) {
      notes.push(word);
      continue;
    }
    const parsed = v.includes('/') ? parseCidr(v) : undefined;
    if (parsed) addresses.push(parsed);
  }
  return { addresses, notes };
}

/** A stopped container's `netN` entries: only a CIDR `ip=`/`ip6=` gives an address. */
export function parseContainerNets(config: Rec): GuestInterface[] {
  return indexedKeys(config, 'net').map(({ key, value }) => {
    const p = parsePropertyString(value);
    const mac = macOf(p.hwaddr);
    const { addresses, notes } = configAddresses(p);
    return {
      name: p.name || key,
      ...(mac ? { mac } : {}),
      source: 'config' as const,
      addresses,
      ...(notes.length ? { notes } : {}),
    };
  });
}

/** The MAC of a VM's `netN` (`virtio=BC:24:11:…,bridge=vmbr0`). */
function vmNetMac(config: Rec, index: number): string | undefined {
  const net = config[`net${index}`];
  if (typeof net !== 'string') return undefined;
  const p = parsePropertyString(net);
  return macOf(p.macaddr, ...Object.values(p));
}

/** A VM's cloud-init `ipconfigN` entries (matched to `netN` for their MAC). */
export function parseCloudInit(config: Rec): GuestInterface[] {
  return indexedKeys(config, 'ipconfig').map(({ index, value }) => {
    const mac = vmNetMac(config, index);
    const { addresses, notes } = configAddresses(parsePropertyString(value));
    return {
      name: `net${index}`,
      ...(mac ? { mac } : {}),
      source: 'cloud-init' as const,
      addresses,
      ...(notes.length ? { notes } : {}),
    };
  });
}

/** `agent: 1`, `agent: enabled=1,fstrim_cloned_disks=1`, `agent: 0` or absent. */
export function agentEnabled(config: Rec): boolean {
  const v = config.agent;
  if (v === 1 || v === true) return true;
  if (typeof v !== 'string') return false;
  const p = parsePropertyString(v);
  const enabled = p.enabled ?? p._;
  return enabled === '1' || enabled === 'true' || enabled === 'yes' || enabled === 'on';
}

/** PVE's agent errors (qemu-server `PVE/QemuServer/Agent.pm`), as the index's agent states. */
export function agentFailure(err: unknown): { agent: AgentState; message: string } {
  const message = err instanceof Error ? err.message.trim() : String(err);
  if (!(err instanceof DeckhandError)) return { agent: 'error', message };
  if (/No QEMU guest agent configured/i.test(message)) return { agent: 'not-configured', message };
  if (/^VM \d+ is not running/i.test(message)) return { agent: 'vm-stopped', message };
  // Not running, or not answering: guest-ping or the command itself timed out.
  if (
    /guest agent is not running|qmp command 'guest-[a-z-]+' failed - got timeout/i.test(message)
  ) {
    return { agent: 'not-running', message };
  }
  return { agent: 'error', message };
}
