// Guest config writes and pending changes (spec §8), as qemu-server update_vm_api and pve-container
// update_pct_config do them: every change goes to the `[PENDING]` section first, a stopped guest
// applies it at once, a running one applies what it can hot-plug and keeps the rest until its next
// start. A stale `digest` is refused with PVE's texts (qemu: `checksum mismatch…`, lxc:
// assert_if_modified's `detected modified configuration…`).
//
// Hot-plug rules (qemu `hotplug` default network,disk,usb; pve-container vmconfig_hotplug_pending):
// - both: description, onboot, startup, protection, tags apply at once (the fast-plug options);
// - qemu: name too; balloon when neither the old nor the new value is 0; cores only with
//   `hotplug` containing cpu, memory only with `hotplug` containing memory; anything else pending;
// - lxc: memory, swap, cpulimit, cpuunits through the cgroup; hostname, cores and the rest pending.

import type { Identity } from './auth';
import { fail, paramError } from './errors';
import { configObject, configText, type Guest } from './model';
import { normaliseNet } from './net';
import type { Params } from './params';
import type { Simulation } from './sim';

/** The config as a key → raw value map (what the file holds in its main section). */
export function currentConf(g: Guest): Record<string, string> {
  const out: Record<string, string> = {};
  const text = configText({ ...g, pending: undefined, snapshots: [] });
  for (const [k, v] of Object.entries(configObject(text))) out[k] = String(v);
  return out;
}

const FAST_COMMON = new Set(['description', 'onboot', 'startup', 'protection', 'tags', 'lock']);

function modelled(g: Guest, key: string): boolean {
  const own = g.type === 'qemu' ? ['name'] : ['hostname', 'swap'];
  return ['cores', 'memory', 'tags', 'net0', ...own].includes(key);
}

/** Write one option into the main section (undefined deletes it). */
function setOption(g: Guest, key: string, value: string | undefined): void {
  if (key === 'lock') {
    if (value === undefined) delete g.lock;
    else g.lock = value;
    return;
  }
  if (modelled(g, key)) {
    if (value === undefined) {
      if (key === 'tags') g.tags = [];
      // cores/memory/name fall back to their defaults when deleted
      else if (key === 'cores') g.cores = 1;
      else if (key === 'memory') g.memoryMiB = 512;
      else if (key === 'swap') g.swapMiB = 512;
      // the demo's net0 is derived unless given: '' = no net0 line
      else if (key === 'net0') g.net0 = '';
      return;
    }
    if (key === 'cores') g.cores = Number(value);
    else if (key === 'swap') g.swapMiB = Number(value);
    else if (key === 'net0') g.net0 = value;
    else if (key === 'memory') g.memoryMiB = memoryMiB(value);
    else if (key === 'tags') g.tags = value.split(/[;, ]+/).filter(Boolean);
    else g.name = value;
    return;
  }
  const extra = { ...(g.extra ?? {}) };
  if (value === undefined) delete extra[key];
  else extra[key] = value;
  g.extra = extra;
}

/** qemu memory is `[current=]<MiB>` since PVE 8; lxc an integer. */
function memoryMiB(v: string): number {
  const m = /^(?:current=)?(\d+)$/.exec(v);
  return m ? Number(m[1]) : NaN;
}

function hotpluggable(g: Guest, key: string, from: string | undefined, to: string | undefined) {
  if (FAST_COMMON.has(key)) return true;
  if (g.type === 'qemu') {
    if (key === 'name') return true;
    const hotplug = (g.extra?.hotplug ?? 'network,disk,usb').split(',');
    if (key === 'balloon') return from !== '0' && to !== '0' && to !== undefined;
    if (key === 'cores') return hotplug.includes('cpu');
    if (key === 'memory') return hotplug.includes('memory');
    if (/^net\d+$/.test(key)) return hotplug.includes('network');
    return false;
  }
  return ['memory', 'swap', 'cpulimit', 'cpuunits'].includes(key) || /^net\d+$/.test(key);
}

function pendingOf(g: Guest): NonNullable<Guest['pending']> {
  g.pending ??= { set: {}, del: {} };
  return g.pending;
}

/** Move pending values into the config: all of them (start), or only the hot-pluggable ones. */
export function applyPending(g: Guest, onlyHot = false): void {
  const p = g.pending;
  if (!p) return;
  const cur = currentConf(g);
  for (const key of Object.keys(p.del).sort()) {
    if (onlyHot && !hotpluggable(g, key, cur[key], undefined)) continue;
    setOption(g, key, undefined);
    delete p.del[key];
  }
  for (const key of Object.keys(p.set).sort()) {
    if (onlyHot && !hotpluggable(g, key, cur[key], p.set[key])) continue;
    setOption(g, key, p.set[key]);
    delete p.set[key];
  }
  cleanupPending(g);
}

/** AbstractConfig cleanup_pending: drop pending values equal to the current ones. */
function cleanupPending(g: Guest): void {
  const p = g.pending;
  if (!p) return;
  const cur = currentConf(g);
  for (const [k, v] of Object.entries(p.set)) if (cur[k] === v) delete p.set[k];
  for (const k of Object.keys(p.del)) if (cur[k] === undefined) delete p.del[k];
  if (!Object.keys(p.set).length && !Object.keys(p.del).length) delete g.pending;
}

/** GET …/config: pending applied unless `current`. */
export function readConfig(sim: Simulation, g: Guest, current: boolean): Record<string, unknown> {
  const conf: Record<string, unknown> = sim.guestConfig(g);
  if (current || !g.pending) return conf;
  for (const k of Object.keys(g.pending.del)) delete conf[k];
  for (const [k, v] of Object.entries(g.pending.set)) conf[k] = /^\d+$/.test(v) ? Number(v) : v;
  return conf;
}

/** GET …/pending: GuestHelpers config_with_pending_array. */
export function pendingList(sim: Simulation, g: Guest): Record<string, unknown>[] {
  const conf: Record<string, unknown> = sim.guestConfig(g);
  const p = g.pending ?? { set: {}, del: {} };
  const keys = [...new Set([...Object.keys(conf), ...Object.keys(p.set)])].sort();
  return keys.map((key) => {
    const item: Record<string, unknown> = { key };
    if (conf[key] !== undefined) item.value = conf[key];
    const pend = p.set[key];
    if (pend !== undefined) item.pending = /^\d+$/.test(pend) ? Number(pend) : pend;
    if (p.del[key] !== undefined) item.delete = p.del[key];
    return item;
  });
}

const CONTROL = new Set(['node', 'vmid', 'digest', 'delete', 'revert', 'force', 'skiplock']);
const CONTROL_QEMU = new Set(['background_delay', 'skip_cloud_init']);

function list(v: unknown): string[] {
  return typeof v === 'string' ? v.split(/[,; ]+/).filter(Boolean) : [];
}

function raw(v: unknown): string {
  if (typeof v === 'boolean') return v ? '1' : '0';
  return String(v);
}

/** The privilege an option needs (qemu-server check_vm_modify_config_perm, simplified). */
function privFor(key: string): string {
  if (['cores', 'sockets', 'cpulimit', 'cpuunits', 'vcpus', 'cpu'].includes(key)) {
    return 'VM.Config.CPU';
  }
  if (['memory', 'balloon', 'swap', 'shares'].includes(key)) return 'VM.Config.Memory';
  return 'VM.Config.Options';
}

/**
 * PUT/POST …/config: checks, then the change under the config lock (pending first, then applied:
 * all of it on a stopped guest, the hot-pluggable part on a running one).
 */
export function updateConfig(sim: Simulation, identity: Identity, g: Guest, p: Params): void {
  const skiplock = p.skiplock === true;
  if (skiplock && identity.authid !== 'root@pam') {
    throw paramError({ skiplock: 'Only root may use this option.' });
  }
  const del = list(p.delete);
  const revert = list(p.revert);
  const set: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) {
    if (CONTROL.has(k) || (g.type === 'qemu' && CONTROL_QEMU.has(k))) continue;
    set[k] = /^net\d+$/.test(k) ? normaliseNet(sim, g, k, raw(v)) : raw(v);
  }
  for (const k of del) {
    if (set[k] !== undefined) throw fail(`cannot set and delete '${k}' at the same time`, 400);
  }
  for (const k of revert) {
    if (set[k] !== undefined || del.includes(k)) {
      throw fail(`you can't use '-revert ${k}' and '-${k}' at the same time`, 400);
    }
  }
  if (!del.length && !revert.length && !Object.keys(set).length) {
    throw fail('no options specified', 400);
  }
  if (set.memory !== undefined) {
    const mib = memoryMiB(set.memory);
    if (!(mib >= 16)) throw paramError({ memory: 'value must have a minimum value of 16' });
  }
  // under the config lock
  const digest = sim.guestConfig(g).digest;
  if (typeof p.digest === 'string' && p.digest !== '' && p.digest !== digest) {
    throw fail(
      g.type === 'qemu'
        ? 'checksum mismatch (file change by other user?)'
        : 'detected modified configuration - file changed by other user? Try again.',
    );
  }
  if (g.lock && !skiplock) throw fail(`${g.type === 'qemu' ? 'VM' : 'CT'} is locked (${g.lock})`);
  const pend = pendingOf(g);
  for (const k of revert) {
    delete pend.set[k];
    delete pend.del[k];
  }
  for (const k of del) {
    delete pend.set[k];
    pend.del[k] = p.force === true ? 2 : 1;
  }
  for (const [k, v] of Object.entries(set)) {
    delete pend.del[k];
    pend.set[k] = v;
  }
  applyPending(g, g.run !== 'stopped');
  sim.touch();
}

/** Names the privileges a change needs, for the handler's permission check. */
export function privilegesFor(p: Params): string[] {
  const keys = [...list(p.delete), ...list(p.revert), ...Object.keys(p)].filter(
    (k) => !CONTROL.has(k) && !CONTROL_QEMU.has(k),
  );
  return [...new Set(keys.map(privFor))];
}

/** A test knob: another client edits the config (the digest changes), as root would. */
export function editAsOtherClient(
  sim: Simulation,
  vmid: number,
  changes: Record<string, string>,
): void {
  const g = sim.state.guests.get(vmid);
  if (!g) throw new Error(`no guest ${vmid}`);
  for (const [k, v] of Object.entries(changes)) setOption(g, k, v === '' ? undefined : v);
  cleanupPending(g);
  sim.touch();
}
