// Clone and convert to template (spec §8), as qemu-server API2/Qemu.pm clone_vm/template and
// pve-container API2/LXC.pm clone_vm/template run them: the checks made before forking (PVE's
// texts), then a qmclone/vzclone worker. A VM clone writes the new config (`lock: clone`) when
// the worker runs and holds the source's config lock only while the source runs (a shared lock
// otherwise: parallel clones of a template are fine); a CT clone sets `lock: disk` on the source
// and creates the new config (`lock: create`) before forking, so a second clone of the same CT
// is refused until the first is done. Full clones copy, linked ones clone the template's base
// volume (or a snapshot's), and a full clone of a running CT needs a snapshot.

import type { Identity } from './auth';
import { ApiError, fail, paramError } from './errors';
import type { Guest } from './model';
import type { Simulation } from './sim';
import type { TaskStep } from './tasks';

const GiB = 1024 ** 3;

export interface CloneOptions {
  newid: number;
  /** qemu `name`, lxc `hostname` */
  name?: string;
  description?: string;
  pool?: string;
  snapname?: string;
  storage?: string;
  full?: boolean;
  target?: string;
}

function kind(g: Guest): 'VM' | 'CT' {
  return g.type === 'qemu' ? 'VM' : 'CT';
}

/** The volume a guest's disk lives on: a template's is a base image. */
export function diskVolume(g: Guest): string {
  return `local-lvm:${g.template ? 'base' : 'vm'}-${g.vmid}-disk-0`;
}

/** PVE draws a random MAC for every net device of a clone; the demo's follows the new id. */
function cloneMac(vmid: number): string {
  const h = (vmid * 2654435761) >>> 0;
  const b = (n: number) => ((h >>> n) & 0xff).toString(16).toUpperCase().padStart(2, '0');
  return `BC:24:11:${b(16)}:${b(8)}:${b(0)}`;
}

/** The checks both types make before forking (storage, target node, pool), PVE's texts. */
function commonChecks(sim: Simulation, g: Guest, o: CloneOptions, target: string | undefined) {
  // RPCEnvironment check_pool_exist: raise_perm_exc
  if (o.pool !== undefined && !sim.state.pools.includes(o.pool)) {
    throw new ApiError(403, `Permission check failed (pool '${o.pool}' does not exist)`);
  }
  if (target && !sim.state.nodes.some((n) => n.name === target)) {
    throw fail(`no such cluster node '${target}'`);
  }
  if (o.storage !== undefined) {
    const source = sim.node(g.node);
    const st = source.storages.find((s) => s.storage === o.storage);
    if (!st) throw fail(`storage '${o.storage}' does not exist`);
    if (g.type === 'qemu' && !st.content.split(',').includes('images')) {
      throw paramError({ storage: `storage '${o.storage}' does not support vm images` });
    }
    if (target) {
      const t = sim.node(target);
      if (!t.storages.some((s) => s.storage === o.storage)) {
        throw fail(`storage '${o.storage}' is not available on node '${target}'`);
      }
      if (!st.shared) throw fail(`can't clone to non-shared storage '${o.storage}'`);
    }
  }
}

/** POST …/clone: the early checks, then the worker; returns the UPID. */
export function cloneGuest(
  sim: Simulation,
  identity: Identity,
  g: Guest,
  opts: CloneOptions,
): string {
  const target = opts.target && opts.target !== g.node ? opts.target : undefined;
  commonChecks(sim, g, opts, target);
  const running = g.run !== 'stopped';
  const full = opts.full ?? !g.template;
  const snap = opts.snapname;
  const snapOf = snap ? ' a snapshot of' : '';
  const vol = diskVolume(g);
  // The demo's volumes are local-lvm (lvmthin, not shared): a linked clone needs a base volume
  // (a template) or a snapshot; another node is out of reach.
  const checks = (): void => {
    if (g.lock) throw fail(`${kind(g)} is locked (${g.lock})`);
    if (snap && !g.snapshots.some((s) => s.name === snap)) {
      throw fail(`snapshot '${snap}' does not exist`);
    }
    if (opts.storage !== undefined && !full) {
      throw fail("parameter 'storage' not allowed for linked clones");
    }
  };
  if (g.type === 'qemu') {
    checks();
    if (!full && !g.template && !snap) {
      throw fail(`Linked clone feature is not supported for${snapOf} '${vol}' (scsi0)`);
    }
    if (target) throw fail(`can't clone VM to node '${target}' (VM uses local storage)`);
    if (sim.state.guests.has(opts.newid)) {
      throw fail(`unable to create VM ${opts.newid}: config file already exists`);
    }
    return qemuWorker(sim, identity, g, opts, { full, running, target });
  }
  // lxc: set_lock(source, 'disk') then create_and_lock_config(newid), both before forking.
  if (g.lock) throw fail(`CT is locked (${g.lock})`);
  const taken = sim.state.guests.get(opts.newid);
  if (taken) {
    throw fail(`${kind(taken)} ${opts.newid} already exists on node '${taken.node}'`);
  }
  if (opts.storage !== undefined && !full) {
    throw fail("parameter 'storage' not allowed for linked clones");
  }
  if (snap && !g.snapshots.some((s) => s.name === snap)) {
    throw fail(`snapshot '${snap}' does not exist`);
  }
  if (full && running && !snap) {
    throw fail('Full clone of a running container is only possible from a snapshot');
  }
  if (!full && !g.template && !snap) {
    throw fail(`Linked clone feature for '${vol}' is not available`);
  }
  if (target) throw fail(`can't clone CT to node '${target}' (CT uses local storage)`);
  g.lock = 'disk';
  const copy = newGuest(g, opts, 'create');
  addGuest(sim, copy);
  return lxcWorker(sim, identity, g, copy, opts, full);
}

function newGuest(g: Guest, opts: CloneOptions, lock: string): Guest {
  const extra = { ...(g.extra ?? {}) };
  delete extra.description;
  if (opts.description) extra.description = opts.description;
  const copy: Guest = {
    ...g,
    vmid: opts.newid,
    name: opts.name ?? (g.type === 'qemu' ? `Copy-of-VM-${g.name || String(g.vmid)}` : g.name),
    template: false,
    tags: [...g.tags],
    lock,
    mac: cloneMac(opts.newid),
    run: 'stopped',
    frozen: false,
    startedAt: 0,
    pid: 0,
    snapshots: [],
    profile: { ...g.profile },
    extra,
  };
  delete copy.parent;
  delete copy.pending;
  delete copy.ha;
  delete copy.pool;
  return copy;
}

function addGuest(sim: Simulation, g: Guest): void {
  sim.state.guests.set(g.vmid, g);
  sim.state.order = [...sim.state.guests.values()].sort((a, b) => a.vmid - b.vmid);
  sim.touch();
}

function removeGuest(sim: Simulation, g: Guest): void {
  if (sim.state.guests.get(g.vmid) === g) sim.state.guests.delete(g.vmid);
  sim.state.order = sim.state.order.filter((x) => x !== g);
  sim.touch();
}

function copySteps(
  sim: Simulation,
  g: Guest,
  copy: Guest,
  full: boolean,
  storage: string,
  opt: string,
): TaskStep[] {
  const t = sim.tasks;
  const vol = diskVolume(g);
  const bytes = g.diskGiB * GiB;
  const steps: TaskStep[] = [
    {
      seconds: 0.3,
      action: (log) => {
        if (!storage.startsWith('local-lvm') && g.type === 'lxc') {
          throw new Error(
            `clone failed: storage '${storage}' does not support container directories`,
          );
        }
        if (g.type === 'qemu') {
          log(`create ${full ? 'full' : 'linked'} clone of drive ${opt} (${vol})`);
        } else {
          log(
            `create ${full ? 'full clone of mountpoint' : 'linked clone of mount point'} ${opt} (${vol})`,
          );
        }
        log(`  Logical volume "vm-${copy.vmid}-disk-0" created.`);
      },
    },
  ];
  if (full) {
    const secs = t.duration(3, 5);
    for (let i = 1; i <= 4; i++) {
      steps.push({
        seconds: secs / 4,
        action: (log) => {
          if (g.type === 'qemu') {
            const done = ((g.diskGiB * i) / 4).toFixed(1);
            log(
              `transferred ${done} GiB of ${g.diskGiB.toFixed(1)} GiB (${((i / 4) * 100).toFixed(2)}%)`,
            );
          } else if (i === 4) {
            log(`Number of files: 24,176 (reg: 19,012, dir: 1,890, link: 3,244)`);
            log(`Total file size: ${Math.round(bytes * 0.3)} bytes`);
          }
        },
      });
    }
  } else {
    steps.push({ seconds: t.duration(0.6, 1.2) });
  }
  return steps;
}

function qemuWorker(
  sim: Simulation,
  identity: Identity,
  g: Guest,
  opts: CloneOptions,
  how: { full: boolean; running: boolean; target: string | undefined },
): string {
  let copy: Guest | undefined;
  return sim.tasks.start(
    g.node,
    'qmclone',
    String(g.vmid),
    identity.authid,
    () => {
      // The worker re-runs the checks once it holds the locks.
      if (g.lock) throw new Error(`VM is locked (${g.lock})`);
      if (sim.state.guests.has(opts.newid)) {
        throw new Error(`unable to create VM ${opts.newid}: config file already exists`);
      }
      if ((g.run !== 'stopped') !== how.running) throw new Error('unexpected state change');
      const c = newGuest(g, opts, 'clone');
      copy = c;
      const storage = opts.storage ?? 'local-lvm';
      return [
        {
          seconds: 0.2,
          action: (log) => {
            log(`creating a clone of VM ${g.vmid} with ID ${opts.newid}`);
            addGuest(sim, c);
          },
        },
        ...copySteps(sim, g, c, how.full, storage, 'scsi0'),
        {
          seconds: 0.2,
          action: () => {
            delete c.lock;
            if (opts.pool) c.pool = opts.pool;
            sim.touch();
          },
        },
      ];
    },
    {
      // An exclusive lock on a running source; the new id's lock in any case.
      lockKey: how.running ? String(g.vmid) : `clone-${opts.newid}`,
      onEnd: (task) => {
        if (task.exitstatus !== 'OK' && copy && copy.lock === 'clone') removeGuest(sim, copy);
      },
    },
  ).upid;
}

function lxcWorker(
  sim: Simulation,
  identity: Identity,
  g: Guest,
  copy: Guest,
  opts: CloneOptions,
  full: boolean,
): string {
  const storage = opts.storage ?? 'local-lvm';
  return sim.tasks.start(
    g.node,
    'vzclone',
    String(g.vmid),
    identity.authid,
    () => [
      {
        seconds: 0.2,
        action: (log) => log(`creating a clone of container ${g.vmid} with ID ${opts.newid}`),
      },
      ...copySteps(sim, g, copy, full, storage, 'rootfs'),
      {
        seconds: 0.2,
        action: () => {
          if (opts.pool) copy.pool = opts.pool;
          delete copy.lock;
          sim.touch();
        },
      },
    ],
    {
      onEnd: (task) => {
        // The source's `disk` lock goes in any case; a failed clone's config goes too.
        if (g.lock === 'disk') delete g.lock;
        if (task.exitstatus !== 'OK') removeGuest(sim, copy);
        sim.touch();
      },
    },
  ).upid;
}

/** POST …/template: qemu answers a qmtemplate UPID, lxc null (its vztemplate worker runs on). */
export function convertToTemplate(sim: Simulation, identity: Identity, g: Guest): string | null {
  const what = kind(g);
  const checks = (): void => {
    if (g.lock) throw fail(`${what} is locked (${g.lock})`);
    if (g.snapshots.length) {
      throw fail(`unable to create template, because ${what} contains snapshots`);
    }
    if (g.template) throw fail("you can't convert a template to a template");
    if (g.run !== 'stopped') {
      throw fail(
        g.type === 'qemu'
          ? "you can't convert a VM to template if VM is running"
          : "you can't convert a CT to template if the CT is running",
      );
    }
  };
  checks();
  const t = sim.tasks;
  const task = t.start(
    g.node,
    g.type === 'qemu' ? 'qmtemplate' : 'vztemplate',
    String(g.vmid),
    identity.authid,
    () => {
      if (g.type === 'qemu') checks();
      return [
        {
          seconds: t.duration(0.5, 1),
          action: (log) => {
            log(`  Renamed "vm-${g.vmid}-disk-0" to "base-${g.vmid}-disk-0" in volume group "pve"`);
            log(`  Logical volume pve/base-${g.vmid}-disk-0 changed.`);
            log(`  WARNING: Combining activation change with other commands is not advised.`);
            g.template = true;
            sim.touch();
          },
        },
      ];
    },
    { lockKey: String(g.vmid) },
  );
  return g.type === 'qemu' ? task.upid : null;
}
