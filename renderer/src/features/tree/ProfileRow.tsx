import { Loader, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconCloud, IconCloudOff } from '@tabler/icons-react';
import { memo } from 'react';
import { useConnection, useProfile, useProfileSummary } from '../../store/hooks';
import type { ProfileSummary } from '../../store/resources';
import { Chevron } from './Chevron';
import { rowDomId, type RowProps } from './rowProps';
import { rowStyle } from './rowStyles';
import type { TreeRow } from './treeRows';

type ProfileRowData = Extract<TreeRow, { kind: 'profile' }>;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function rowCounts(summary: ProfileSummary | undefined): string {
  if (!summary) return '';
  return `${plural(summary.nodes.length, 'node')} · ${plural(summary.guestCount, 'guest')}`;
}

export const ProfileRow = memo(function ProfileRow({
  row,
  start,
  selected,
  onActivate,
  onToggle,
}: RowProps<ProfileRowData>) {
  const { profileId } = row;
  const profile = useProfile(profileId);
  const connection = useConnection(profileId);
  const counts = useProfileSummary(profileId, rowCounts);
  const status = connection?.status ?? 'connecting';
  const name = profile?.name ?? profileId;
  return (
    <div
      id={rowDomId(row.key)}
      role="treeitem"
      aria-level={row.level}
      aria-selected={selected}
      aria-expanded={row.expanded}
      aria-label={name}
      aria-busy={status === 'connecting'}
      data-status={status}
      style={rowStyle(start, row.level, selected)}
      onClick={() => onActivate(row)}
      onDoubleClick={() => onToggle(row)}
    >
      <Chevron expanded={row.expanded} onToggle={() => onToggle(row)} />
      {status === 'offline' ? (
        <IconCloudOff size={15} color="var(--mantine-color-red-6)" aria-hidden />
      ) : (
        <IconCloud size={15} color="var(--mantine-color-blue-5)" aria-hidden />
      )}
      <Text size="sm" fw={600} truncate="end">
        {name}
      </Text>
      <VisuallyHidden>{status}</VisuallyHidden>
      {status === 'connecting' && <Loader size={10} aria-label="connecting" />}
      {(status === 'degraded' || status === 'offline') && (
        <Tooltip label={connection?.reason ?? status} withinPortal multiline maw={320}>
          <IconAlertTriangle
            size={13}
            role="img"
            aria-label={status}
            color={`var(--mantine-color-${status === 'offline' ? 'red' : 'yellow'}-6)`}
          />
        </Tooltip>
      )}
      <div style={{ flex: 1 }} />
      <Text size="xs" c="dimmed">
        {counts}
      </Text>
    </div>
  );
});
