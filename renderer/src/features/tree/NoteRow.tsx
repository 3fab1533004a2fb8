import { Text } from '@mantine/core';
import { memo } from 'react';
import { rowStyle } from './rowStyles';
import type { TreeRow } from './treeRows';

export const NoteRow = memo(function NoteRow({
  row,
  start,
}: {
  row: Extract<TreeRow, { kind: 'note' }>;
  start: number;
}) {
  return (
    <div role="none" style={rowStyle(start, row.level + 1, false)}>
      <Text size="xs" c="dimmed" fs="italic">
        {row.text}
      </Text>
    </div>
  );
});
