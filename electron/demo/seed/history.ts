// Seed data made at start: last night's backups and a few older guest starts, so task lists and
// logs have something to show (finished tasks, stamped before the demo started).

import type { ClusterState } from '../model';
import type { TaskManager } from '../tasks';

/** Last night's backups and a few older starts, so task lists and logs have something to show. */
export function seedHistory(state: ClusterState, tasks: TaskManager, now: number): void {
  const midnight = now - (now % 86400) - 86400 + 3600;
  for (const node of state.nodes) {
    if (!node.online) continue;
    const mine = state.order.filter((g) => g.node === node.name && !g.template).slice(0, 4);
    let t = midnight;
    for (const g of mine) {
      const secs = 40 + ((g.vmid * 37) % 200);
      const kind = g.type === 'qemu' ? 'qemu' : 'lxc';
      const ext = g.type === 'qemu' ? 'vma.zst' : 'tar.zst';
      const stamp = new Date(t * 1000)
        .toISOString()
        .replace(/T/, '_')
        .replace(/:/g, '_')
        .slice(0, 19)
        .replace(/-/g, '_');
      const failed = g.lock !== undefined;
      const log = [
        `INFO: starting new backup job: vzdump ${g.vmid} --storage nas-backup --mode snapshot --compress zstd --node ${node.name}`,
        `INFO: Starting Backup of VM ${g.vmid} (${kind})`,
        `INFO: Backup started at ${new Date(t * 1000).toISOString().replace('T', ' ').slice(0, 19)}`,
        `INFO: status = ${g.run === 'stopped' ? 'stopped' : 'running'}`,
        `INFO: VM Name: ${g.name}`,
        `INFO: include disk 'scsi0' 'local-lvm:vm-${g.vmid}-disk-0' ${g.diskGiB}G`,
        'INFO: backup mode: snapshot',
        'INFO: ionice priority: 7',
        `INFO: creating vzdump archive '/mnt/pve/nas-backup/dump/vzdump-${kind}-${g.vmid}-${stamp}.${ext}'`,
      ];
      for (let p = 10; p <= 100; p += 10) {
        log.push(
          `INFO: ${String(p).padStart(3)}% (${((g.diskGiB * p) / 100).toFixed(1)} GiB of ${g.diskGiB}.0 GiB) in ${Math.round((secs * p) / 100)}s`,
        );
      }
      if (failed) {
        tasks.addHistoric(
          node.name,
          'vzdump',
          String(g.vmid),
          'root@pam',
          t,
          secs,
          log.slice(0, 12),
          `job errors`,
        );
      } else {
        log.push(
          `INFO: backup is sparse: ${(g.diskGiB * 0.4).toFixed(2)} GiB (40%) total zero data`,
        );
        log.push(
          `INFO: Finished Backup of VM ${g.vmid} (00:0${Math.floor(secs / 60)}:${String(secs % 60).padStart(2, '0')})`,
        );
        log.push('INFO: Backup job finished successfully');
        tasks.addHistoric(node.name, 'vzdump', String(g.vmid), 'root@pam', t, secs, log);
      }
      t += secs + 5;
    }
    const started = mine.find((g) => g.run !== 'stopped');
    if (started) {
      const type = started.type === 'qemu' ? 'qmstart' : 'vzstart';
      tasks.addHistoric(
        node.name,
        type,
        String(started.vmid),
        'root@pam',
        Math.max(started.startedAt, node.bootedAt + 60),
        2,
        [],
      );
    }
  }
}
