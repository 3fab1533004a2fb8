// A profile's row in the tree: its name, connection state, and node and guest counts; a standalone
// node (in no cluster) says so instead of counting "1 node", with a server icon, not a cloud.

import { Loader, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconCloud, IconCloudOff, IconServer } from '@tabler/icons-react';
import { memo } from 'react';
import { useBackendDown, useConnection, useProfile, useProfileSummary } from '../../store/hooks';
import type { ProfileSummary } from '../../store/resources';
import { formatAge, useLastSeen } from '../../store/staleness';
import { useNowSeconds } from '../tasks/useNow';
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

function standaloneCounts(summary: ProfileSummary | undefined): string {
  if (!summary) return '';
  return `standalone · ${plural(summary.guestCount, 'guest')}`;
}

export const ProfileRow = memo(function ProfileRow({
  row,
  start,
  selected,
  onActivate,
  onToggle,
  onMenu,
}: RowProps<ProfileRowData>) {
  const { profileId } = row;
  const profile = useProfile(profileId);
  const connection = useConnection(profileId);
  const standalone = connection?.standalone === true;
  const counts = useProfileSummary(profileId, standalone ? standaloneCounts : rowCounts);
  // While the backend is unreachable nobody knows the profile's state: the last one is shown dimmed.
  const stale = useBackendDown();
  // Disabled by the user: no session, nothing live to show, no trouble to report.
  const disabled = profile?.disabled === true;
  const status = disabled ? 'disabled' : (connection?.status ?? 'connecting');
  const name = profile?.name ?? profileId;
  const connecting = status === 'connecting' && !stale;
  // Not live (the last run's state, or offline since): how old what the tree shows is.
  const seenAt = useLastSeen(profileId);
  const now = useNowSeconds(seenAt !== undefined) * 1000;
  const age = seenAt === undefined ? undefined : `last seen ${formatAge(now - seenAt)}`;
  return (
    <div
      id={rowDomId(row.key)}
      role="treeitem"
      aria-level={row.level}
      aria-selected={selected}
      aria-expanded={row.expanded}
      aria-label={name}
      aria-busy={connecting}
      data-status={status}
      data-standalone={standalone || undefined}
      data-stale={stale || undefined}
      title={stale ? "Last known state: Deckhand's backend is unreachable" : undefined}
      style={{
        ...rowStyle(start, row.level, selected),
        opacity: stale || disabled ? 0.55 : undefined,
      }}
      onClick={() => onActivate(row)}
      onDoubleClick={() => onToggle(row)}
      onContextMenu={(e) => {
        if (!onMenu) return;
        e.preventDefault();
        onMenu(row, { x: e.clientX, y: e.clientY });
      }}
    >
      <Chevron expanded={row.expanded} onToggle={() => onToggle(row)} />
      {stale || disabled || status === 'offline' ? (
        <IconCloudOff
          size={15}
          color={`var(--mantine-color-${stale || disabled ? 'gray' : 'red'}-6)`}
          aria-hidden
        />
      ) : standalone ? (
        <IconServer size={15} color="var(--mantine-color-blue-5)" aria-hidden />
      ) : (
        <IconCloud size={15} color="var(--mantine-color-blue-5)" aria-hidden />
      )}
      <Text size="sm" fw={600} truncate="end">
        {name}
      </Text>
      <VisuallyHidden>{stale ? `${status}, not live` : status}</VisuallyHidden>
      {!stale && (status === 'degraded' || status === 'offline') && (
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
      {connecting && <Loader size={10} aria-label="connecting" />}
      {disabled ? (
        <Text size="xs" c="dimmed" data-testid="profile-row-disabled">
          Disabled
        </Text>
      ) : age !== undefined ? (
        <Text
          size="xs"
          c="dimmed"
          data-testid="profile-row-age"
          title={`${counts} — not live`}
          style={{ whiteSpace: 'nowrap' }}
        >
          {age}
        </Text>
      ) : connecting ? (
        <Text size="xs" c="dimmed" data-testid="profile-row-connecting">
          Connecting…
        </Text>
      ) : (
        <Text size="xs" c="dimmed" data-testid="profile-row-counts">
          {counts}
        </Text>
      )}
    </div>
  );
});
