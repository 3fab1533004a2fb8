import { Button, Group, Tooltip } from '@mantine/core';
import {
  IconPlayerPause,
  IconPlayerPlay,
  IconPlayerStop,
  IconPower,
  IconRefresh,
  IconRotateClockwise2,
} from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import type { GuestResource, PowerAction } from '../../../../shared/model';
import { useAppState, useController, useProfile } from '../../store/hooks';
import { guestKey, taskKey, type AppState } from '../../store/appState';
import { guestDisplayName, guestKindLabel } from '../../ui/status';
import { ConfirmActionModal, needsConfirm } from './ConfirmActionModal';
import { powerActionButtons } from './powerActions';

const ICONS: Record<PowerAction, typeof IconPower> = {
  start: IconPlayerPlay,
  shutdown: IconPower,
  stop: IconPlayerStop,
  reboot: IconRefresh,
  suspend: IconPlayerPause,
  resume: IconPlayerPlay,
  reset: IconRotateClockwise2,
};

/** The power toolbar of one guest. */
export function GuestActions({
  profileId,
  guest,
  nodeOffline,
  clusterOffline,
}: {
  profileId: string;
  guest: GuestResource;
  nodeOffline: boolean;
  clusterOffline: boolean;
}) {
  const controller = useController();
  const busy = useAppState(
    useCallback((s: AppState) => s.busy[guestKey(profileId, guest.id)], [profileId, guest.id]),
  );
  const inDoubt = useAppState(
    useCallback(
      (s: AppState) =>
        busy?.upid !== undefined && s.tasks[taskKey(profileId, busy.upid)]?.outcome === 'in-doubt',
      [profileId, busy?.upid],
    ),
  );
  const [confirming, setConfirming] = useState<PowerAction | null>(null);
  // A read-only profile: every action off, with the reason (core refuses them anyway).
  const profile = useProfile(profileId);
  const readOnly = profile?.readOnly === true;
  const production = profile?.production === true;
  const buttons = powerActionButtons(guest, {
    nodeOffline,
    clusterOffline,
    busy: busy?.action,
    inDoubt,
  }).map((b) => (readOnly ? { ...b, enabled: false, reason: 'Read-only profile' } : b));
  if (buttons.length === 0) return null;
  const guestLabel = `${guestKindLabel(guest)} (${guestDisplayName(guest)})`;

  const run = (action: PowerAction) => {
    setConfirming(null);
    void controller.runAction(
      { profileId, node: guest.node, type: guest.type, vmid: guest.vmid, guestId: guest.id },
      action,
    );
  };

  return (
    <>
      <Group gap={6} role="toolbar" aria-label="Power actions">
        {buttons.map((b) => {
          const Icon = ICONS[b.action];
          const loading = busy?.action === b.action;
          const button = (
            <Button
              size="compact-sm"
              variant={b.action === 'stop' || b.action === 'reset' ? 'light' : 'default'}
              color={b.action === 'stop' || b.action === 'reset' ? 'red' : undefined}
              leftSection={<Icon size={14} />}
              disabled={!b.enabled && !loading}
              loading={loading}
              aria-label={b.label}
              onClick={() =>
                needsConfirm(b.action, guest, { production })
                  ? setConfirming(b.action)
                  : run(b.action)
              }
            >
              {b.label}
            </Button>
          );
          return b.enabled || loading ? (
            <span key={b.action}>{button}</span>
          ) : (
            // Below the toolbar: above it, the tip would cover the guest's name.
            <Tooltip key={b.action} label={b.reason} withinPortal position="bottom" withArrow>
              <span>{button}</span>
            </Tooltip>
          );
        })}
      </Group>
      <ConfirmActionModal
        action={confirming}
        guest={guest}
        guestLabel={guestLabel}
        production={production}
        onConfirm={run}
        onCancel={() => setConfirming(null)}
      />
    </>
  );
}
