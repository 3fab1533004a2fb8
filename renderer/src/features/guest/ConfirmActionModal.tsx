import { Button, Group, Modal, Text } from '@mantine/core';
import type { PowerAction } from '../../../../shared/model';

const CONSEQUENCE: Partial<Record<PowerAction, string>> = {
  stop: 'is powered off at once, like pulling the plug',
  reset: 'is reset at once, like pressing the reset button',
};

/** Asks before a hard stop or reset; names the guest and what is lost. */
export function ConfirmActionModal({
  action,
  guestLabel,
  onConfirm,
  onCancel,
}: {
  action: PowerAction | null;
  guestLabel: string;
  onConfirm(action: PowerAction): void;
  onCancel(): void;
}) {
  const verb = action === 'reset' ? 'Reset' : 'Stop';
  return (
    <Modal
      opened={action !== null}
      onClose={onCancel}
      title={`${verb} ${guestLabel}?`}
      centered
      size="md"
    >
      <Text size="sm">
        {guestLabel} {action ? CONSEQUENCE[action] : ''}. Unsaved data in the guest is lost. Use
        Shutdown for a clean stop.
      </Text>
      <Group justify="flex-end" mt="lg" gap="xs">
        <Button variant="default" size="xs" onClick={onCancel}>
          Cancel
        </Button>
        <Button color="red" size="xs" onClick={() => action && onConfirm(action)} data-autofocus>
          {verb} now
        </Button>
      </Group>
    </Modal>
  );
}
