import { Text, VisuallyHidden } from '@mantine/core';
import { IconHeartbeat, IconServer, IconServerOff } from '@tabler/icons-react';
import { memo } from 'react';
import { useNodeGuestCounts, useResource } from '../../store/hooks';
import type { GuestCounts } from '../../store/resources';
import { useStaleReason } from '../../store/staleness';
import { nodeStatusColor } from '../../ui/status';
import { Chevron } from './Chevron';
import { MatchHint } from './MatchHint';
import { rowDomId, type RowProps } from './rowProps';
import { rowStyle } from './rowStyles';
import type { TreeRow } from './treeRows';

type NodeRowData = Extract<TreeRow, { kind: 'node' }>;

const rowCounts = (c: GuestCounts | undefined): string => (c ? `${c.running}/${c.total}` : '0/0');

export const NodeRow = memo(function NodeRow({
  row,
  start,
  selected,
  onActivate,
  onToggle,
  onMenu,
}: RowProps<NodeRowData>) {
  const { profileId, node } = row;
  const resource = useResource(profileId, `node/${node}`);
  const counts = useNodeGuestCounts(profileId, node, rowCounts);
  const staleReason = useStaleReason(profileId);
  const status = resource?.type === 'node' ? resource.status : 'unknown';
  const hastate = resource?.type === 'node' ? resource.hastate : undefined;
  const Icon = status === 'online' ? IconServer : IconServerOff;
  return (
    <div
      id={rowDomId(row.key)}
      role="treeitem"
      aria-level={row.level}
      aria-selected={selected}
      aria-expanded={row.expanded}
      aria-label={`${node}, ${status}`}
      data-status={status}
      data-stale={staleReason !== undefined || undefined}
      title={staleReason}
      style={{
        ...rowStyle(start, row.level, selected),
        opacity: staleReason !== undefined ? 0.5 : undefined,
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
      <Icon size={15} color={`var(--mantine-color-${nodeStatusColor(status)}-6)`} aria-hidden />
      <Text size="sm" fw={500} truncate="end">
        {node}
      </Text>
      <VisuallyHidden>{status}</VisuallyHidden>
      {row.hint && <MatchHint hint={row.hint} />}
      {hastate && hastate !== 'online' && (
        <Text size="xs" c="yellow">
          HA {hastate}
        </Text>
      )}
      {hastate === 'online' && <IconHeartbeat size={12} aria-label="HA online" role="img" />}
      <div style={{ flex: 1 }} />
      <Text size="xs" c="dimmed" title="running / total guests">
        {counts}
      </Text>
    </div>
  );
});
