// A guest's notes as PVE shows them: rendered Markdown, with Edit to change the text (a live
// preview beneath while editing).

import { Box, Button, Group, Text, Textarea } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Markdown } from './Markdown';

export function NotesField({
  label,
  value,
  error,
  onChange,
}: {
  label: ReactNode;
  value: string;
  error?: string;
  onChange(v: string): void;
}) {
  const [editing, setEditing] = useState(false);
  return (
    <Box data-testid="option-notes">
      <Group gap="xs" mb={2} justify="space-between" wrap="nowrap">
        <Text size="xs" fw={500} component="div">
          {label}
        </Text>
        <Button
          size="compact-xs"
          variant="subtle"
          leftSection={editing ? undefined : <IconPencil size={12} />}
          onClick={() => setEditing((e) => !e)}
        >
          {editing ? 'Done' : 'Edit'}
        </Button>
      </Group>
      {editing && (
        <Textarea
          size="xs"
          description="Markdown: # headings, **bold**, *italic*, `code`, lists, tables, links"
          autosize
          minRows={3}
          maxRows={12}
          value={value}
          error={error}
          data-testid="option-description"
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      )}
      <Box
        mt={editing ? 6 : 0}
        p={value ? 'xs' : 0}
        style={
          value
            ? { border: '1px solid var(--mantine-color-default-border)', borderRadius: 4 }
            : undefined
        }
      >
        {value ? (
          <Markdown source={value} />
        ) : (
          <Text size="sm" c="dimmed">
            No notes.
          </Text>
        )}
      </Box>
    </Box>
  );
}
