// The guest's network in the detail view: its addresses grouped by interface (MAC, where they
// came from: the agent, the container, its config or cloud-init), each with a copy button, and
// the agent's OS and host name. It shows the address index's entry (store/addresses.ts) and asks
// core to read the guest anew when the view opens or the guest changes state.

import { ActionIcon, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import {
  isIncidentalAddress,
  type AddressSource,
  type GuestAddress,
  type GuestAddresses as Entry,
  type GuestInterface,
} from '../../../../shared/addresses';
import type { GuestResource } from '../../../../shared/model';
import type { AppState } from '../../store/appState';
import { useAppState, useController } from '../../store/hooks';
import { FactGroup, FactRow } from '../stats/DetailLayout';

const SOURCE_TEXT: Record<AddressSource, string> = {
  agent: 'from the agent',
  container: 'from the container',
  config: 'from the config',
  'cloud-init': 'from cloud-init',
};

const mono = { fontFamily: 'var(--mantine-font-family-monospace)' } as const;

function AddressLine({ a }: { a: GuestAddress }) {
  const text = a.prefix !== undefined ? `${a.address}/${a.prefix}` : a.address;
  return (
    <Group gap={4} wrap="nowrap" justify="space-between" data-testid="guest-address">
      <Text
        size="sm"
        style={mono}
        truncate="end"
        c={isIncidentalAddress(a) ? 'dimmed' : undefined}
        title={text}
      >
        {text}
      </Text>
      <CopyButton value={a.address} timeout={1200}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : `Copy ${a.address}`} withinPortal>
            <ActionIcon
              size="xs"
              variant="subtle"
              color={copied ? 'teal' : 'gray'}
              aria-label={`Copy ${a.address}`}
              onClick={copy}
            >
              {copied ? <IconCheck size={12} /> : <IconCopy size={12} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

function InterfaceBlock({ i, showSource }: { i: GuestInterface; showSource: boolean }) {
  // Routable addresses first; link-local ones after them, dimmed.
  const sorted = [...i.addresses].sort(
    (a, b) => Number(isIncidentalAddress(a)) - Number(isIncidentalAddress(b)),
  );
  return (
    <Stack gap={2} data-testid="guest-interface" data-interface={i.name}>
      <Group gap={6} wrap="nowrap" justify="space-between">
        <Text size="sm" fw={600} style={mono}>
          {i.name}
        </Text>
        {i.mac && (
          <Text size="xs" c="dimmed" style={mono} title="MAC address">
            {i.mac}
          </Text>
        )}
      </Group>
      {showSource && (
        <Text size="xs" c="dimmed">
          {SOURCE_TEXT[i.source]}
        </Text>
      )}
      {sorted.map((a) => (
        <AddressLine key={a.address} a={a} />
      ))}
      {i.notes?.map((n) => (
        <Text key={n} size="xs" c="dimmed">
          {n}
        </Text>
      ))}
      {sorted.length === 0 && !i.notes && (
        <Text size="xs" c="dimmed">
          No address
        </Text>
      )}
    </Stack>
  );
}

/** A loopback interface (`lo`, Windows' pseudo-interface): not worth a place in the column. */
const isLoopback = (i: GuestInterface): boolean =>
  i.name === 'lo' ||
  (i.addresses.length > 0 &&
    i.addresses.every((a) => a.address === '::1' || a.address.startsWith('127.')));

/** What to say when there are no addresses to show. */
function emptyText(guest: GuestResource, entry: Entry): string {
  if (entry.agent === 'vm-stopped') return 'The guest agent reports addresses while the VM runs.';
  if (guest.type === 'lxc') return 'No network interfaces configured.';
  return 'No addresses known.';
}

function useGuestAddresses(profileId: string, guest: GuestResource) {
  const controller = useController();
  const stored = useAppState(
    useCallback(
      (s: AppState) => s.addresses[profileId]?.byGuest.get(guest.id),
      [profileId, guest.id],
    ),
  );
  const [read, setRead] = useState<{ entry: Entry | null; error?: string } | undefined>();
  // Read anew when the view opens and whenever the guest changes state or node.
  useEffect(() => {
    let live = true;
    setRead(undefined);
    controller.api.invoke('addresses.guest', { profileId, guestId: guest.id }).then(
      (entry) => live && setRead({ entry }),
      (err: unknown) => live && setRead({ entry: null, error: (err as Error).message }),
    );
    return () => {
      live = false;
    };
  }, [controller, profileId, guest.id, guest.status, guest.node]);
  // The index's entry is the newest (its events follow every read); the call's until it has one.
  const entry = stored ?? read?.entry ?? undefined;
  return { entry, loading: read === undefined && !stored, error: read?.error };
}

export function GuestAddresses({ profileId, guest }: { profileId: string; guest: GuestResource }) {
  const { entry, loading, error } = useGuestAddresses(profileId, guest);
  if (guest.template) return null;
  const shown = entry ? entry.interfaces.filter((i) => !isLoopback(i)) : [];
  const sources = new Set(shown.map((i) => i.source));
  const oneSource = sources.size === 1 ? [...sources][0] : undefined;
  return (
    <FactGroup title="Network">
      <div data-testid="guest-addresses">
        <Stack gap={8}>
          {entry?.os && (
            <FactRow label="OS" testId="guest-os">
              <span title={entry.os.kernel ? `Kernel ${entry.os.kernel}` : undefined}>
                {entry.os.name}
              </span>
            </FactRow>
          )}
          {entry?.hostname && (
            <FactRow label="Host name" testId="guest-hostname">
              {entry.hostname}
            </FactRow>
          )}
          {oneSource && (
            <Text size="xs" c="dimmed" data-testid="guest-address-source">
              Addresses {SOURCE_TEXT[oneSource]}
            </Text>
          )}
          {shown.map((i) => (
            <InterfaceBlock key={`${i.source}|${i.name}`} i={i} showSource={!oneSource} />
          ))}
          {entry?.message && (
            <Text size="xs" c="dimmed" data-testid="guest-agent-message">
              {entry.message}
            </Text>
          )}
          {entry && shown.length === 0 && !entry.message && (
            <Text size="xs" c="dimmed">
              {emptyText(guest, entry)}
            </Text>
          )}
          {!entry && loading && (
            <Text size="xs" c="dimmed">
              Reading addresses…
            </Text>
          )}
          {!entry && !loading && (
            <Text size="xs" c="dimmed" data-testid="guest-addresses-error">
              {error ?? 'No addresses known yet.'}
            </Text>
          )}
        </Stack>
      </div>
    </FactGroup>
  );
}
