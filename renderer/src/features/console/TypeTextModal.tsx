import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';

/**
 * "Type text…": the text is sent to the VM as keystrokes, the one way to get text into a login
 * prompt or a console without a clipboard agent (and it needs no clipboard permission).
 */
export function TypeTextModal({
  opened,
  onType,
  onClose,
}: {
  opened: boolean;
  onType(text: string): void;
  onClose(): void;
}) {
  const [text, setText] = useState('');
  return (
    <Modal opened={opened} onClose={onClose} title="Type text into the VM" centered size="lg">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Sent as key presses on a US keyboard layout; line breaks press Enter.
        </Text>
        <Textarea
          aria-label="Text to type"
          autosize
          minRows={4}
          maxRows={12}
          data-autofocus
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="subtle" size="xs" onClick={onClose}>
            Cancel
          </Button>
          <Button
            size="xs"
            disabled={text.length === 0}
            onClick={() => {
              onType(text);
              setText('');
            }}
          >
            Type
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
