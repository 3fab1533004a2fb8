// Guest addresses as PVE serves them (spec §9): a container's `ip a` (`/lxc/{vmid}/interfaces`,
// `data: null` when stopped) and the QEMU guest agent's read-only commands
// (`network-get-interfaces`, `get-osinfo`, `get-host-name`), each QGA reply wrapped in `result`.
// `agentGuest` and `agentRoute` are shared with the agent's exec commands (agent-exec.ts): the
// same checks, in qemu-server's order, give PVE's 500s for no agent configured, a VM not
// running, and an agent not answering.

import { fail } from '../errors';
import type { Guest } from '../model';
import { num, str, type HandlerContext, type Route } from './context';

/** The VM the call is for, once qemu-server's assert_agent_available would let it through. */
export function agentGuest(ctx: HandlerContext): Guest {
  const g = ctx.sim.guest(str(ctx.params, 'node'), 'qemu', num(ctx.params, 'vmid'));
  if (!g.agent) throw fail('No QEMU guest agent configured');
  if (g.run === 'stopped') throw fail(`VM ${g.vmid} is not running`);
  // A paused VM's agent cannot answer guest-ping either.
  if (g.agentDown || g.run === 'paused') throw fail('QEMU guest agent is not running');
  return g;
}

/** `…/agent/{command}` answering QGA's reply as `{result: …}`. */
export function agentRoute(
  command: string,
  method: 'GET' | 'POST',
  priv: string,
  reply: (g: Guest, ctx: HandlerContext) => unknown,
): Route {
  return {
    method,
    template: `/nodes/{node}/qemu/{vmid}/agent/${command}`,
    auth: true,
    perm: ['/vms/{vmid}', priv],
    handler: (ctx) => ({ data: { result: reply(agentGuest(ctx), ctx) } }),
  };
}

// ---- the guest's network, as its kernel would report it ----

/** The MAC as `ip` prints it (lower case). */
const lowerMac = (g: Guest): string => g.mac.toLowerCase();

/** The EUI-64 interface id of a MAC (`be24:11ff:fe12:3456`), as SLAAC and link-local use it. */
function eui64(mac: string): string {
  const b = mac.split(':').map((h) => parseInt(h, 16));
  b[0] = b[0]! ^ 0x02;
  const words = [
    (b[0] << 8) | b[1]!,
    (b[2]! << 8) | 0xff,
    (0xfe << 8) | b[3]!,
    (b[4]! << 8) | b[5]!,
  ];
  return words.map((w) => w.toString(16)).join(':');
}

interface Addr {
  address: string;
  family: 4 | 6;
  prefix: number;
}

function guestAddrs(g: Guest): Addr[] {
  const id = eui64(g.mac);
  const out: Addr[] = [{ address: g.ip, family: 4, prefix: 16 }];
  // ip6=auto: a SLAAC address from the router's prefix.
  if (g.dhcp) out.push({ address: `fd10:10::${id}`, family: 6, prefix: 64 });
  out.push({ address: `fe80::${id}`, family: 6, prefix: 64 });
  return out;
}

const LOOPBACK: Addr[] = [
  { address: '127.0.0.1', family: 4, prefix: 8 },
  { address: '::1', family: 6, prefix: 128 },
];

/** pve-container get_interfaces: `ip --json a` in the CT, plus the deprecated hwaddr/inet/inet6. */
function containerInterface(name: string, mac: string, addrs: Addr[]): Record<string, unknown> {
  const obj: Record<string, unknown> = { name, hwaddr: mac, 'hardware-address': mac };
  obj['ip-addresses'] = addrs.map((a) => ({
    'ip-address': a.address,
    'ip-address-type': a.family === 4 ? 'inet' : 'inet6',
    prefix: a.prefix,
  }));
  // Only the last address of each family survives in the deprecated fields.
  for (const a of addrs) obj[a.family === 4 ? 'inet' : 'inet6'] = `${a.address}/${a.prefix}`;
  return obj;
}

function containerInterfaces(g: Guest): unknown[] | null {
  if (g.run === 'stopped') return null;
  return [
    containerInterface('lo', '00:00:00:00:00:00', LOOPBACK),
    containerInterface('eth0', lowerMac(g), guestAddrs(g)),
  ];
}

function qgaInterface(
  name: string,
  mac: string | undefined,
  addrs: Addr[],
  rx: number,
  tx: number,
): Record<string, unknown> {
  return {
    name,
    ...(mac ? { 'hardware-address': mac } : {}),
    'ip-addresses': addrs.map((a) => ({
      'ip-address': a.address,
      'ip-address-type': a.family === 4 ? 'ipv4' : 'ipv6',
      prefix: a.prefix,
    })),
    statistics: {
      'rx-bytes': rx,
      'rx-packets': Math.floor(rx / 900),
      'rx-errs': 0,
      'rx-dropped': 0,
      'tx-bytes': tx,
      'tx-packets': Math.floor(tx / 900),
      'tx-errs': 0,
      'tx-dropped': 0,
    },
  };
}

function qgaInterfaces(g: Guest, ctx: HandlerContext): unknown[] {
  const status = ctx.sim.guestStatus(g, false, false);
  // qemu netin is what the tap sent, i.e. what the guest received.
  const rx = Number(status.netin) || 0;
  const tx = Number(status.netout) || 0;
  const local = 4096 + (g.vmid % 97) * 1024;
  const list = [
    qgaInterface('lo', '00:00:00:00:00:00', LOOPBACK, local, local),
    qgaInterface('ens18', lowerMac(g), guestAddrs(g), rx, tx),
  ];
  // Docker hosts show their bridge too.
  if (g.tags.includes('apps') || g.tags.includes('ci')) {
    list.push(
      qgaInterface(
        'docker0',
        `02:42:ac:11:00:${(g.vmid % 256).toString(16).padStart(2, '0')}`,
        [{ address: '172.17.0.1', family: 4, prefix: 16 }],
        0,
        0,
      ),
    );
  }
  return list;
}

/** QGA guest-get-osinfo of the guest's OS. */
function osInfo(g: Guest): Record<string, string> {
  if (g.ostype.startsWith('win')) {
    return {
      id: 'mswindows',
      'kernel-release': '22631',
      'kernel-version': '10.0',
      machine: 'x86_64',
      name: 'Microsoft Windows',
      'pretty-name': 'Windows 11 Pro',
      variant: 'client',
      'variant-id': 'client',
      version: 'Microsoft Windows 11',
      'version-id': '11',
    };
  }
  if (/ubuntu|k8s|test/.test(g.name)) {
    return {
      id: 'ubuntu',
      'kernel-release': '6.8.0-45-generic',
      'kernel-version': '#45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024',
      machine: 'x86_64',
      name: 'Ubuntu',
      'pretty-name': 'Ubuntu 24.04.1 LTS',
      version: '24.04.1 LTS (Noble Numbat)',
      'version-id': '24.04',
    };
  }
  return {
    id: 'debian',
    'kernel-release': '6.1.0-26-amd64',
    'kernel-version': '#1 SMP PREEMPT_DYNAMIC Debian 6.1.112-1 (2024-09-30)',
    machine: 'x86_64',
    name: 'Debian GNU/Linux',
    'pretty-name': 'Debian GNU/Linux 12 (bookworm)',
    version: '12 (bookworm)',
    'version-id': '12',
  };
}

const AUDIT = 'VM.GuestAgent.Audit';

export const agentRoutes: Route[] = [
  {
    method: 'GET',
    template: '/nodes/{node}/lxc/{vmid}/interfaces',
    auth: true,
    perm: ['/vms/{vmid}', 'VM.Audit'],
    handler: (ctx) => {
      const g = ctx.sim.guest(str(ctx.params, 'node'), 'lxc', num(ctx.params, 'vmid'));
      return { data: containerInterfaces(g) };
    },
  },
  agentRoute('network-get-interfaces', 'GET', AUDIT, qgaInterfaces),
  agentRoute('get-osinfo', 'GET', AUDIT, osInfo),
  agentRoute('get-host-name', 'GET', AUDIT, (g) => ({ 'host-name': g.name })),
];
