import { Button, Code, Group, Modal, ScrollArea, Text } from '@mantine/core';
import { pasteLineCount } from './textInput';

/** A paste with line breaks runs commands as it lands: show it and ask first. */
export function PasteConfirmModal({
  text,
  onPaste,
  onCancel,
}: {
  text: string | null;
  onPaste(text: string): void;
  onCancel(): void;
}) {
  const lines = text === null ? 0 : pasteLineCount(text);
  return (
    <Modal
      opened={text !== null}
      onClose={onCancel}
      title={lines > 1 ? `Paste ${lines} lines?` : 'Paste a line that runs at once?'}
      centered
      size="lg"
    >
      <Text size="sm" mb="xs">
        The shell may run each line as soon as it arrives.
      </Text>
      <ScrollArea.Autosize mah={240} type="auto">
        <Code block data-testid="paste-preview">
          {text}
        </Code>
      </ScrollArea.Autosize>
      <Group justify="flex-end" mt="md" gap="xs">
        <Button variant="default" size="xs" onClick={onCancel}>
          Cancel
        </Button>
        <Button size="xs" data-autofocus onClick={() => text !== null && onPaste(text)}>
          Paste
        </Button>
      </Group>
    </Modal>
  );
}
