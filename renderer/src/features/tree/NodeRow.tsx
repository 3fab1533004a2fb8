import { Text, VisuallyHidden } from '@mantine/core';
import { IconHeartbeat, IconServer, IconServerOff } from '@tabler/icons-react';
import { memo, useCallback } from 'react';
import type { AppState } from '../../store/appState';
import { useAppState } from '../../app/AppContext';
import { EMPTY_PROFILE_RESOURCES, selectProfileSummary } from '../../store/resources';
import { nodeStatusColor } from '../../ui/status';
import { Chevron } from './Chevron';
import { rowDomId, type RowProps } from './rowProps';
import { rowStyle } from './rowStyles';
import type { TreeRow } from './treeRows';

type NodeRowData = Extract<TreeRow, { kind: 'node' }>;

export const NodeRow = memo(function NodeRow({
  row,
  start,
  selected,
  onActivate,
  onToggle,
}: RowProps<NodeRowData>) {
  const { profileId, node } = row;
  const resource = useAppState(
    useCallback(
      (s: AppState) => s.resources[profileId]?.byId.get(`node/${node}`),
      [profileId, node],
    ),
  );
  // A string, so stats-only deltas (which keep the counts) do not re-render the row.
  const counts = useAppState(
    useCallback(
      (s: AppState) => {
        const summary = selectProfileSummary(
          profileId,
          s.resources[profileId] ?? EMPTY_PROFILE_RESOURCES,
        );
        const c = summary.countsByNode.get(node);
        return c ? `${c.running}/${c.total}` : '0/0';
      },
      [profileId, node],
    ),
  );
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
      style={rowStyle(start, row.level, selected)}
      onClick={() => onActivate(row)}
      onDoubleClick={() => onToggle(row)}
    >
      <Chevron expanded={row.expanded} onToggle={() => onToggle(row)} />
      <Icon size={15} color={`var(--mantine-color-${nodeStatusColor(status)}-6)`} aria-hidden />
      <Text size="sm" fw={500} truncate="end">
        {node}
      </Text>
      <VisuallyHidden>{status}</VisuallyHidden>
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
