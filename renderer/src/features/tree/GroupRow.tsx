// A tag or pool group in the Tags and Pools views (treeViews.ts): its name (a tag in the cluster's
// colour) and how many guests it holds; collapses like a node; its context menu (ScopeMenu) acts
// on the group's guests.

import { Text } from '@mantine/core';
import { IconFolder, IconTag, IconTagOff } from '@tabler/icons-react';
import { memo } from 'react';
import { TagChips } from '../../ui/TagChips';
import { Chevron } from './Chevron';
import { rowDomId, type RowProps } from './rowProps';
import { rowStyle } from './rowStyles';
import { useClusterTagColors } from './tagColorCache';
import { groupLabel, type GroupRowData } from './treeViews';

export const GroupRow = memo(function GroupRow({
  row,
  start,
  selected,
  onActivate,
  onToggle,
  onMenu,
}: RowProps<GroupRowData>) {
  const colors = useClusterTagColors(row.profileId);
  const label = groupLabel(row);
  const Icon = row.view === 'pools' ? IconFolder : row.name === null ? IconTagOff : IconTag;
  return (
    <div
      id={rowDomId(row.key)}
      role="treeitem"
      aria-level={row.level}
      aria-selected={selected}
      aria-expanded={row.expanded}
      aria-label={`${label}, ${row.count} ${row.count === 1 ? 'guest' : 'guests'}`}
      data-group={row.view}
      style={rowStyle(start, row.level, selected)}
      onClick={() => onActivate(row)}
      onDoubleClick={() => onToggle(row)}
      onContextMenu={(e) => {
        if (!onMenu) return;
        e.preventDefault();
        onMenu(row, { x: e.clientX, y: e.clientY });
      }}
    >
      <Chevron expanded={row.expanded} onToggle={() => onToggle(row)} />
      <Icon size={14} aria-hidden style={{ flexShrink: 0, opacity: 0.7 }} />
      {row.view === 'tags' && row.name !== null ? (
        <TagChips tags={[row.name]} colors={colors} />
      ) : (
        <Text size="sm" fw={500} truncate="end" c={row.name === null ? 'dimmed' : undefined}>
          {label}
        </Text>
      )}
      <div style={{ flex: 1 }} />
      <Text size="xs" c="dimmed" title="guests" data-testid="group-count">
        {row.count}
      </Text>
    </div>
  );
});
