import { ActionIcon, Button, Group, Loader, Text, Tooltip } from '@mantine/core';
import {
  IconExternalLink,
  IconKey,
  IconPlayerPlay,
  IconPlugConnected,
  IconPlugConnectedX,
  IconRefresh,
} from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { isGuest, type ConsoleInfo } from '../../../../shared/model';
import { useAppState, useController, useResource } from '../../store/hooks';
import { guestKey, type AppState } from '../../store/appState';
import { guestDisplayName, guestKindLabel } from '../../ui/status';
import { useConsoles } from './ConsoleContext';
import { ConsoleLoginModal } from './ConsoleLoginModal';
import { consoleGuestId, consoleStatusText, STATUS_COLOR } from './consoleStatus';
import { popOutConsole } from './popout';

function StatusIcon({ info }: { info: ConsoleInfo }) {
  if (info.status === 'connecting') return <Loader size={14} aria-hidden />;
  const Icon = info.status === 'connected' ? IconPlugConnected : IconPlugConnectedX;
  return (
    <Icon size={16} aria-hidden color={`var(--mantine-color-${STATUS_COLOR[info.status]}-6)`} />
  );
}

/** Start for a stopped guest, then reconnect once it runs. */
function useStartGuest(info: ConsoleInfo) {
  const controller = useController();
  const consoles = useConsoles();
  const guestId = consoleGuestId(info.target) ?? '';
  const resource = useResource(info.target.profileId, guestId);
  const guest = resource && isGuest(resource) ? resource : undefined;
  const busy = useAppState(
    useCallback(
      (s: AppState) => s.busy[guestKey(info.target.profileId, guestId)],
      [info.target.profileId, guestId],
    ),
  );
  const [awaitingStart, setAwaitingStart] = useState(false);

  useEffect(() => {
    if (!awaitingStart || guest?.status !== 'running') return;
    setAwaitingStart(false);
    if (info.status === 'disconnected') void consoles.reconnect(info.consoleId);
  }, [awaitingStart, guest?.status, info.status, info.consoleId, consoles]);

  const start = () => {
    if (!guest) return;
    setAwaitingStart(true);
    void controller.runAction(
      {
        profileId: info.target.profileId,
        node: guest.node,
        type: guest.type,
        vmid: guest.vmid,
        guestId: guest.id,
      },
      'start',
    );
  };
  // Stopped: the console said so, or the tree does while the console has no connection.
  const stopped =
    info.remedy === 'start-guest' ||
    (guest !== undefined && guest.status === 'stopped' && info.status !== 'connected');
  return { guest, stopped, start, starting: awaitingStart || busy?.action === 'start' };
}

/** What a console is doing, why it is not connected, and what fixes that. */
export function ConsoleStateBar({
  info,
  popout,
  toolsRef,
}: {
  info: ConsoleInfo;
  popout: boolean;
  toolsRef: (el: HTMLDivElement | null) => void;
}) {
  const consoles = useConsoles();
  const [loggingIn, setLoggingIn] = useState(false);
  const { guest, stopped, start, starting } = useStartGuest(info);
  const disconnected = info.status === 'disconnected';
  const what = guest ? `${guestKindLabel(guest)} (${guestDisplayName(guest)})` : 'The guest';
  let text = consoleStatusText(info);
  if (stopped) text = starting ? `Starting ${what}…` : `${what} is stopped.`;

  return (
    <Group
      gap="xs"
      px="sm"
      py={4}
      wrap="nowrap"
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)', flexShrink: 0 }}
    >
      <StatusIcon info={info} />
      <Text
        size="sm"
        data-testid="console-state"
        data-status={info.status}
        data-remedy={info.remedy}
        role="status"
        c={disconnected ? 'red' : undefined}
        truncate="end"
        title={info.reason}
        style={{ minWidth: 0 }}
      >
        {text}
      </Text>
      {!disconnected && (
        <Text size="xs" c="dimmed" truncate="end" style={{ minWidth: 0 }} title={info.title}>
          {info.title}
        </Text>
      )}
      {stopped && guest && (
        <Button
          size="compact-sm"
          leftSection={<IconPlayerPlay size={14} />}
          loading={starting}
          onClick={start}
        >
          Start
        </Button>
      )}
      {info.remedy === 'console-login' && (
        <Button
          size="compact-sm"
          leftSection={<IconKey size={14} />}
          onClick={() => setLoggingIn(true)}
        >
          Log in for consoles…
        </Button>
      )}
      {disconnected && (
        <Button
          size="compact-sm"
          variant="default"
          leftSection={<IconRefresh size={14} />}
          onClick={() => void consoles.reconnect(info.consoleId)}
        >
          Reconnect
        </Button>
      )}
      <div style={{ flex: 1 }} />
      <Group gap={4} wrap="nowrap" ref={toolsRef} />
      {!popout && (
        <Tooltip label="Open in its own window" withinPortal>
          <ActionIcon
            variant="subtle"
            aria-label="Pop out"
            onClick={() => popOutConsole(info.consoleId)}
          >
            <IconExternalLink size={16} />
          </ActionIcon>
        </Tooltip>
      )}
      <ConsoleLoginModal
        opened={loggingIn}
        profileId={info.target.profileId}
        onClose={() => setLoggingIn(false)}
        onLoggedIn={() => {
          setLoggingIn(false);
          void consoles.reconnect(info.consoleId);
        }}
      />
    </Group>
  );
}
