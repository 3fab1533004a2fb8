// "Changed by someone else": a write refused for a stale digest. Shows PVE's text, the options
// that changed since the config was read (what this client read, what is there now), and offers
// to re-apply the user's change on the fresh config or to drop it.

import { Alert, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconUsers } from '@tabler/icons-react';
import type { GuestType } from '../../../../shared/model';
import { formatOption, optionLabel } from './optionText';
import type { Conflict } from './useGuestConfig';

export function ConflictAlert({
  conflict,
  type,
  busy,
  onReapply,
  onDiscard,
}: {
  conflict: Conflict;
  type: GuestType;
  busy: boolean;
  onReapply(): void;
  onDiscard(): void;
}) {
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconUsers size={16} />}
      title="Changed by someone else"
      data-testid="config-conflict"
    >
      <Stack gap={6}>
        <Text size="sm">
          The configuration changed since it was read ({conflict.message}).{' '}
          {conflict.redo ? `${conflict.redo.what} was not done.` : 'Nothing of yours was saved.'}
        </Text>
        {conflict.changed.length > 0 ? (
          <Table withRowBorders={false} verticalSpacing={2} fz="sm" maw={620}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Option</Table.Th>
                <Table.Th>You read</Table.Th>
                <Table.Th>Now</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {conflict.changed.map((c) => (
                <Table.Tr key={c.key} data-testid={`conflict-${c.key}`}>
                  <Table.Td>
                    {optionLabel(c.key, type)}
                    {c.key in conflict.mine ? ' (you changed it too)' : ''}
                  </Table.Td>
                  <Table.Td>{formatOption(c.key, c.before)}</Table.Td>
                  <Table.Td>{formatOption(c.key, c.after)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Text size="sm" c="dimmed">
            None of these options changed; something else in the configuration did (disks,
            interfaces or other settings).
          </Text>
        )}
        <Group gap="xs">
          <Button size="compact-sm" data-testid="config-reapply" loading={busy} onClick={onReapply}>
            {conflict.redo
              ? `${conflict.redo.what} on the fresh config`
              : 'Re-apply my changes on the fresh config'}
          </Button>
          <Button size="compact-sm" variant="default" onClick={onDiscard}>
            Discard my changes
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
