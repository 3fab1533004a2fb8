// Convert a guest to a template, confirmed: it says that this cannot be undone (a template never
// runs again; it is cloned), and PVE's refusal (running, snapshots, locked) is shown as it says.

import { Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { GuestResource } from '../../../../shared/model';
import { useController } from '../../store/hooks';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { describeError } from '../../ui/describeError';
import { guestDisplayName, guestKindLabel } from '../../ui/status';

/** Why the guest cannot be converted now, when the tree already says so. */
export function templateBlocked(guest: GuestResource): string | undefined {
  if (guest.template) return 'Already a template';
  if (guest.status === 'running') return 'Shut it down first';
  if (guest.lock) return `Locked (${guest.lock})`;
  return undefined;
}

export function TemplateDialog({
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
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (opened) setError(undefined);
  }, [opened]);
  const { node, type, vmid } = guest;
  const confirm = () => {
    setSending(true);
    setError(undefined);
    api.invoke('guest.template', { profileId, node, type, vmid }).then(
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
    <ConfirmDialog
      opened={opened}
      title={`Convert ${guestKindLabel(guest)} (${guestDisplayName(guest)}) to a template`}
      confirmLabel="Convert to template"
      sending={sending}
      error={error}
      onConfirm={confirm}
      onCancel={onClose}
      testId="template-dialog"
    >
      <Text size="sm">
        A template never runs again: it is the base that new guests are cloned from, linked or in
        full. This cannot be undone — to change it later, clone it and convert the clone.
      </Text>
    </ConfirmDialog>
  );
}
