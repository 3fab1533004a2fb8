// Disk resize (spec §8) as qemu-server resize_vm and pve-container resize_vm do it: grow only.
// - qemu, PVE 8 and later: a `resize` worker from the start; its checks (digest, lock, the disk,
//   the size) fail the task: `shrinking disks is not supported`. PVE 7 ran it in the request and
//   answered null.
// - lxc: the checks run once before forking (a shrink is refused by the request with
//   `unable to shrink disk size`, the same size with `disk is already at specified size`) and
//   again in the worker, which grows the volume and its ext4.
// The demo's guests have one disk (qemu scsi0, lxc rootfs on local-lvm) of `diskGiB`.

import type { Identity } from './auth';
import { fail, paramError } from './errors';
import type { Guest } from './model';
import type { Simulation } from './sim';

const GiB = 1024 ** 3;
const UNIT: Record<string, number> = { K: 1024, M: 1024 ** 2, G: GiB, T: 1024 ** 4 };

/** The new size in bytes from `[+]<n>[KMGT]` (bytes without a unit), as both servers read it. */
function newSize(sizestr: string, current: number): number {
  const m = /^(\+)?(\d+(?:\.\d+)?)([KMGT])?$/.exec(sizestr);
  if (!m) throw new Error('internal error');
  const n = Number(m[2]) * (m[3] ? UNIT[m[3]]! : 1);
  return Math.trunc(m[1] ? current + n : n);
}

function diskKey(g: Guest): string {
  return g.type === 'qemu' ? 'scsi0' : 'rootfs';
}

function majorVersion(sim: Simulation): number {
  return Number.parseInt(sim.opts.version, 10) || 9;
}

interface Checked {
  from: number;
  to: number;
}

function check(sim: Simulation, g: Guest, disk: string, size: string, digest?: string): Checked {
  const qemu = g.type === 'qemu';
  if (qemu) {
    if (digest && digest !== sim.guestConfig(g).digest) {
      throw new Error('checksum mismatch (file change by other user?)');
    }
    if (g.lock) throw new Error(`VM is locked (${g.lock})`);
    if (disk !== diskKey(g)) throw new Error(`disk '${disk}' does not exist`);
  } else {
    if (g.lock) throw new Error(`CT is locked (${g.lock})`);
    if (digest && digest !== sim.guestConfig(g).digest) {
      throw new Error('detected modified configuration - file changed by other user? Try again.');
    }
    if (disk !== diskKey(g)) throw new Error(`unable to parse ${disk} volume ''`);
  }
  const from = g.diskGiB * GiB;
  const to = newSize(size, from);
  if (to < from) {
    throw new Error(qemu ? 'shrinking disks is not supported' : 'unable to shrink disk size');
  }
  if (!qemu && to === from) throw new Error('disk is already at specified size');
  return { from, to };
}

function lvLines(g: Guest, c: Checked): string[] {
  const lv = `pve/vm-${g.vmid}-disk-0`;
  const ext = (b: number) => `${(b / GiB).toFixed(2)} GiB (${b / (4 * 1024 ** 2)} extents)`;
  return [
    `  Size of logical volume ${lv} changed from ${ext(c.from)} to ${ext(c.to)}.`,
    `  Logical volume ${lv} successfully resized.`,
  ];
}

function grow(sim: Simulation, g: Guest, c: Checked): void {
  g.diskGiB = c.to / GiB;
  sim.touch();
}

/** PUT …/resize: a UPID, or null for a PVE 7 VM (done in the request). */
export function resizeDisk(
  sim: Simulation,
  identity: Identity,
  g: Guest,
  p: { disk: string; size: string; digest?: string; skiplock?: boolean },
): string | null {
  if (p.skiplock && identity.authid !== 'root@pam') {
    throw paramError({ skiplock: 'Only root may use this option.' });
  }
  const lockedCheck = () => {
    if (p.skiplock && g.lock) {
      const lock = g.lock;
      delete g.lock;
      try {
        return check(sim, g, p.disk, p.size, p.digest);
      } finally {
        g.lock = lock;
      }
    }
    return check(sim, g, p.disk, p.size, p.digest);
  };
  if (g.type === 'qemu' && majorVersion(sim) < 8) {
    try {
      const c = lockedCheck();
      if (c.to !== c.from) grow(sim, g, c);
    } catch (err) {
      throw fail((err as Error).message);
    }
    return null;
  }
  if (g.type === 'lxc') {
    try {
      lockedCheck();
    } catch (err) {
      throw fail((err as Error).message);
    }
  }
  const task = sim.tasks.start(
    g.node,
    'resize',
    String(g.vmid),
    identity.authid,
    () => [
      {
        seconds: 1,
        action: (log) => {
          const c = lockedCheck();
          if (c.to === c.from) return;
          for (const l of lvLines(g, c)) log(l);
          if (g.type === 'lxc') {
            const dev = `/dev/pve/vm-${g.vmid}-disk-0`;
            log(`resize2fs 1.47.2 (1-Jan-2025)`);
            log(`The filesystem on ${dev} is now ${c.to / 4096} (4k) blocks long.`);
          }
          grow(sim, g, c);
        },
      },
    ],
    { lockKey: String(g.vmid) },
  );
  return task.upid;
}
