// Snapshots (spec §8) as pve-guest-common AbstractConfig.pm runs them: take (prepare → volume
// snapshots → commit), delete, roll back, each a worker task holding the guest's `lock` while it
// works, with lvm-thin's log lines. Checks that PVE makes inside the worker fail the task (a name
// already used, a locked guest), not the request.

import type { Identity } from './auth';
import { fail } from './errors';
import type { Guest, Snapshot } from './model';
import { powerAction } from './power';
import type { Simulation } from './sim';
import type { TaskStep } from './tasks';

const GiB = 1024 ** 3;

function kind(g: Guest): string {
  return g.type === 'qemu' ? 'VM' : 'CT';
}

/** AbstractConfig check_lock. */
function checkLock(g: Guest): void {
  if (g.lock) throw new Error(`${kind(g)} is locked (${g.lock})`);
}

function find(g: Guest, name: string): Snapshot {
  const s = g.snapshots.find((x) => x.name === name);
  if (!s) throw new Error(`snapshot '${name}' does not exist`);
  return s;
}

function setLock(sim: Simulation, g: Guest, lock: string | undefined): void {
  if (lock) g.lock = lock;
  else delete g.lock;
  sim.touch();
}

/** The guest's one disk as lvm-thin names it: qemu `drive-scsi0`, lxc `rootfs`. */
function disk(g: Guest): { key: string; volid: string; lv: string } {
  const lv = `vm-${g.vmid}-disk-0`;
  return { key: g.type === 'qemu' ? 'drive-scsi0' : 'rootfs', volid: `local-lvm:${lv}`, lv };
}

function fmtGiB(bytes: number): string {
  return `${(bytes / GiB).toFixed(2)} GiB`;
}

/** The list GET …/snapshot returns: every section, then the `current` pseudo entry. */
export function snapshotList(sim: Simulation, g: Guest): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = g.snapshots.map((s) => {
    const item: Record<string, unknown> = {
      name: s.name,
      snaptime: s.snaptime,
      description: s.description,
    };
    if (s.parent) item.parent = s.parent;
    if (s.snapstate) item.snapstate = s.snapstate;
    if (g.type === 'qemu') item.vmstate = s.vmstate ? 1 : 0;
    return item;
  });
  const current: Record<string, unknown> = {
    name: 'current',
    digest: String(sim.guestConfig(g).digest),
    running: g.run !== 'stopped' ? 1 : 0,
    description: 'You are here!',
  };
  if (g.parent) current.parent = g.parent;
  out.push(current);
  return out;
}

/** GET …/snapshot/{snapname}/config: the section's config. */
export function snapshotConfig(sim: Simulation, g: Guest, name: string): Record<string, unknown> {
  const s = g.snapshots.find((x) => x.name === name);
  if (!s) throw fail(`snapshot '${name}' does not exist`);
  const conf = sim.guestConfig({ ...g, ...s.conf, snapshots: [], parent: s.parent });
  delete conf.digest;
  delete conf.lock;
  const out: Record<string, unknown> = { ...conf, snaptime: s.snaptime };
  if (s.description) out.description = s.description;
  if (s.snapstate) out.snapstate = s.snapstate;
  if (s.vmstate) out.vmstate = `local-lvm:vm-${g.vmid}-state-${s.name}`;
  return out;
}

/** PUT …/snapshot/{snapname}/config (synchronous, under the config lock). */
export function updateSnapshot(
  sim: Simulation,
  g: Guest,
  name: string,
  description?: string,
): void {
  if (description === undefined) return;
  try {
    checkLock(g);
    find(g, name).description = description;
  } catch (err) {
    throw fail((err as Error).message);
  }
  sim.touch();
}

function startTask(
  sim: Simulation,
  g: Guest,
  what: 'snapshot' | 'delsnapshot' | 'rollback',
  identity: Identity,
  plan: () => TaskStep[],
): string {
  const type = `${g.type === 'qemu' ? 'qm' : 'vz'}${what}`;
  return sim.tasks.start(g.node, type, String(g.vmid), identity.authid, plan).upid;
}

/** POST …/snapshot. */
export function createSnapshot(
  sim: Simulation,
  identity: Identity,
  g: Guest,
  name: string,
  opts: { description?: string; vmstate?: boolean },
): string {
  // qemu-server API2/Qemu.pm and pve-container API2/LXC/Snapshot.pm check before forking.
  if (name === 'current') throw fail("unable to use snapshot name 'current' (reserved name)");
  if (g.type === 'qemu' && name.toLowerCase() === 'pending') {
    throw fail("unable to use snapshot name 'pending' (reserved name)");
  }
  if (g.type === 'lxc' && name === 'vzdump') {
    throw fail("unable to use snapshot name 'vzdump' (reserved name)");
  }
  const t = sim.tasks;
  return startTask(sim, g, 'snapshot', identity, () => {
    // __snapshot_prepare
    if (g.template) throw new Error("you can't take a snapshot if it's a template");
    checkLock(g);
    if (g.snapshots.some((s) => s.name === name)) {
      throw new Error(`snapshot name '${name}' already used`);
    }
    const withRam = g.type === 'qemu' && opts.vmstate === true && g.run !== 'stopped';
    const snap: Snapshot = {
      name,
      description: opts.description ?? '',
      snaptime: sim.clock.now(),
      vmstate: false,
      snapstate: 'prepare',
      conf: { name: g.name, cores: g.cores, memoryMiB: g.memoryMiB, tags: [...g.tags] },
    };
    if (g.parent) snap.parent = g.parent;
    const d = disk(g);
    // The prepare step writes the lock and the section at once (snapstate `prepare`).
    setLock(sim, g, 'snapshot');
    g.snapshots.push(snap);
    const steps: TaskStep[] = [{ seconds: t.duration(0.2, 0.4) }];
    if (withRam) {
      const ram = g.memoryMiB * 1024 * 1024 * (0.3 + t.duration(0, 0.4));
      const secs = Math.max(2, Math.round(ram / GiB) * 2);
      steps.push(
        {
          seconds: t.duration(0.3, 0.6),
          action: (log) => {
            log("saving VM state and RAM using storage 'local-lvm'");
            log('1.51 MiB in 0s');
          },
        },
        {
          seconds: t.duration(secs, secs + 2),
          action: (log) => {
            log(`${fmtGiB(ram * 0.8)} in ${secs - 1}s`);
            log(`completed saving the VM state in ${secs}s, saved ${fmtGiB(ram)}`);
            snap.vmstate = true;
          },
        },
      );
    }
    steps.push({
      seconds: t.duration(0.8, 1.6),
      action: (log) => {
        if (g.type === 'qemu') log(`snapshotting '${d.key}' (${d.volid})`);
        log(`  Logical volume "snap_${d.lv}_${name}" created.`);
        // __snapshot_commit
        delete snap.snapstate;
        g.parent = name;
        setLock(sim, g, undefined);
      },
    });
    return steps;
  });
}

/** DELETE …/snapshot/{snapname}. */
export function deleteSnapshot(
  sim: Simulation,
  identity: Identity,
  g: Guest,
  name: string,
  force: boolean,
): string {
  const t = sim.tasks;
  return startTask(sim, g, 'delsnapshot', identity, () => {
    const snap = find(g, name);
    checkLock(g);
    const d = disk(g);
    setLock(sim, g, 'snapshot-delete');
    snap.snapstate = 'delete';
    const steps: TaskStep[] = [{ seconds: t.duration(0.2, 0.4) }];
    if (snap.vmstate) {
      steps.push({
        seconds: t.duration(0.4, 0.8),
        action: (log) => {
          log(`  Logical volume "vm-${g.vmid}-state-${name}" successfully removed.`);
          snap.vmstate = false;
        },
      });
    }
    steps.push({
      seconds: t.duration(0.6, 1.2),
      action: (log, warn) => {
        if (snap.broken) {
          const lv = `pve/snap_${d.lv}_${name}`;
          const err = `lvremove '${lv}' error:   Failed to find logical volume "${lv}"`;
          // The lock stays behind, as PVE leaves it (qm unlock clears it).
          if (!force) throw new Error(err);
          warn(err);
        } else {
          log(`  Logical volume "snap_${d.lv}_${name}" successfully removed.`);
        }
        // Children and the current state now hang from the deleted one's parent.
        for (const other of g.snapshots) {
          if (other.parent === name) {
            if (snap.parent) other.parent = snap.parent;
            else delete other.parent;
          }
        }
        if (g.parent === name) {
          if (snap.parent) g.parent = snap.parent;
          else delete g.parent;
        }
        g.snapshots = g.snapshots.filter((s) => s !== snap);
        setLock(sim, g, undefined);
      },
    });
    return steps;
  });
}

/** POST …/snapshot/{snapname}/rollback. */
export function rollbackSnapshot(
  sim: Simulation,
  identity: Identity,
  g: Guest,
  name: string,
  start: boolean,
): string {
  const t = sim.tasks;
  return startTask(sim, g, 'rollback', identity, () => {
    const snap = find(g, name);
    if (g.template) throw new Error("you can't rollback if vm is a template");
    if (snap.snapstate) {
      throw new Error(`unable to rollback to incomplete snapshot (snapstate = ${snap.snapstate})`);
    }
    checkLock(g);
    const d = disk(g);
    return [
      {
        // __snapshot_rollback_vm_stop: a hard stop, then the `rollback` lock.
        seconds: g.run === 'stopped' ? t.duration(0.2, 0.4) : t.duration(0.8, 1.5),
        action: () => {
          g.run = 'stopped';
          g.frozen = false;
          g.startedAt = 0;
          g.pid = 0;
          setLock(sim, g, 'rollback');
        },
      },
      {
        seconds: t.duration(1, 2),
        action: (log) => {
          log(`  Logical volume "${d.lv}" successfully removed.`);
          log(`  Logical volume "${d.lv}" created.`);
        },
      },
      {
        seconds: snap.vmstate ? t.duration(1.5, 3) : t.duration(0.2, 0.4),
        action: () => {
          Object.assign(g, snap.conf, { tags: [...snap.conf.tags] });
          g.parent = name;
          setLock(sim, g, undefined);
          if (snap.vmstate) {
            // A RAM snapshot resumes where it was taken: the VM runs again, in this task.
            g.run = 'running';
            g.startedAt = sim.clock.now();
            g.pid = 1000 + ((g.vmid * 7919 + g.startedAt) % 3_000_000);
            sim.touch();
          } else if (start) {
            // `start`: the API handler calls vm_start, a task of its own.
            powerAction(sim, identity, g, 'start', {});
          }
        },
      },
    ];
  });
}
