// Migration (spec §8) as qemu-server API2/Qemu.pm + QemuMigrate.pm and pve-container
// API2/LXC.pm + LXC/Migrate.pm run it: the precondition (qemu underscore keys, lxc hyphen keys),
// the checks made before forking (PVE's texts), HA-managed guests handed to ha-manager
// (`hamigrate`, then the CRM's own migration task), and a qmigrate/vzmigrate worker that holds
// the `migrate` lock and moves the guest to the target node at its end.

import type { Identity } from './auth';
import { fail, paramError } from './errors';
import type { DemoNode, Guest } from './model';
import type { Simulation } from './sim';
import type { TaskStep } from './tasks';

const GiB = 1024 ** 3;

export interface MigrateOptions {
  target: string;
  online?: boolean;
  restart?: boolean;
  withLocalDisks?: boolean;
  targetStorage?: string;
}

function localVolume(g: Guest): string {
  return `local-lvm:vm-${g.vmid}-disk-0`;
}

/** The storages a guest's volumes live on (local-lvm in the demo) missing on `node`. */
function unavailableStorages(node: DemoNode): string[] {
  const have = new Set(node.storages.map((s) => s.storage));
  return ['local-lvm'].filter((s) => !have.has(s));
}

/** GET …/migrate. */
export function migratePrecondition(sim: Simulation, g: Guest): Record<string, unknown> {
  const running = g.run !== 'stopped';
  const allowed: string[] = [];
  const notAllowed: Record<string, Record<string, unknown>> = {};
  for (const n of sim.state.nodes) {
    if (n.name === g.node) continue;
    const missing = unavailableStorages(n);
    if (missing.length) notAllowed[n.name] = { unavailable_storages: missing };
    else allowed.push(n.name);
  }
  if (g.type === 'lxc') {
    return {
      running,
      'allowed-nodes': allowed,
      'not-allowed-nodes': notAllowed,
      'dependent-ha-resources': [],
    };
  }
  const out: Record<string, unknown> = {
    running,
    local_disks: [
      {
        volid: localVolume(g),
        size: g.diskGiB * GiB,
        drivename: 'scsi0',
        is_attached: 1,
        cdrom: 0,
        is_unused: 0,
        is_vmstate: 0,
        is_tpmstate: 0,
        replicate: 1,
        shared: 0,
      },
    ],
    local_resources: [],
    'mapped-resources': [],
    'mapped-resource-info': {},
    'has-dbus-vmstate': 0,
    'dependent-ha-resources': [],
  };
  // PVE 8+ lists the nodes whether or not the VM runs (PVE 7 only for a stopped one).
  out.allowed_nodes = allowed;
  out.not_allowed_nodes = notAllowed;
  return out;
}

function stamp(sim: Simulation, at: number): string {
  return new Date(at * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

function duration(secs: number): string {
  const s = Math.max(0, Math.round(secs));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(Math.floor(s / 3600))}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}`;
}

/** POST …/migrate: the checks made before forking, then the worker (or the HA request). */
export function migrateGuest(
  sim: Simulation,
  identity: Identity,
  g: Guest,
  opts: MigrateOptions,
): string {
  if (opts.target === g.node) throw paramError({ target: 'target is local node.' });
  const target = sim.node(opts.target);
  if (g.lock) throw fail(`${g.type === 'qemu' ? 'VM' : 'CT'} is locked (${g.lock})`);
  const running = g.run !== 'stopped';
  if (g.type === 'qemu') {
    if (running && !opts.online) throw fail("can't migrate running VM without --online");
  } else if (running && !opts.online && !opts.restart) {
    // API2/LXC.pm migrate_vm; `online` passes here and is refused by the worker (LXC/Migrate.pm).
    throw fail("can't migrate running container without --online or --restart");
  }
  if (g.ha) {
    const what = g.type === 'qemu' ? 'VM' : 'CT';
    return sim.tasks.start(g.node, 'hamigrate', String(g.vmid), identity.authid, () => [
      {
        seconds: sim.tasks.duration(0.3, 0.6),
        action: (log) => {
          log(`Requesting HA migration for ${what} ${g.vmid} to node ${target.name}`);
          // The CRM picks the request up and runs the migration as root@pam.
          startWorker(sim, 'root@pam', g, target, {
            ...opts,
            online: g.type === 'qemu' && running,
            restart: g.type === 'lxc' && running,
            withLocalDisks: true,
          });
        },
      },
    ]).upid;
  }
  return startWorker(sim, identity.authid, g, target, opts);
}

function startWorker(
  sim: Simulation,
  authid: string,
  g: Guest,
  target: DemoNode,
  opts: MigrateOptions,
): string {
  const type = g.type === 'qemu' ? 'qmigrate' : 'vzmigrate';
  const t = sim.tasks;
  const begun = sim.clock.now();
  return t.start(g.node, type, String(g.vmid), authid, () => {
    const steps: TaskStep[] = [];
    const what = g.type === 'qemu' ? 'VM' : 'CT';
    const vol = localVolume(g);
    const lv = `vm-${g.vmid}-disk-0`;
    const store = opts.targetStorage ?? 'local-lvm';
    const say = (log: (l: string) => void, line: string) =>
      log(`${stamp(sim, sim.clock.now())} ${line}`);
    const live = g.type === 'qemu' && g.run !== 'stopped';
    const restart = g.type === 'lxc' && g.run !== 'stopped';
    // AbstractMigrate: the reason goes on an ERROR line of the log; the task ends 'migration aborted'.
    const abort = (log: (l: string) => void, line: string): never => {
      delete g.lock;
      sim.touch();
      say(log, `ERROR: migration aborted (duration ${duration(sim.clock.now() - begun)}): ${line}`);
      throw new Error('migration aborted');
    };
    g.lock = 'migrate';
    sim.touch();
    steps.push({
      seconds: t.duration(0.4, 0.8),
      action: (log) => {
        // LXC/Migrate.pm prepare, before anything is done.
        if (restart && opts.online) abort(log, 'lxc live migration is currently not implemented');
        if (restart) say(log, `shutdown CT ${g.vmid}`);
        if (restart) {
          g.run = 'stopped';
          g.startedAt = 0;
          g.pid = 0;
          sim.touch();
        }
        say(log, `starting migration of ${what} ${g.vmid} to node '${target.name}' (${target.ip})`);
        if (!target.online) abort(log, `Can't connect to destination address using public key`);
        if (g.type === 'qemu') say(log, `found local disk '${vol}' (attached)`);
        else say(log, `found local volume '${vol}' (in current VM config)`);
        if (live && !opts.withLocalDisks) {
          abort(log, "can't live migrate attached local disks without with-local-disks option");
        }
      },
    });
    if (live) {
      const mem = (g.memoryMiB / 1024).toFixed(1);
      steps.push(
        {
          seconds: t.duration(0.8, 1.2),
          action: (log) => {
            say(log, `starting VM ${g.vmid} on remote node '${target.name}'`);
            say(log, `volume '${vol}' is '${store}:${lv}' on the target`);
            say(log, 'start remote tunnel');
            say(log, 'ssh tunnel ver 1');
            say(log, 'starting storage migration');
            say(
              log,
              `scsi0: start migration to nbd:unix:/run/qemu-server/${g.vmid}_nbd.migrate:exportname=drive-scsi0`,
            );
            say(log, 'drive mirror is starting for drive-scsi0');
          },
        },
        {
          seconds: t.duration(2, 4),
          action: (log) => {
            const size = g.diskGiB.toFixed(1);
            say(log, `drive-scsi0: transferred ${size} GiB of ${size} GiB (100.00%) in 3s, ready`);
            say(log, "all 'mirror' jobs are ready");
            say(log, `starting online/live migration on unix:/run/qemu-server/${g.vmid}.migrate`);
            say(log, 'set migration capabilities');
            say(log, 'migration downtime limit: 100 ms');
            say(log, 'migration cachesize: 512.0 MiB');
            say(log, 'set migration parameters');
            say(log, `start migrate command to unix:/run/qemu-server/${g.vmid}.migrate`);
          },
        },
        {
          seconds: t.duration(1.5, 3),
          action: (log) => {
            say(log, `average migration speed: 1.1 GiB/s - downtime 52 ms`);
            say(log, `migration completed, transferred ${mem} GiB VM-state`);
            say(log, 'migration status: completed');
            say(log, 'drive-scsi0: Completing block job...');
            say(log, 'drive-scsi0: Completed successfully.');
            say(log, 'drive-scsi0: mirror-job finished');
            say(log, 'stopping NBD storage migration server on target.');
          },
        },
      );
    } else {
      steps.push({
        seconds: t.duration(2, 4),
        action: (log) => {
          if (g.type === 'qemu') say(log, 'copying local disk images');
          log(`  Logical volume "${lv}" created.`);
          log(`${g.diskGiB * 1024}+0 records in`);
          log(`${g.diskGiB * 1024}+0 records out`);
          log(`successfully imported '${store}:${lv}'`);
          say(log, `volume '${vol}' is '${store}:${lv}' on the target`);
        },
      });
    }
    steps.push({
      seconds: t.duration(0.5, 1),
      action: (log) => {
        log(`  Logical volume "${lv}" successfully removed.`);
        if (restart) say(log, 'start final cleanup');
        g.node = target.name;
        delete g.lock;
        if (restart) {
          say(log, 'start container on target node');
          g.run = 'running';
          g.startedAt = sim.clock.now();
          g.pid = 1000 + ((g.vmid * 7919 + g.startedAt) % 3_000_000);
        }
        sim.touch();
        say(log, `migration finished successfully (duration ${duration(sim.clock.now() - begun)})`);
      },
    });
    return steps;
  }).upid;
}
