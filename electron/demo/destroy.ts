// Removing a guest (spec §8), as qemu-server API2/Qemu.pm destroy_vm and pve-container
// API2/LXC.pm destroy_vm do it: protection, running and HA checks before forking (PVE's texts),
// then a qmdestroy/vzdestroy worker that removes the volumes and the config; with `purge` the
// guest also leaves the HA resources (and backup/replication jobs, ACLs, firewall).

import type { Identity } from './auth';
import { fail } from './errors';
import type { Guest } from './model';
import type { Simulation } from './sim';

export interface DestroyOptions {
  purge: boolean;
  /** the demo's guests have no unreferenced volumes: accepted, nothing more to remove */
  destroyUnreferenced: boolean;
  /** lxc: even if running */
  force: boolean;
}

/** DELETE /nodes/{node}/qemu|lxc/{vmid}. */
export function destroyGuest(
  sim: Simulation,
  identity: Identity,
  g: Guest,
  opts: DestroyOptions,
): string {
  const qemu = g.type === 'qemu';
  const what = qemu ? 'VM' : 'CT';
  // AbstractConfig check_protection($conf, "can't remove VM $vmid").
  if (g.protection) throw fail(`can't remove ${what} ${g.vmid} - protection mode enabled`);
  if (g.ha && !opts.purge) {
    throw fail(
      `unable to remove ${what} ${g.vmid} - used in HA resources and purge parameter not set.`,
    );
  }
  if (g.run !== 'stopped') {
    if (qemu) throw fail(`VM ${g.vmid} is running - destroy failed`);
    if (!opts.force) throw fail(`unable to destroy CT ${g.vmid} - container is running`);
  }
  if (g.lock) throw fail(`${what} is locked (${g.lock})`);
  const t = sim.tasks;
  const type = qemu ? 'qmdestroy' : 'vzdestroy';
  return t.start(g.node, type, String(g.vmid), identity.authid, () => {
    g.lock = 'destroyed';
    sim.touch();
    return [
      {
        seconds: t.duration(0.5, 1),
        action: (log) => {
          if (!qemu && g.run !== 'stopped') {
            g.run = 'stopped';
            g.startedAt = 0;
            g.pid = 0;
          }
          log(`  Logical volume "vm-${g.vmid}-disk-0" successfully removed.`);
          if (qemu && g.cloudInit) {
            log(`  Logical volume "vm-${g.vmid}-cloudinit" successfully removed.`);
          }
        },
      },
      {
        seconds: t.duration(0.3, 0.6),
        action: (log) => {
          if (opts.purge) {
            log(`purging ${what} ${g.vmid} from related configurations..`);
            if (g.ha) log(`removing HA resource ${qemu ? 'vm' : 'ct'}:${g.vmid}`);
          }
          sim.state.guests.delete(g.vmid);
          sim.state.order = sim.state.order.filter((x) => x !== g);
          sim.touch();
        },
      },
    ];
  }).upid;
}
