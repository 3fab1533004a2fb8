// Take a snapshot: a name checked as PVE checks it (configid, not taken), a description, and for a
// running VM whether to save its RAM. A container's form has no RAM choice and never sends one.

import { Alert, Button, Checkbox, Group, Modal, Stack, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { GuestResource } from '../../../../shared/model';
import { snapshotNameProblem, SNAPSHOT_NAME_MAX } from '../../../../shared/snapshots';
import { describeError } from '../../ui/describeError';

export interface TakeInput {
  name: string;
  description: string;
  vmstate: boolean;
}

/** The field's message, or undefined when the name would be accepted. */
export function takeNameError(name: string, type: GuestResource['type'], taken: readonly string[]) {
  return (
    snapshotNameProblem(name, type) ??
    (taken.includes(name) ? `A snapshot named ${name} exists` : undefined)
  );
}

export function TakeSnapshotModal({
  opened,
  guest,
  guestLabel,
  taken,
  onSubmit,
  onClose,
}: {
  opened: boolean;
  guest: GuestResource;
  guestLabel: string;
  taken: readonly string[];
  /** Resolves when the task started; rejects with the text to show. */
  onSubmit(input: TakeInput): Promise<void>;
  onClose(): void;
}) {
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const [description, setDescription] = useState('');
  const [ram, setRam] = useState(false);
  const [error, setError] = useState<string>();
  const [sending, setSending] = useState(false);
  const qemu = guest.type === 'qemu';
  const running = guest.status === 'running';
  const nameError = takeNameError(name, guest.type, taken);

  const close = () => {
    setName('');
    setTouched(false);
    setDescription('');
    setRam(false);
    setError(undefined);
    onClose();
  };

  const submit = () => {
    setTouched(true);
    if (nameError || sending) return;
    setSending(true);
    setError(undefined);
    onSubmit({ name, description: description.trim(), vmstate: qemu && running && ram }).then(
      () => {
        setSending(false);
        close();
      },
      (err: unknown) => {
        setSending(false);
        setError(describeError(err));
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title={`Take a snapshot of ${guestLabel}`} size="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label="Name"
            description="Letters, digits, - and _; starts with a letter"
            placeholder="before-upgrade"
            value={name}
            maxLength={SNAPSHOT_NAME_MAX + 1}
            onChange={(e) => {
              setName(e.currentTarget.value.trim());
              setTouched(true);
            }}
            error={touched && name !== '' ? nameError : undefined}
            data-autofocus
            size="xs"
          />
          <Textarea
            label="Description"
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            autosize
            minRows={2}
            maxRows={6}
            size="xs"
          />
          {qemu && (
            <Checkbox
              label="Include RAM"
              description={
                running
                  ? 'Saves the running VM’s memory too: rolling back resumes it where it was (takes longer, uses disk space).'
                  : 'Only for a running VM: this one is not running, so there is no memory to save.'
              }
              checked={running && ram}
              disabled={!running}
              onChange={(e) => setRam(e.currentTarget.checked)}
              size="xs"
            />
          )}
          {error && (
            <Alert color="red" variant="light" p="xs" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={close}>
              Cancel
            </Button>
            <Button
              type="submit"
              size="xs"
              loading={sending}
              disabled={touched && nameError !== undefined}
            >
              Take snapshot
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
