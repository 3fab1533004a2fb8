// The detail pane of one guest: a summary header (name, id, kind, node, status, tags, actions,
// consoles, journal), the live line (status/current every second while open), history charts and
// the facts a user looks for. Resource fields come live from deltas; the live line from a watch.

import { Alert, Badge, Button, Group, Text, Title } from '@mantine/core';
import {
  IconAdjustments,
  IconArchive,
  IconCamera,
  IconFileText,
  IconHeartbeat,
  IconLock,
} from '@tabler/icons-react';
import { useCallback, useMemo } from 'react';
import { formatBytes, formatUptime, usageFraction } from '../../../../shared/format';
import { isGuest, type GuestResource } from '../../../../shared/model';
import type { StatsTarget } from '../../../../shared/stats';
import { useAppState, useIsStale, useResource } from '../../store/hooks';
import { useWatchMetrics } from '../../store/useWatchMetrics';
import type { AppState } from '../../store/appState';
import { GuestIcon } from '../../ui/GuestIcon';
import { guestDisplayName, guestKindLabel, guestStatusColor } from '../../ui/status';
import { TagChips } from '../../ui/TagChips';
import { useClusterTagColors } from '../tree/tagColorCache';
import { GuestConsoleMenu } from '../console/GuestConsoleMenu';
import { GuestManageMenu } from '../migrate/GuestManageMenu';
import { BackupsPanel } from '../backups/BackupsPanel';
import { ConfigPanel } from '../config/ConfigPanel';
import { openLog } from '../logs/openLog';
import { SnapshotsPanel } from '../snapshots/SnapshotsPanel';
import { guestCharts } from '../stats/chartDefs';
import { DetailLayout, FactBar, FactGroup, FactRow, type DetailTab } from '../stats/DetailLayout';
import { GuestLiveLine } from '../stats/LiveLine';
import { StatsCharts } from '../stats/StatsCharts';
import { useLiveSnapshot, useLiveStatsSource } from '../stats/useSources';
import type { LiveStatsSource } from '../stats/liveSource';
import { ProfileNameChip } from '../../ui/ProfileChip';
import { GuestActions } from './GuestActions';
import { GuestAddresses } from './GuestAddresses';
import { isHibernated, isPaused } from './powerActions';

/** Its process runs (a paused VM still has its uptime, memory and counters). */
function isLive(guest: GuestResource): boolean {
  return guest.status === 'running' || isPaused(guest);
}

function LiveLineOf({ source }: { source: LiveStatsSource | undefined }) {
  return <GuestLiveLine live={useLiveSnapshot(source)} />;
}

function GuestFacts({ guest }: { guest: GuestResource }) {
  const running = isLive(guest);
  // qemu always reports 0 disk usage: show only the size.
  const diskKnown = guest.type === 'lxc' && running && guest.disk !== undefined;
  return (
    <>
      <FactGroup title="Resources">
        <FactRow label="Uptime" testId="guest-uptime">
          {running ? formatUptime(guest.uptime) : '–'}
        </FactRow>
        <FactRow label="Cores">{guest.maxcpu ?? '–'}</FactRow>
        <FactRow label="Memory" testId="guest-memory">
          {running
            ? `${formatBytes(guest.mem)} of ${formatBytes(guest.maxmem)}`
            : formatBytes(guest.maxmem)}
        </FactRow>
        {running && (
          <FactBar fraction={usageFraction(guest.mem, guest.maxmem)} label="Memory usage" />
        )}
        <FactRow label={diskKnown ? 'Root disk' : 'Disk size'}>
          {diskKnown
            ? `${formatBytes(guest.disk)} of ${formatBytes(guest.maxdisk)}`
            : formatBytes(guest.maxdisk)}
        </FactRow>
        {diskKnown && (
          <FactBar fraction={usageFraction(guest.disk, guest.maxdisk)} label="Disk usage" />
        )}
      </FactGroup>
      <FactGroup title="Placement">
        <FactRow label="Node">{guest.node}</FactRow>
        <FactRow label="Pool">{guest.pool ?? '–'}</FactRow>
        <FactRow label="HA state">
          {guest.hastate ? (
            <Group gap={4} component="span" wrap="nowrap">
              <IconHeartbeat size={14} aria-hidden />
              {guest.hastate}
            </Group>
          ) : (
            'not managed'
          )}
        </FactRow>
        <FactRow label="Lock">
          {guest.lock ? (
            <Group gap={4} component="span" wrap="nowrap">
              <IconLock size={14} aria-hidden />
              {guest.lock}
            </Group>
          ) : (
            '–'
          )}
        </FactRow>
      </FactGroup>
    </>
  );
}

/** The detail pane of one guest, live from deltas and its watch. */
export function GuestDetail({ profileId, id }: { profileId: string; id: string }) {
  const resource = useResource(profileId, id);
  // Its uptime, memory and disk (the facts below) come only to windows that watch them.
  useWatchMetrics(profileId, [id]);
  const guest = resource && isGuest(resource) ? resource : undefined;
  const node = guest?.node;
  const nodeOffline = useAppState(
    useCallback(
      (s: AppState) => {
        if (!node) return false;
        const n = s.resources[profileId]?.byId.get(`node/${node}`);
        return !n || n.type !== 'node' || n.status !== 'online';
      },
      [profileId, node],
    ),
  );
  const stale = useIsStale(profileId);
  const type = guest?.type ?? 'qemu';
  const vmid = guest?.vmid ?? 0;
  const target = useMemo(
    (): StatsTarget => ({ profileId, node: node ?? '', kind: type, vmid }),
    [profileId, node, type, vmid],
  );
  const charts = useMemo(() => guestCharts(type, true), [type]);
  const tagColors = useClusterTagColors(profileId);
  // status/current is read only while this view is open, and only when it can answer.
  const live = useLiveStatsSource(target, guest !== undefined && !nodeOffline && !stale);
  if (!guest) {
    return (
      <Alert color="gray" title="Guest not found">
        This guest no longer exists on the cluster, or you cannot see it any more.
      </Alert>
    );
  }
  const name = guestDisplayName(guest);
  const header = (
    <Group gap="sm" wrap="wrap" align="center" justify="space-between">
      <Group gap="sm" wrap="nowrap" align="center" miw={0}>
        <GuestIcon guest={guest} size={26} />
        <Title order={3} style={{ lineHeight: 1.2 }} lineClamp={1}>
          {name}
        </Title>
        <Text c="dimmed" size="sm" style={{ whiteSpace: 'nowrap' }}>
          {guestKindLabel(guest)}
          {guest.template ? ' · template' : ''} · {guest.node}
        </Text>
        <ProfileNameChip profileId={profileId} />
        <Badge
          color={guestStatusColor(guest.status)}
          variant="light"
          data-testid="guest-status"
          data-status={guest.status}
        >
          {guest.status}
        </Badge>
        {guest.tags.length > 0 && <TagChips tags={guest.tags} max={4} colors={tagColors} />}
      </Group>
      {!guest.template && (
        <Group gap="xs" align="center">
          <GuestActions
            profileId={profileId}
            guest={guest}
            nodeOffline={nodeOffline}
            clusterOffline={stale}
          />
          <GuestConsoleMenu profileId={profileId} guest={guest} />
          <Button
            size="compact-sm"
            variant="default"
            leftSection={<IconFileText size={14} />}
            disabled={nodeOffline || stale}
            data-testid="guest-journal"
            onClick={() =>
              openLog({ kind: 'guest-journal', profileId, node: guest.node, type, vmid })
            }
          >
            Journal
          </Button>
          <GuestManageMenu profileId={profileId} guest={guest} disabled={nodeOffline || stale} />
        </Group>
      )}
      {guest.template && (
        // A template does not run: its actions are clone, migrate and destroy.
        <GuestManageMenu profileId={profileId} guest={guest} disabled={nodeOffline || stale} />
      )}
    </Group>
  );
  const notices = (
    <>
      {guest.template && (
        <Text size="sm" c="dimmed">
          Templates do not run; clone one to make a guest.
        </Text>
      )}
      {isHibernated(guest) && (
        <Text size="sm" c="dimmed" data-testid="guest-hibernated">
          Hibernated: its memory is saved to disk. Resume starts it where it left off.
        </Text>
      )}
      {stale && (
        <Alert color="gray" variant="light" py={6} data-testid="guest-stale">
          The cluster is offline: these are the last values seen, not the live state.
        </Alert>
      )}
      {nodeOffline && !stale && (
        <Alert color="red" variant="light" py={6}>
          Node {guest.node} is offline: this guest&apos;s state is unknown and it cannot be
          controlled.
        </Alert>
      )}
    </>
  );
  const tabs: DetailTab[] = [
    ...(guest.template
      ? []
      : [
          {
            value: 'snapshots',
            label: 'Snapshots',
            icon: <IconCamera size={14} />,
            content: <SnapshotsPanel profileId={profileId} guest={guest} />,
          },
        ]),
    {
      value: 'backups',
      label: 'Backups',
      icon: <IconArchive size={14} />,
      content: <BackupsPanel profileId={profileId} guest={guest} />,
    },
    {
      value: 'options',
      label: 'Options',
      icon: <IconAdjustments size={14} />,
      content: <ConfigPanel profileId={profileId} guest={guest} />,
    },
  ];
  return (
    <DetailLayout
      testId="guest-detail"
      tabs={tabs}
      header={header}
      notices={notices}
      live={guest.template ? null : <LiveLineOf source={live} />}
      charts={<StatsCharts target={target} charts={charts} live={live} />}
      facts={
        <>
          <GuestFacts guest={guest} />
          <GuestAddresses profileId={profileId} guest={guest} />
        </>
      }
    />
  );
}
