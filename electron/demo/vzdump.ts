// Backups as workers (pve-manager PVE/API2/VZDump.pm and PVE/VZDump.pm): the vzdump task backs up
// the node's own guests one after another under the node's vzdump lock, with PVE's log lines and
// progress, writes the volume at the end, and fails a guest when the storage runs out of space.

import type { Identity } from './auth';
import {
  archiveSize,
  backupName,
  imageOf,
  isPbs,
  pbsStamp,
  storageOf,
  type Volume,
} from './backups-model';
import { fail, paramError } from './errors';
import type { DemoNode, Guest, Storage } from './model';
import type { Params } from './params';
import type { Simulation } from './sim';
import type { TaskStep } from './tasks';

const GiB = 1024 ** 3;

function gib(bytes: number): string {
  return `${(bytes / GiB).toFixed(1)} GiB`;
}

function clock(epoch: number): string {
  return new Date(epoch * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

function hms(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(Math.floor(s / 3600))}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}`;
}

/** vzdump's {{var}} notes template (PVE::VZDump::Common::... expand), unknown names kept. */
export function expandNotes(template: string, g: Guest, cluster: string): string {
  const vars: Record<string, string> = {
    guestname: g.name,
    vmid: String(g.vmid),
    node: g.node,
    cluster,
  };
  return template
    .replace(/\{\{(\w+)\}\}/g, (m, k: string) => vars[k] ?? m)
    .replace(/\\n/g, '\n')
    .replace(/\\\\/g, '\\');
}

/** The vmid list as vzdump reads it (`100,101` or `100 101`). */
function vmidList(p: Params): number[] {
  if (p.vmid === undefined) return [];
  return String(p.vmid)
    .split(/[,;\s]+/)
    .filter(Boolean)
    .map(Number);
}

/** The job's command line as vzdump logs it (PVE::VZDump::Common::command_line). */
function commandLine(p: Params): string {
  const parts = ['vzdump'];
  const ids = vmidList(p);
  if (ids.length) parts.push(...ids.map(String));
  for (const [k, v] of Object.entries(p)) {
    if (k === 'vmid' || k === 'node') continue;
    const text = typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
    parts.push(`--${k}`, /[\s'{}]/.test(text) ? `'${text}'` : text);
  }
  return parts.join(' ');
}

function storageFor(node: DemoNode, id: string): Storage {
  const st = node.storages.find((s) => s.storage === id);
  if (!st) throw fail(`storage '${id}' does not exist`);
  if (!st.content.split(',').includes('backup')) {
    throw fail(`storage '${id}' does not support backup content`);
  }
  return st;
}

/** One guest's backup: the steps that log, lock, progress and write the volume. */
function guestSteps(
  sim: Simulation,
  node: DemoNode,
  st: Storage,
  g: Guest,
  p: Params,
  counts: { errors: number },
): TaskStep[] {
  const t = sim.tasks;
  const contents = storageOf(sim);
  const mode = (p.mode as string | undefined) ?? 'snapshot';
  const compress = p.compress as string | undefined;
  const pbs = isPbs(st);
  const qemu = g.type === 'qemu';
  const label = `VM ${g.vmid}`;
  const size = archiveSize(g, pbs, compress);
  const total = g.diskGiB * GiB;
  let start = 0;
  let failed = false;
  let wasRunning = false;
  const steps: TaskStep[] = [];
  const fault = (log: (l: string) => void, why: string): void => {
    failed = true;
    counts.errors++;
    if (g.lock === 'backup') delete g.lock;
    if (wasRunning && g.run === 'stopped') g.run = 'running';
    sim.touch();
    log(`ERROR: Backup of ${label} failed - ${why}`);
    log(`INFO: Failed at ${clock(sim.clock.now())}`);
  };
  steps.push({
    seconds: 0.3,
    action: (log) => {
      start = sim.clock.now();
      log(`INFO: Starting Backup of ${label} (${g.type})`);
      log(`INFO: Backup started at ${clock(start)}`);
      log(`INFO: status = ${g.run === 'stopped' ? 'stopped' : 'running'}`);
      if (g.lock) {
        fault(log, `${qemu ? 'VM' : 'CT'} is locked (${g.lock})`);
        return;
      }
      wasRunning = g.run !== 'stopped';
      g.lock = 'backup';
      sim.touch();
      log(`INFO: ${qemu ? 'VM' : 'CT'} Name: ${g.name}`);
      if (qemu) log(`INFO: include disk 'scsi0' 'local-lvm:vm-${g.vmid}-disk-0' ${g.diskGiB}G`);
      else log(`INFO: including mount point rootfs ('/') in backup`);
      log(`INFO: backup mode: ${mode}`);
      log('INFO: ionice priority: 7');
      if (mode === 'stop' && wasRunning) {
        log('INFO: stopping virtual guest');
        g.run = 'stopped';
        sim.touch();
      }
      if (mode === 'suspend' && wasRunning)
        log(qemu ? 'INFO: suspend vm' : 'INFO: suspending guest');
      const target = pbs
        ? `${qemu ? 'vm' : 'ct'}/${g.vmid}/${pbsStamp(start)}`
        : `/mnt/pve/${st.storage}/dump/${backupName(st, g, start, compress).volid.split('/').pop()}`;
      log(
        pbs
          ? `INFO: creating Proxmox Backup Server archive '${target}'`
          : `INFO: creating vzdump archive '${target}'`,
      );
      if (qemu && mode === 'stop' && wasRunning) log('INFO: starting kvm to execute backup task');
      if (qemu) log(`INFO: started backup task '${crypto.randomUUID()}'`);
      if (wasRunning && mode !== 'snapshot') {
        if (mode === 'stop' && !qemu) log('INFO: restarting guest later, after the backup');
        else log(qemu ? 'INFO: resuming VM again' : 'INFO: resume vm');
      }
    },
  });
  const secs = t.duration(6, 10);
  const ticks = 6;
  for (let i = 1; i <= ticks; i++) {
    steps.push({
      seconds: secs / ticks,
      action: (log) => {
        if (failed) return;
        const written = (size * i) / ticks;
        if (written > contents.avail(st)) {
          fault(
            log,
            pbs
              ? 'backup write data failed: command error: write_data upload error: pipelined request failed: No space left on device (os error 28)'
              : qemu
                ? 'vma_queue_write: write error - No space left on device'
                : "command 'tar cpf - --totals ...' failed: exit code 2: No space left on device",
          );
          return;
        }
        const pct = Math.round((100 * i) / ticks);
        const el = Math.round((secs * i) / ticks);
        if (qemu) {
          log(
            `INFO: ${String(pct).padStart(3)}% (${gib((total * i) / ticks)} of ${gib(total)}) in ${el}s, read: ${gib(total / secs)}/s, write: ${gib(size / secs)}/s`,
          );
        } else if (i === ticks) {
          log(`INFO: Total bytes written: ${size} (${gib(size)}, ${gib(size / secs)}/s)`);
        }
      },
    });
  }
  steps.push({
    seconds: 0.4,
    action: (log) => {
      if (failed) return;
      const ctime = start;
      const { volid, format } = backupName(st, g, ctime, compress);
      if (!pbs) log(`INFO: archive file size: ${gib(size)}`);
      const v: Volume = {
        volid,
        content: 'backup',
        format,
        size,
        ctime,
        vmid: g.vmid,
        subtype: g.type,
        image: imageOf(g),
      };
      const template = p['notes-template'];
      if (typeof template === 'string' && template !== '') {
        log('INFO: adding notes to backup');
        v.notes = expandNotes(template, g, sim.state.name);
      }
      if (p.protected === true) {
        log('INFO: marking backup as protected');
        v.protected = true;
      }
      contents.add(node, st, v);
      if (mode === 'stop' && wasRunning && g.run === 'stopped') {
        log('INFO: restarting vm');
        g.run = 'running';
        g.startedAt = sim.clock.now();
      }
      delete g.lock;
      sim.touch();
      log(`INFO: Finished Backup of ${label} (${hms(sim.clock.now() - start)})`);
      log(`INFO: Backup finished at ${clock(sim.clock.now())}`);
    },
  });
  // A stop (DELETE …/tasks/{upid}) while this guest is backed up: vzdump's signal handler dies
  // "interrupted by signal", the guest fails (unlocked, restarted if stopped for the backup) and
  // the job goes on with the next guest, ending `job errors`.
  const interrupt = (log: (l: string) => void): void => {
    if (!failed) fault(log, 'interrupted by signal');
  };
  return steps.map((step) => ({ ...step, interrupt }));
}

/** POST /nodes/{node}/vzdump: a UPID, or 'OK' when none of the guests lives on this node. */
export function startVzdump(
  sim: Simulation,
  identity: Identity,
  node: DemoNode,
  p: Params,
): string {
  if (p.node !== undefined && p.node !== node.name) {
    throw paramError({ node: 'option is only allowed on the command line interface.' });
  }
  if (p.stdout === true) {
    throw paramError({ stdout: 'option is only allowed on the command line interface.' });
  }
  if (p.vmid === undefined && p.all !== true && p.pool === undefined) {
    throw paramError({ vmid: 'property is missing and it is not optional' });
  }
  const exclude = new Set(
    String(p.exclude ?? '')
      .split(/[,;\s]+/)
      .filter(Boolean)
      .map(Number),
  );
  const ids = vmidList(p);
  const guests = sim.state.order.filter((g) => {
    if (g.node !== node.name) return false;
    if (p.all === true) return !exclude.has(g.vmid);
    if (p.pool !== undefined) return g.pool === p.pool;
    return ids.includes(g.vmid);
  });
  // VZDump.pm: "silent exit if specified VMs run on other nodes"
  if (guests.length === 0 && p.all !== true) return 'OK';
  const st = storageFor(node, (p.storage as string | undefined) ?? 'local');
  const cmdline = commandLine(p);
  const counts = { errors: 0 };
  const task = sim.tasks.start(
    node.name,
    'vzdump',
    guests.length === 1 ? String(guests[0]!.vmid) : '',
    identity.authid,
    () => {
      const steps: TaskStep[] = [
        { seconds: 0.2, action: (log) => log(`INFO: starting new backup job: ${cmdline}`) },
      ];
      for (const g of guests) steps.push(...guestSteps(sim, node, st, g, p, counts));
      steps.push({
        seconds: 0.1,
        action: (log) => {
          if (counts.errors > 0) {
            log('INFO: Backup job finished with errors');
            throw new Error('job errors');
          }
          log('INFO: Backup job finished successfully');
        },
      });
      return steps;
    },
    {
      lockKey: `vzdump/${node.name}`,
      // Stopped mid-way (DELETE …/tasks/{upid}): vzdump's cleanup unlocks the guest it was on.
      onEnd: () => {
        for (const g of guests) {
          if (g.lock === 'backup') {
            delete g.lock;
            sim.touch();
          }
        }
      },
    },
  );
  return task.upid;
}
