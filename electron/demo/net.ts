// Network interface values as qemu-server (parse_net/print_net) and pve-container
// (parse_lxc_network/print_lxc_network) store them: a missing MAC address is generated with
// Proxmox's prefix BC:24:11, a container's `type=veth` is added, and the keys are written in
// PVE's order (the model or name first, the rest sorted).

import { randomBytes } from 'node:crypto';
import { paramError } from './errors';
import type { Guest } from './model';
import type { Simulation } from './sim';

const MODELS = ['virtio', 'e1000', 'e1000e', 'rtl8139', 'vmxnet3', 'i82551', 'ne2k_pci', 'pcnet'];

function randomMac(): string {
  const b = randomBytes(3);
  return [
    'BC',
    '24',
    '11',
    ...[...b].map((x) => x.toString(16).padStart(2, '0').toUpperCase()),
  ].join(':');
}

function parts(value: string): [string, string | undefined][] {
  return value
    .split(',')
    .filter(Boolean)
    .map((p) => {
      const i = p.indexOf('=');
      return i < 0 ? [p, undefined] : [p.slice(0, i), p.slice(i + 1)];
    });
}

/** The value a netN is written with. */
export function normaliseNet(_sim: Simulation, g: Guest, key: string, value: string): string {
  const kv = new Map(parts(value));
  if (g.type === 'qemu') {
    let model = [...kv.keys()].find((k) => MODELS.includes(k));
    let mac = model ? kv.get(model) : undefined;
    if (!model && kv.has('model')) {
      model = kv.get('model');
      kv.delete('model');
    }
    if (!model || !MODELS.includes(model)) {
      throw paramError({
        [key]: 'invalid format - format error\nmodel: property is missing and it is not optional',
      });
    }
    kv.delete(model);
    mac ??= kv.get('macaddr');
    kv.delete('macaddr');
    const rest = [...kv.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    return [`${model}=${mac ?? randomMac()}`, ...rest.map(([k, v]) => `${k}=${v ?? ''}`)].join(',');
  }
  const name = kv.get('name');
  if (!name) {
    throw paramError({
      [key]: 'invalid format - format error\nname: property is missing and it is not optional',
    });
  }
  kv.delete('name');
  if (!kv.get('hwaddr')) kv.set('hwaddr', randomMac());
  if (!kv.get('type')) kv.set('type', 'veth');
  const rest = [...kv.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  return [`name=${name}`, ...rest.map(([k, v]) => `${k}=${v ?? ''}`)].join(',');
}
