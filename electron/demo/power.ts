// Power actions (spec §4): synchronous 500s where PVE checks before forking, otherwise a worker
// task whose checks run once it holds the guest's lock, and whose status change lands at the
// moment the real operation would complete. HA-managed guests get hastart/hastop tasks, after which
// the (simulated) local resource manager runs the real start or shutdown as root@pam.

import type { Identity } from './auth';
import { fail, paramError } from './errors';
import { applyPending } from './config';
import type { Guest } from './model';
import type { Params } from './params';
import type { Simulation } from './sim';
import type { Task, TaskStep } from './tasks';

export type PowerAction = 'start' | 'stop' | 'shutdown' | 'reboot' | 'suspend' | 'resume' | 'reset';

const LRM_USER = 'root@pam';

function label(g: Guest): string {
  return g.type === 'qemu' ? `VM ${g.vmid}` : `CT ${g.vmid}`;
}

function checkLock(g: Guest, skiplock: boolean, allow?: string): void {
  if (g.lock && !skiplock && g.lock !== allow) {
    throw new Error(`${g.type === 'qemu' ? 'VM' : 'CT'} is locked (${g.lock})`);
  }
}

function setRunning(sim: Simulation, g: Guest): void {
  applyPending(g); // vm_start / lxc prestart: pending changes take effect
  g.run = 'running';
  g.frozen = false;
  g.startedAt = sim.clock.now();
  g.pid = 1000 + ((g.vmid * 7919 + g.startedAt) % 3_000_000);
  sim.touch();
}

function setStopped(sim: Simulation, g: Guest): void {
  g.run = 'stopped';
  g.frozen = false;
  g.startedAt = 0;
  g.pid = 0;
  sim.touch();
}

/** The steps of the real operation, shared by direct calls and the HA resource manager. */
function plan(sim: Simulation, g: Guest, action: PowerAction, p: Params): () => TaskStep[] {
  const t = sim.tasks;
  const skiplock = p.skiplock === true;
  const qemu = g.type === 'qemu';
  return () => {
    switch (action) {
      case 'start': {
        // qemu-server QemuServer.pm vm_start / pve-container LXC/Status.pm: template first,
        // then the lock; qemu's `suspended` lock (hibernation) does not block a start, which
        // resumes the saved state.
        if (g.template) {
          throw new Error(`you can't start a ${qemu ? 'vm' : 'CT'} if it's a template`);
        }
        checkLock(g, skiplock, qemu ? 'suspended' : undefined);
        if (g.run !== 'stopped') throw new Error(`${label(g)} already running`);
        if (qemu && g.lock === 'suspended') {
          const d = t.duration(2, 4);
          return [{ seconds: d, action: () => (delete g.lock, setRunning(sim, g)) }];
        }
        const d = qemu ? t.duration(2, 4) : t.duration(1, 2);
        return [{ seconds: d * 0.85, action: () => setRunning(sim, g) }, { seconds: d * 0.15 }];
      }
      case 'stop': {
        // qemu-server _do_vm_stop returns before check_lock when nothing runs.
        if (g.run === 'stopped') return [{ seconds: t.duration(0.2, 0.4) }];
        checkLock(g, skiplock);
        return [{ seconds: t.duration(0.8, 1.2), action: () => setStopped(sim, g) }];
      }
      case 'shutdown': {
        if (g.run === 'stopped') return [{ seconds: t.duration(0.2, 0.4) }];
        checkLock(g, skiplock);
        if (g.run === 'paused' && p.forceStop !== true) {
          throw new Error('VM is paused - cannot shutdown');
        }
        if (g.ignoresShutdown) {
          // Nothing happens until the timeout (60 s by default); forceStop then stops it.
          const timeout = typeof p.timeout === 'number' ? p.timeout : 60;
          return [
            {
              seconds: timeout,
              action: () => {
                if (p.forceStop === true) return setStopped(sim, g);
                throw new Error(
                  qemu
                    ? 'VM quit/powerdown failed - got timeout'
                    : `command 'lxc-stop -n ${g.vmid} --nokill --timeout ${timeout}' failed: exit code 1`,
                );
              },
            },
          ];
        }
        const d = qemu ? t.duration(2, 5) : t.duration(2, 4);
        return [{ seconds: d, action: () => setStopped(sim, g) }];
      }
      case 'reboot': {
        checkLock(g, skiplock);
        if (g.run === 'stopped') throw new Error(`${label(g)} not running`);
        const down = qemu ? t.duration(2, 4) : t.duration(1.5, 3);
        const up = qemu ? t.duration(2, 3) : t.duration(1, 2);
        return [
          { seconds: down, action: () => setStopped(sim, g) },
          { seconds: up, action: () => setRunning(sim, g) },
        ];
      }
      case 'suspend': {
        // qemu-server RunState.pm vm_suspend: a running backup does not block a pause.
        if (qemu && g.lock === 'backup' && p.todisk === true) {
          throw new Error('cannot suspend to disk during backup');
        }
        checkLock(g, skiplock, qemu ? 'backup' : undefined);
        if (g.run === 'stopped') throw new Error(`${label(g)} not running`);
        if (!qemu) {
          // pve-container LXC/Status.pm vm_suspend runs `lxc-checkpoint -s`: CRIU dumps the CT
          // and stops it; vm_resume restores the dump.
          return [
            {
              seconds: t.duration(0.5, 1),
              action: () => {
                setStopped(sim, g);
                g.frozen = true;
              },
            },
          ];
        }
        if (p.todisk === true) {
          // Hibernation: RAM is saved, the VM stops and keeps the `suspended` lock until resumed.
          return [
            { seconds: t.duration(0.5, 1), action: () => ((g.lock = 'suspending'), sim.touch()) },
            {
              seconds: t.duration(3, 6),
              action: () => {
                setStopped(sim, g);
                g.lock = 'suspended';
              },
            },
          ];
        }
        return [{ seconds: t.duration(0.3, 0.6), action: () => ((g.run = 'paused'), sim.touch()) }];
      }
      case 'resume': {
        if (qemu && g.run === 'stopped' && g.lock === 'suspended') {
          return [
            {
              seconds: t.duration(2, 4),
              action: () => {
                delete g.lock;
                setRunning(sim, g);
              },
            },
          ];
        }
        if (!qemu) {
          if (g.run !== 'stopped') throw new Error(`CT ${g.vmid} already running`);
          if (!g.frozen) {
            throw new Error(
              `command 'lxc-checkpoint -n ${g.vmid} -r --foreground -D /var/lib/vz/dump' failed: exit code 1`,
            );
          }
          return [{ seconds: t.duration(1, 2), action: () => setRunning(sim, g) }];
        }
        if (g.run === 'stopped') throw new Error(`${label(g)} not running`);
        // RunState.pm vm_resume: a running VM is done before any lock check.
        if (g.run === 'running') return [{ seconds: t.duration(0.1, 0.2) }];
        checkLock(g, skiplock, 'backup');
        return [
          {
            seconds: t.duration(0.3, 0.6),
            action: () => {
              g.run = 'running';
              sim.touch();
            },
          },
        ];
      }
      case 'reset': {
        checkLock(g, skiplock);
        if (g.run === 'stopped') throw new Error(`${label(g)} not running`);
        return [{ seconds: t.duration(0.3, 0.5) }];
      }
    }
  };
}

function taskType(g: Guest, action: PowerAction, p: Params): string {
  if (g.type === 'qemu') {
    if (action === 'suspend') return p.todisk === true ? 'qmsuspend' : 'qmpause';
    return `qm${action}`;
  }
  return `vz${action}`;
}

function runTask(sim: Simulation, g: Guest, action: PowerAction, p: Params, authid: string): Task {
  return sim.tasks.start(
    g.node,
    taskType(g, action, p),
    String(g.vmid),
    authid,
    plan(sim, g, action, p),
    {
      lockKey: String(g.vmid),
    },
  );
}

/** Stop's overrule-shutdown: qemu-server 8.1.2 and pve-container 5.0.10, shipped with PVE 8.2. */
function hasOverrule(version: string): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  return a > 8 || (a === 8 && b >= 2);
}

/** PVE::GuestHelpers::abort_guest_tasks: the guest's running shutdown workers get SIGTERM. */
function abortShutdowns(sim: Simulation, g: Guest): string[] {
  const type = taskType(g, 'shutdown', {});
  const upids = sim.tasks
    .all()
    .filter((t) => t.status === 'running' && t.type === type && t.id === String(g.vmid))
    .map((t) => t.upid);
  for (const upid of upids) sim.tasks.stop(upid);
  return upids;
}

/** Checks PVE makes before forking a worker; they fail the request with a 500. */
function syncChecks(g: Guest, action: PowerAction, p: Params): void {
  const stopped = g.run === 'stopped';
  if (g.type === 'lxc') {
    // pve-container LXC/Status.pm; its reboot says "VM", and resume wants a stopped CT.
    if ((action === 'start' || action === 'resume') && !stopped) {
      throw fail(`CT ${g.vmid} already running`);
    }
    if (action === 'reboot' && stopped) throw fail(`VM ${g.vmid} not running`);
    if (action !== 'start' && action !== 'resume' && stopped) {
      throw fail(`CT ${g.vmid} not running`);
    }
    return;
  }
  // qemu-server Qemu.pm vm_reboot: the paused check comes before the running check.
  if (action === 'reboot' && g.run === 'paused') throw fail('VM is paused - cannot shutdown');
  if (['reset', 'reboot', 'suspend'].includes(action) && stopped) {
    throw fail(`VM ${g.vmid} not running`);
  }
  if (action === 'suspend' && p.todisk === true && g.ha) {
    throw fail('Cannot suspend HA managed VM to disk');
  }
  if (action === 'resume' && stopped && g.lock !== 'suspended')
    throw fail(`VM ${g.vmid} not running`);
  if (action === 'shutdown' && g.run === 'paused' && p.forceStop !== true) {
    throw fail('VM is paused - cannot shutdown');
  }
}

export function powerAction(
  sim: Simulation,
  identity: Identity,
  g: Guest,
  action: PowerAction,
  p: Params,
): string {
  // A token of root@pam is not root@pam (spec §1).
  if (p.skiplock === true && identity.authid !== 'root@pam') {
    throw paramError({ skiplock: 'Only root may use this option.' });
  }
  if (p['overrule-shutdown'] !== undefined && !hasOverrule(sim.opts.version)) {
    // Before qemu-server 8.1.2 / pve-container 5.0.10 (PVE 8.2) the schema has no such key.
    throw paramError({
      'overrule-shutdown':
        'property is not defined in schema and the schema does not allow additional properties',
    });
  }
  if (action === 'stop' && g.ha && p['overrule-shutdown'] === true) {
    throw paramError({ 'overrule-shutdown': 'Not applicable for HA resources.' });
  }
  syncChecks(g, action, p);
  const haAction = g.ha && (action === 'start' || action === 'stop' || action === 'shutdown');
  if (!haAction) {
    // qemu-server / pve-container vm_stop with overrule-shutdown (PVE 8.2+): the guest's running
    // shutdown tasks are aborted first, so the stop does not wait for their lock; the stop's log
    // says so first ("overruled vzshutdown tasks: UPID:…").
    const overruled =
      action === 'stop' && p['overrule-shutdown'] === true ? abortShutdowns(sim, g) : [];
    const task = runTask(sim, g, action, p, identity.authid);
    if (overruled.length > 0) {
      task.log.push(`overruled ${taskType(g, 'shutdown', {})} tasks: ${overruled.join(', ')}`);
    }
    return task.upid;
  }

  const want = action === 'start' ? 'started' : 'stopped';
  const what = `${g.type === 'qemu' ? 'VM' : 'CT'} ${g.vmid}`;
  const ha = sim.tasks.start(
    g.node,
    action === 'start' ? 'hastart' : 'hastop',
    String(g.vmid),
    identity.authid,
    () => [
      {
        seconds: sim.tasks.duration(0.4, 0.8),
        action: (log) => {
          log(`Requesting HA ${action === 'start' ? 'start' : 'stop'} for ${what}`);
          g.ha = want;
          sim.touch();
        },
      },
    ],
    {
      onEnd: (task) => {
        if (task.exitstatus !== 'OK' || !g.ha) return;
        // The node's LRM acts on the new request state.
        if (want === 'started' && g.run === 'stopped') runTask(sim, g, 'start', {}, LRM_USER);
        if (want === 'stopped' && g.run !== 'stopped') {
          runTask(sim, g, action === 'stop' ? 'stop' : 'shutdown', { forceStop: true }, LRM_USER);
        }
      },
    },
  );
  return ha.upid;
}
