// Which power actions a guest offers, and which are enabled, given its state.

import type { GuestResource, PowerAction } from '../../../../shared/model';

export interface ActionButtonState {
  action: PowerAction;
  label: string;
  enabled: boolean;
  /** Why it is disabled, for the tooltip. */
  reason?: string;
  /** Ask before doing it: it loses unsaved data in the guest. */
  confirm: boolean;
}

const LABELS: Record<PowerAction, string> = {
  start: 'Start',
  shutdown: 'Shutdown',
  stop: 'Stop',
  reboot: 'Reboot',
  suspend: 'Suspend',
  resume: 'Resume',
  reset: 'Reset',
};

const ENABLED_BY_STATUS: Record<string, readonly PowerAction[]> = {
  stopped: ['start'],
  running: ['shutdown', 'stop', 'reboot', 'suspend', 'reset'],
  // QMP states of a VM whose process runs but whose CPUs do not: PVE resumes or stops it
  // (shutdown and reboot answer "VM is paused - cannot shutdown").
  paused: ['resume', 'stop'],
  suspended: ['resume', 'stop'],
  prelaunch: ['resume', 'stop'],
};

/** QMP run states in which a VM's process is alive but not running: PVE offers Resume. */
const PAUSED_STATES = new Set(['paused', 'suspended', 'prelaunch']);

/**
 * A VM suspended to disk (hibernated): stopped, with the `suspended` lock. qemu-server's
 * status/resume starts it from the saved state (vm_start with the lock), and so does its start.
 */
export function isHibernated(guest: GuestResource): boolean {
  return guest.type === 'qemu' && guest.status === 'stopped' && guest.lock === 'suspended';
}

/** A VM whose process is alive but paused (its uptime and memory still count). */
export function isPaused(guest: GuestResource): boolean {
  return guest.type === 'qemu' && PAUSED_STATES.has(guest.status);
}

export interface ActionContext {
  /** The guest's node is offline or unknown. */
  nodeOffline: boolean;
  /** The whole cluster is offline: what is shown is the last state seen. */
  clusterOffline?: boolean;
  /** An action of this window on this guest is still running. */
  busy?: PowerAction;
  /** That action's request may have reached PVE: whether it ran is being checked. */
  inDoubt?: boolean;
}

/** The toolbar's buttons; empty for templates, which cannot run. */
export function powerActionButtons(guest: GuestResource, ctx: ActionContext): ActionButtonState[] {
  if (guest.template) return [];
  const hibernated = isHibernated(guest);
  // As in PVE's own toolbar, Resume takes Start's place while a VM is paused or hibernated.
  const resumable = isPaused(guest) || hibernated;
  const actions: PowerAction[] =
    guest.type === 'qemu'
      ? [resumable ? 'resume' : 'start', 'shutdown', 'stop', 'reboot', 'suspend', 'reset']
      : ['start', 'shutdown', 'stop', 'reboot'];

  // The `suspended` lock is the saved state itself: resuming is what it waits for. qemu-server's
  // vm_resume also resumes a paused VM during a backup (RunState.pm skips the backup lock).
  const lockBlocks = (action: PowerAction) =>
    Boolean(guest.lock) && !hibernated && !(action === 'resume' && guest.lock === 'backup');
  const blockedFor = (action: PowerAction): string | undefined => {
    if (ctx.clusterOffline) return 'The cluster is offline';
    if (ctx.nodeOffline || guest.status === 'unknown') return `Node ${guest.node} is offline`;
    if (lockBlocks(action)) return `Locked (${guest.lock})`;
    // A guest that ignores its shutdown can still be stopped (PVE's stop overrules the shutdown).
    if (ctx.busy === 'shutdown' && action === 'stop') return undefined;
    if (ctx.busy && ctx.inDoubt) return `${LABELS[ctx.busy]} may have run — checking`;
    if (ctx.busy) return `${LABELS[ctx.busy]} is in progress`;
    return undefined;
  };

  const allowed: readonly PowerAction[] = hibernated
    ? ['resume']
    : (ENABLED_BY_STATUS[guest.status] ?? []);
  return actions.map((action) => {
    const confirm = action === 'stop' || action === 'reset';
    const blocked = blockedFor(action);
    if (blocked) return { action, label: LABELS[action], enabled: false, reason: blocked, confirm };
    const enabled = allowed.includes(action);
    return {
      action,
      label: LABELS[action],
      enabled,
      reason: enabled
        ? undefined
        : `Not available while ${hibernated ? 'hibernated' : guest.status}`,
      confirm,
    };
  });
}
