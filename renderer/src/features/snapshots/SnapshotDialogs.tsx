// The snapshot dialogs that act on one snapshot: roll back and delete (both ask first and name what
// is lost), and the description edit. Each reports a failure to start in itself.

import { Alert, Button, Checkbox, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { formatDateTime } from '../../../../shared/format';
import type { SnapshotEntry } from '../../../../shared/snapshots';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { describeError } from '../../ui/describeError';

function when(s: SnapshotEntry): string {
  if (!s.snaptime) return '';
  return ` (${formatDateTime(s.snaptime, Math.floor(Date.now() / 1000))})`;
}

/** Run `act`; keep the dialog open with the error when it fails. */
function useAction(onDone: () => void) {
  const [error, setError] = useState<string>();
  const [sending, setSending] = useState(false);
  const run = (act: () => Promise<void>) => {
    if (sending) return;
    setSending(true);
    setError(undefined);
    act().then(
      () => {
        setSending(false);
        onDone();
      },
      (err: unknown) => {
        setSending(false);
        setError(describeError(err));
      },
    );
  };
  return { error, sending, run, reset: () => setError(undefined) };
}

function ErrorLine({ error }: { error: string | undefined }) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" p="xs" role="alert">
      {error}
    </Alert>
  );
}

export function RollbackModal({
  snap,
  guestLabel,
  qemu,
  running,
  typeToConfirm,
  onConfirm,
  onClose,
}: {
  snap: SnapshotEntry | null;
  guestLabel: string;
  qemu: boolean;
  running: boolean;
  /** on a production profile: the guest's name, typed before the rollback is sent */
  typeToConfirm?: string | undefined;
  onConfirm(start: boolean): Promise<void>;
  onClose(): void;
}) {
  const [start, setStart] = useState(running);
  const action = useAction(onClose);
  useEffect(() => {
    setStart(running);
    action.reset();
    // Fresh choices each time the dialog opens for a snapshot.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [snap?.name]);
  const ram = snap?.vmstate === true;
  return (
    <ConfirmDialog
      opened={snap !== null}
      onCancel={onClose}
      title={`Roll back ${guestLabel} to ${snap?.name ?? ''}?`}
      confirmLabel="Roll back"
      typeToConfirm={typeToConfirm}
      sending={action.sending}
      error={action.error}
      onConfirm={() => action.run(() => onConfirm(!ram && start))}
      testId="rollback-dialog"
    >
      <>
        <Text size="sm">
          Everything that changed since {snap?.name}
          {snap ? when(snap) : ''} is lost, including the current state: the disks and the settings
          as they are now
          {running
            ? `, and what runs in the ${qemu ? 'VM' : 'container'} (it is stopped first)`
            : ''}
          . Take a snapshot first to keep it. Other snapshots are kept.
        </Text>
        {ram ? (
          <Checkbox
            size="xs"
            checked
            disabled
            label="Start after rollback"
            description="This snapshot includes RAM: the VM always starts, resuming where it was."
          />
        ) : (
          <Checkbox
            size="xs"
            checked={start}
            onChange={(e) => setStart(e.currentTarget.checked)}
            label="Start after rollback"
          />
        )}
      </>
    </ConfirmDialog>
  );
}

export function DeleteSnapshotModal({
  snap,
  guestLabel,
  children,
  offerForce,
  onConfirm,
  onClose,
}: {
  snap: SnapshotEntry | null;
  guestLabel: string;
  /** names of the snapshots taken after it */
  children: readonly string[];
  /** PVE says it is broken (snapstate set), or a delete of it failed */
  offerForce: string | undefined;
  onConfirm(force: boolean): Promise<void>;
  onClose(): void;
}) {
  const [force, setForce] = useState(false);
  const action = useAction(onClose);
  useEffect(() => {
    setForce(offerForce !== undefined);
    action.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [snap?.name, offerForce]);
  const target = snap?.parent ? snap.parent : 'the top of the tree';
  return (
    <Modal
      opened={snap !== null}
      onClose={onClose}
      title={`Delete snapshot ${snap?.name ?? ''} of ${guestLabel}?`}
      size="md"
    >
      <Stack gap="sm">
        <Text size="sm">
          The snapshot {snap?.name}
          {snap ? when(snap) : ''} and its disk state
          {snap?.vmstate ? ' and saved RAM' : ''} are deleted: you can no longer roll back to it.
          The guest’s current state does not change.
          {children.length > 0
            ? ` The snapshots after it (${children.join(', ')}) are kept and follow from ${target}.`
            : ''}
        </Text>
        {offerForce !== undefined && (
          <Checkbox
            size="xs"
            checked={force}
            onChange={(e) => setForce(e.currentTarget.checked)}
            label="Force"
            description={`${offerForce} Force removes it from the configuration even when deleting its disk snapshots fails.`}
          />
        )}
        <ErrorLine error={action.error} />
        <Group justify="flex-end" gap="xs">
          {/* The safe choice has the focus: Enter never deletes. */}
          <Button variant="default" size="xs" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button
            color="red"
            size="xs"
            loading={action.sending}
            onClick={() => action.run(() => onConfirm(offerForce !== undefined && force))}
          >
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function EditDescriptionModal({
  snap,
  onSave,
  onClose,
}: {
  snap: SnapshotEntry | null;
  onSave(description: string): Promise<void>;
  onClose(): void;
}) {
  const [text, setText] = useState('');
  const action = useAction(onClose);
  useEffect(() => {
    setText(snap?.description ?? '');
    action.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [snap?.name]);
  return (
    <Modal
      opened={snap !== null}
      onClose={onClose}
      title={`Description of ${snap?.name ?? ''}`}
      size="md"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          action.run(() => onSave(text.trim()));
        }}
      >
        <Stack gap="sm">
          <Textarea
            aria-label="Description"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            autosize
            minRows={3}
            maxRows={8}
            size="xs"
            data-autofocus
          />
          <ErrorLine error={action.error} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" size="xs" loading={action.sending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
