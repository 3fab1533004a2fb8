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
  paused: ['resume', 'stop'],
  suspended: ['resume', 'stop'],
};

export interface ActionContext {
  /** The guest's node is offline or unknown. */
  nodeOffline: boolean;
  /** The whole cluster is offline: what is shown is the last state seen. */
  clusterOffline?: boolean;
  /** An action of this window on this guest is still running. */
  busy?: PowerAction;
}

/** The toolbar's buttons; empty for templates, which cannot run. */
export function powerActionButtons(guest: GuestResource, ctx: ActionContext): ActionButtonState[] {
  if (guest.template) return [];
  const paused = guest.status === 'paused' || guest.status === 'suspended';
  const actions: PowerAction[] =
    guest.type === 'qemu'
      ? ['start', 'shutdown', 'stop', 'reboot', paused ? 'resume' : 'suspend', 'reset']
      : ['start', 'shutdown', 'stop', 'reboot'];

  let blocked: string | undefined;
  if (ctx.clusterOffline) blocked = 'The cluster is offline';
  else if (ctx.nodeOffline || guest.status === 'unknown') blocked = `Node ${guest.node} is offline`;
  else if (guest.lock) blocked = `Locked (${guest.lock})`;
  else if (ctx.busy) blocked = `${LABELS[ctx.busy]} is in progress`;

  const allowed = ENABLED_BY_STATUS[guest.status] ?? [];
  return actions.map((action) => {
    const confirm = action === 'stop' || action === 'reset';
    if (blocked) return { action, label: LABELS[action], enabled: false, reason: blocked, confirm };
    const enabled = allowed.includes(action);
    return {
      action,
      label: LABELS[action],
      enabled,
      reason: enabled ? undefined : `Not available while ${guest.status}`,
      confirm,
    };
  });
}
