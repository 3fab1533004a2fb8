import { ActionIcon, Group, Paper, Text, TextInput } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconX } from '@tabler/icons-react';
import { useState } from 'react';

/** The search box over a terminal: Enter finds the next match, Shift+Enter the previous. */
export function TerminalSearch({
  find,
  onClose,
}: {
  /** Returns whether a match was found. */
  find(term: string, direction: 'next' | 'previous'): boolean;
  onClose(): void;
}) {
  const [term, setTerm] = useState('');
  const [missing, setMissing] = useState(false);
  const run = (direction: 'next' | 'previous') => {
    if (!term) return;
    setMissing(!find(term, direction));
  };
  return (
    <Paper
      shadow="md"
      p={4}
      withBorder
      style={{ position: 'absolute', top: 6, right: 18, zIndex: 10 }}
      role="search"
      aria-label="Search in terminal"
    >
      <Group gap={4} wrap="nowrap">
        <TextInput
          size="xs"
          aria-label="Search text"
          placeholder="Search scrollback"
          autoFocus
          value={term}
          onChange={(e) => {
            setTerm(e.currentTarget.value);
            setMissing(false);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              run(e.shiftKey ? 'previous' : 'next');
            } else if (e.key === 'Escape') {
              e.preventDefault();
              onClose();
            }
          }}
        />
        {missing && (
          <Text size="xs" c="dimmed" role="status">
            No match
          </Text>
        )}
        <ActionIcon variant="subtle" aria-label="Previous match" onClick={() => run('previous')}>
          <IconArrowUp size={14} />
        </ActionIcon>
        <ActionIcon variant="subtle" aria-label="Next match" onClick={() => run('next')}>
          <IconArrowDown size={14} />
        </ActionIcon>
        <ActionIcon variant="subtle" aria-label="Close search" onClick={onClose}>
          <IconX size={14} />
        </ActionIcon>
      </Group>
    </Paper>
  );
}
