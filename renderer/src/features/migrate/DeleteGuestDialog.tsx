// Destroy one guest: the user types the guest's name to confirm; purge (backup and replication
// jobs, HA, ACLs) is on by default. The destructive button is never focused and Enter never
// destroys. PVE's refusal (protected, running, HA without purge) is shown as PVE words it.

import { Alert, Button, Checkbox, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { GuestResource } from '../../../../shared/model';
import { useController } from '../../store/hooks';
import { describeError } from '../../ui/describeError';
import { guestDisplayName, guestKindLabel } from '../../ui/status';

export function DeleteGuestDialog({
  profileId,
  guest,
  opened,
  onClose,
}: {
  profileId: string;
  guest: GuestResource;
  opened: boolean;
  onClose(): void;
}) {
  const { api } = useController();
  const [typed, setTyped] = useState('');
  const [purge, setPurge] = useState(true);
  const [unreferenced, setUnreferenced] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!opened) return;
    setTyped('');
    setPurge(true);
    setUnreferenced(false);
    setError(undefined);
  }, [opened]);

  const name = guestDisplayName(guest);
  const label = `${guestKindLabel(guest)} (${name})`;
  const matches = typed === name;
  const running = guest.status !== 'stopped';

  const destroy = () => {
    if (!matches || sending) return;
    setSending(true);
    setError(undefined);
    api
      .invoke('guest.delete', {
        profileId,
        node: guest.node,
        type: guest.type,
        vmid: guest.vmid,
        purge,
        destroyUnreferencedDisks: unreferenced,
      })
      .then(
        () => {
          setSending(false);
          onClose();
        },
        (err: unknown) => {
          setSending(false);
          setError(describeError(err));
        },
      );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`Destroy ${label}?`} size="md">
      <Stack gap="sm" data-testid="delete-guest-dialog">
        <Text size="sm">
          {label} and all its disks are removed from {guest.node}. This cannot be undone.
        </Text>
        {running && (
          <Text size="sm" c="orange">
            It is {guest.status}: PVE destroys only a stopped guest.
          </Text>
        )}
        <TextInput
          size="xs"
          label={
            <>
              Type <b>{name}</b> to confirm
            </>
          }
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          // Enter never destroys: the confirmation is a click on the button.
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.preventDefault();
          }}
          autoComplete="off"
          spellCheck={false}
          data-autofocus
          data-testid="delete-confirm-name"
        />
        <Checkbox
          size="xs"
          label="Purge from backup and replication jobs, HA and access rules"
          checked={purge}
          onChange={(e) => setPurge(e.currentTarget.checked)}
        />
        <Checkbox
          size="xs"
          label="Destroy unreferenced disks owned by this guest"
          checked={unreferenced}
          onChange={(e) => setUnreferenced(e.currentTarget.checked)}
        />
        {error && (
          <Alert color="red" variant="light" p="xs" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" size="xs" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color="red"
            size="xs"
            disabled={!matches}
            loading={sending}
            onClick={destroy}
            // Reached by Tab, never focused for the user.
            data-testid="delete-guest-confirm"
          >
            Destroy
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
