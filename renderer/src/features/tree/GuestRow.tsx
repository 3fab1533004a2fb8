import { Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconHeartbeat, IconLock } from '@tabler/icons-react';
import { memo } from 'react';
import { isGuest } from '../../../../shared/model';
import { useResource } from '../../store/hooks';
import { useStaleReason } from '../../store/staleness';
import { GuestIcon } from '../../ui/GuestIcon';
import { MatchHint } from './MatchHint';
import { guestDisplayName } from '../../ui/status';
import { TagChips } from '../../ui/TagChips';
import { useConsoles } from '../console/ConsoleContext';
import { guestConsoleTarget } from '../console/consoleTargets';
import { rowDomId, type RowProps } from './rowProps';
import { rowStyle } from './rowStyles';
import { useClusterTagColors } from './tagColorCache';
import type { TreeRow } from './treeRows';

type GuestRowData = Extract<TreeRow, { kind: 'guest' }>;

export const GuestRow = memo(function GuestRow({
  row,
  start,
  selected,
  marked = false,
  onActivate,
  onPick,
  onMenu,
}: RowProps<GuestRowData>) {
  const resource = useResource(row.profileId, row.id);
  const staleReason = useStaleReason(row.profileId);
  const stale = staleReason !== undefined;
  const consoles = useConsoles();
  const tagColors = useClusterTagColors(row.profileId);
  if (!resource || !isGuest(resource)) return null;
  const guest = resource;
  const name = guestDisplayName(guest);
  return (
    <div
      id={rowDomId(row.key)}
      role="treeitem"
      aria-level={row.level}
      aria-selected={selected}
      aria-label={`${name} (${guest.vmid})`}
      data-status={guest.status}
      data-guest-id={guest.id}
      data-stale={stale || undefined}
      data-marked={marked || undefined}
      title={staleReason}
      style={{
        ...rowStyle(start, row.level, selected, marked),
        opacity: stale ? 0.5 : undefined,
      }}
      onClick={(e) => {
        const toggle = e.ctrlKey || e.metaKey;
        if (onPick) onPick(row, { shift: e.shiftKey, toggle });
        else onActivate(row);
      }}
      onContextMenu={(e) => {
        if (!onMenu) return;
        e.preventDefault();
        onMenu(row, { x: e.clientX, y: e.clientY });
      }}
      onDoubleClick={() => {
        // A container's console or a VM's screen; templates do not run.
        if (!guest.template) void consoles.open(guestConsoleTarget(row.profileId, guest));
      }}
    >
      <GuestIcon guest={guest} />
      <Text
        size="sm"
        truncate="end"
        style={{ minWidth: 0 }}
        c={guest.template ? 'dimmed' : undefined}
      >
        {name}
      </Text>
      <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
        {guest.vmid}
      </Text>
      <VisuallyHidden>{guest.template ? 'template' : guest.status}</VisuallyHidden>
      {row.hint && <MatchHint hint={row.hint} />}
      <div style={{ flex: 1 }} />
      {/* While an address or host name matched, that hint takes the tags' place. */}
      {!row.hint && <TagChips tags={guest.tags} max={2} colors={tagColors} />}
      {guest.lock && (
        <Tooltip label={`Locked (${guest.lock})`} withinPortal>
          <IconLock
            size={13}
            aria-label={`locked: ${guest.lock}`}
            role="img"
            style={{ flexShrink: 0 }}
          />
        </Tooltip>
      )}
      {guest.hastate && (
        <Tooltip label={`HA: ${guest.hastate}`} withinPortal>
          <IconHeartbeat
            size={13}
            aria-label={`HA ${guest.hastate}`}
            role="img"
            color="var(--mantine-color-blue-5)"
            style={{ flexShrink: 0 }}
          />
        </Tooltip>
      )}
    </div>
  );
});
