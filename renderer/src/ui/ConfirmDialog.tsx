// The one shape of a confirmation that asks before something is lost: the safe choice (Cancel)
// has the focus, the destructive button is reached only by Tab or a click, and Enter never
// confirms. With `typeToConfirm` the user types the guest's name first (production profiles):
// the field takes the focus, the button stays off until the name matches, Enter in it does nothing.

import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';

export function ConfirmDialog({
  opened,
  title,
  children,
  confirmLabel,
  danger = true,
  typeToConfirm,
  sending = false,
  error,
  onConfirm,
  onCancel,
  testId = 'confirm-dialog',
}: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** red confirm button (loses something); false for a plain "are you sure" */
  danger?: boolean;
  /** the name the user must type before the button turns on */
  typeToConfirm?: string | undefined;
  sending?: boolean;
  error?: string | undefined;
  onConfirm(): void;
  onCancel(): void;
  testId?: string;
}) {
  const [typed, setTyped] = useState('');
  useEffect(() => {
    if (opened) setTyped('');
  }, [opened]);
  const matches = typeToConfirm === undefined || typed === typeToConfirm;
  return (
    <Modal opened={opened} onClose={onCancel} title={title} centered size="md">
      <Stack gap="sm" data-testid={testId}>
        {children}
        {typeToConfirm !== undefined && (
          <TextInput
            size="xs"
            label={
              <>
                Type <b>{typeToConfirm}</b> to confirm
              </>
            }
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            onKeyDown={(e) => {
              // Enter never confirms: the confirmation is a click on the button.
              if (e.key === 'Enter') e.preventDefault();
            }}
            autoComplete="off"
            spellCheck={false}
            data-autofocus
            data-testid={`${testId}-name`}
          />
        )}
        {error && (
          <Alert color="red" variant="light" p="xs" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button
            variant="default"
            size="xs"
            onClick={onCancel}
            {...(typeToConfirm === undefined ? { 'data-autofocus': true } : {})}
            data-testid={`${testId}-cancel`}
          >
            Cancel
          </Button>
          <Button
            color={danger ? 'red' : undefined}
            size="xs"
            disabled={!matches}
            loading={sending}
            onClick={() => {
              if (matches && !sending) onConfirm();
            }}
            data-testid={`${testId}-confirm`}
          >
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
