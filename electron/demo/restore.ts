// Restores and volume deletes as workers: qemu-server API2/Qemu.pm create_vm with `archive`,
// pve-container API2/LXC.pm create_vm with `restore=1` (a new guest, or the same id with `force`),
// and pve-storage API2/Storage/Content.pm's imgdel (refused for a protected volume).

import type { Identity } from './auth';
import { isPbs, storageOf, type GuestImage } from './backups-model';
import { fail } from './errors';
import type { DemoNode, Guest } from './model';
import type { Params } from './params';
import type { Simulation } from './sim';
import type { TaskStep } from './tasks';

const GiB = 1024 ** 3;

function newGuest(
  sim: Simulation,
  vmid: number,
  node: DemoNode,
  img: GuestImage,
  old?: Guest,
): Guest {
  const g: Guest = {
    vmid,
    type: img.type,
    node: node.name,
    name: img.name,
    template: false,
    tags: [...img.tags],
    cores: img.cores,
    memoryMiB: img.memoryMiB,
    diskGiB: img.diskGiB,
    ostype: img.ostype,
    mac: old?.mac ?? img.mac ?? 'BC:24:11:00:00:01',
    ip: old?.ip ?? img.ip ?? `10.10.9.${vmid % 250}`,
    agent: img.agent,
    serial: img.serial,
    run: 'stopped',
    frozen: false,
    startedAt: 0,
    pid: 0,
    lock: 'create',
    // a restore brings back the config, not its snapshots
    snapshots: [],
    profile: img.profile ?? {
      cpuBase: 0.05,
      memFrac: 0.4,
      diskFrac: 0.3,
      netInRate: 2000,
      netOutRate: 4000,
      diskReadRate: 10000,
      diskWriteRate: 5000,
    },
  };
  if (old?.pool) g.pool = old.pool;
  return g;
}

/**
 * POST /nodes/{node}/qemu with `archive` / POST /nodes/{node}/lxc with `restore=1`: restore a
 * backup volume as guest `vmid` (new, or the same with `force=1`). Returns the task's UPID.
 */
export function startRestore(
  sim: Simulation,
  identity: Identity,
  node: DemoNode,
  type: 'qemu' | 'lxc',
  p: Params,
): string {
  const vmid = Number(p.vmid);
  const volid = String(type === 'qemu' ? p.archive : p.ostemplate);
  const kind = type === 'qemu' ? 'VM' : 'CT';
  const emsg = `unable to restore ${kind} ${vmid} -`;
  const found = storageOf(sim).find(node, volid);
  if (!found || found.volume.content !== 'backup' || !found.volume.image) {
    throw fail(`${emsg} volume '${volid}' does not exist`);
  }
  const { volume } = found;
  if (volume.subtype !== type) {
    throw fail(
      type === 'qemu'
        ? `${emsg} unknown backup format - not a VM backup`
        : `${emsg} unable to detect container archive type - not a CT backup`,
    );
  }
  const existing = sim.state.guests.get(vmid);
  const force = p.force === true;
  if (existing && (!force || existing.node !== node.name || existing.type !== type)) {
    // PVE::Cluster::check_vmid_unused (qemu wraps it in its restore message)
    const what = `${existing.type === 'qemu' ? 'VM' : 'CT'} ${vmid} already exists on node '${existing.node}'`;
    throw fail(type === 'qemu' ? `${emsg} ${what}` : what);
  }
  if (existing && type === 'lxc' && existing.run !== 'stopped') {
    throw fail("can't overwrite running container");
  }
  const storage = (p.storage as string | undefined) ?? 'local-lvm';
  const target = node.storages.find((s) => s.storage === storage);
  if (!target) throw fail(`storage '${storage}' does not exist`);
  const start = p.start === true;
  const img = volume.image!;
  const t = sim.tasks;
  const task = t.start(
    node.name,
    type === 'qemu' ? 'qmrestore' : 'vzrestore',
    String(vmid),
    identity.authid,
    () => {
      if (existing && type === 'qemu' && existing.run !== 'stopped') {
        throw new Error(`${emsg} vm is running`);
      }
      if (existing && existing.lock)
        throw new Error(`${emsg} ${kind} is locked (${existing.lock})`);
      const g = newGuest(sim, vmid, node, img, existing);
      sim.state.guests.set(vmid, g);
      sim.state.order = [...sim.state.guests.values()].sort((a, b) => a.vmid - b.vmid);
      sim.touch();
      const disk = `${storage}:vm-${vmid}-disk-0`;
      const bytes = img.diskGiB * GiB;
      const secs = t.duration(4, 7);
      const steps: TaskStep[] = [
        {
          seconds: 0.3,
          action: (log) => {
            if (type === 'lxc') log(`recovering backed-up configuration from '${volid}'`);
            log(`  Logical volume "vm-${vmid}-disk-0" created.`);
            log(`new volume ID is '${disk}'`);
            if (volume.format.startsWith('pbs-')) {
              log(
                `restore proxmox backup image: /usr/bin/pbs-restore --repository root@pam@10.10.0.50:store1 ${volid.split(':backup/')[1]} drive-scsi0.img.fidx /dev/pve/vm-${vmid}-disk-0 --verbose --format raw --skip-zero`,
              );
            } else if (type === 'qemu') {
              log(`map 'drive-scsi0' to '/dev/pve/vm-${vmid}-disk-0' (write zeros = 0)`);
            } else {
              log(`restoring '${volid}' now..`);
            }
          },
        },
      ];
      for (let i = 1; i <= 5; i++) {
        steps.push({
          seconds: secs / 5,
          action: (log) => {
            if (type === 'qemu') {
              log(
                `progress ${i * 20}% (read ${Math.round((bytes * i) / 5)} bytes, duration ${Math.round((secs * i) / 5)} sec)`,
              );
            } else if (i === 5) {
              log('Detected container architecture: amd64');
              log('merging backed-up and given configuration..');
            }
          },
        });
      }
      steps.push({
        seconds: 0.3,
        action: (log) => {
          if (type === 'qemu')
            log(`restore image complete (bytes=${bytes}, duration=${secs.toFixed(2)}s)`);
          log('rescan volumes...');
          delete g.lock;
          sim.touch();
          if (start) {
            log('Execute autostart');
            g.run = 'running';
            g.startedAt = sim.clock.now();
            g.pid = 1000 + ((vmid * 7919 + g.startedAt) % 3_000_000);
            sim.touch();
          }
        },
      });
      return steps;
    },
    { lockKey: String(vmid) },
  );
  return task.upid;
}

/** DELETE …/storage/{storage}/content/{volume}: an imgdel worker (pve-storage Content.pm). */
export function deleteVolume(
  sim: Simulation,
  identity: Identity,
  node: DemoNode,
  p: Params,
): string {
  let volid = String(p.volume);
  if (!volid.includes(':') && p.storage !== undefined) volid = `${String(p.storage)}:${volid}`;
  const contents = storageOf(sim);
  const found = contents.find(node, volid);
  const storeid = volid.split(':')[0]!;
  if (!node.storages.some((s) => s.storage === storeid)) {
    throw fail(`storage '${storeid}' does not exist`);
  }
  if (!found) throw fail(`unable to parse volume ID '${volid}'`);
  const { st, volume } = found;
  const id = `${volume.vmid !== undefined ? `${volume.vmid}@` : ''}${st.storage}`;
  const task = sim.tasks.start(node.name, 'imgdel', id, identity.authid, () => [
    {
      seconds: sim.tasks.duration(0.4, 0.8),
      action: (log) => {
        if (volume.protected) {
          const volname = volid.slice(st.storage.length + 1);
          // Plugin.pm free_image; PBS refuses in the server (the client relays its message).
          throw new Error(
            isPbs(st)
              ? `proxmox-backup-client failed: Error: removing backup snapshot "${volname.replace(/^backup\//, '')}" failed - backup snapshot is protected`
              : `cannot remove protected volume '${volname}' on '${st.storage}'`,
          );
        }
        contents.remove(node, st, volid);
        log(`Removed volume '${volid}'`);
      },
    },
  ]);
  return task.upid;
}
