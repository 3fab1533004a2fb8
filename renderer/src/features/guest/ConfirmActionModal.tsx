// Asks before a power action that needs a yes: Stop and Reset always (they lose unsaved data),
// Shutdown and Reboot on an HA-managed guest or a production profile. On a production profile
// Stop and Reset need the guest's name typed. Cancel has the focus; Enter never confirms.

import { Text } from '@mantine/core';
import type { GuestResource, PowerAction } from '../../../../shared/model';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { guestDisplayName } from '../../ui/status';

const CONSEQUENCE: Partial<Record<PowerAction, string>> = {
  stop: 'is powered off at once, like pulling the plug. Unsaved data in the guest is lost. Use Shutdown for a clean stop.',
  reset:
    'is reset at once, like pressing the reset button. Unsaved data in the guest is lost. Use Shutdown for a clean stop.',
  shutdown: 'is asked to shut down: what runs in it stops.',
  reboot: 'is asked to reboot: what runs in it is restarted.',
};

const VERB: Partial<Record<PowerAction, string>> = {
  stop: 'Stop',
  reset: 'Reset',
  shutdown: 'Shut down',
  reboot: 'Reboot',
};

export interface ConfirmPolicy {
  /** the profile is marked production */
  production: boolean;
}

/** Whether an action on this guest asks first. */
export function needsConfirm(action: PowerAction, guest: GuestResource, p: ConfirmPolicy): boolean {
  if (action === 'stop' || action === 'reset') return true;
  if (action === 'shutdown' || action === 'reboot') return p.production || isHaManaged(guest);
  return false;
}

/** Whether the user types the guest's name to confirm (production profiles, destructive ones). */
export function needsTypedName(action: PowerAction, p: ConfirmPolicy): boolean {
  return p.production && (action === 'stop' || action === 'reset');
}

/** HA manages it (any `hastate` PVE reports, other than none). */
export function isHaManaged(guest: GuestResource): boolean {
  return guest.hastate !== undefined && guest.hastate !== '' && guest.hastate !== 'none';
}

export function ConfirmActionModal({
  action,
  guest,
  guestLabel,
  production = false,
  onConfirm,
  onCancel,
}: {
  action: PowerAction | null;
  guest: GuestResource;
  guestLabel: string;
  production?: boolean;
  onConfirm(action: PowerAction): void;
  onCancel(): void;
}) {
  const verb = action ? (VERB[action] ?? action) : '';
  const ha = isHaManaged(guest);
  const typed =
    action && needsTypedName(action, { production }) ? guestDisplayName(guest) : undefined;
  return (
    <ConfirmDialog
      opened={action !== null}
      title={`${verb} ${guestLabel}?`}
      confirmLabel={`${verb} now`}
      danger={action === 'stop' || action === 'reset'}
      typeToConfirm={typed}
      onConfirm={() => action && onConfirm(action)}
      onCancel={onCancel}
      testId="confirm-action"
    >
      <Text size="sm">
        {guestLabel} {action ? CONSEQUENCE[action] : ''}
      </Text>
      {ha && (action === 'shutdown' || action === 'reboot' || action === 'stop') && (
        <Text size="sm" c="orange">
          HA manages it (state {guest.hastate}): HA may start it again
          {action === 'reboot' ? '' : ' unless its HA state is set to stopped'}.
        </Text>
      )}
      {production && (
        <Text size="xs" c="dimmed">
          This profile is marked production.
        </Text>
      )}
    </ConfirmDialog>
  );
}
