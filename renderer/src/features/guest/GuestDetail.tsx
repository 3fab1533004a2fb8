import { Alert, Badge, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconHeartbeat, IconLock } from '@tabler/icons-react';
import { useCallback } from 'react';
import { formatBytes, formatUptime, usageFraction } from '../../../../shared/format';
import { isGuest, type GuestResource } from '../../../../shared/model';
import { useAppState, useIsStale, useResource } from '../../store/hooks';
import type { AppState } from '../../store/appState';
import { GuestIcon } from '../../ui/GuestIcon';
import { Field, UsageBar } from '../../ui/Field';
import { guestDisplayName, guestKindLabel, guestStatusColor } from '../../ui/status';
import { TagChips } from '../../ui/TagChips';
import { GuestConsoleMenu } from '../console/GuestConsoleMenu';
import { GuestActions } from './GuestActions';
import { isHibernated, isPaused } from './powerActions';
import { useCounterRates } from './useCounterRates';

function rate(bytesPerSecond: number | undefined): string {
  return bytesPerSecond === undefined ? '–' : `${formatBytes(bytesPerSecond)}/s`;
}

/** Its process runs (a paused VM still has its uptime, memory and counters). */
function isLive(guest: GuestResource): boolean {
  return guest.status === 'running' || isPaused(guest);
}

function cpuText(guest: GuestResource): string {
  if (!isLive(guest) || guest.cpu === undefined) return '–';
  const cpus = guest.maxcpu ?? 1;
  return `${(guest.cpu * 100).toFixed(1)}% of ${cpus} vCPU${cpus === 1 ? '' : 's'}`;
}

function GuestStats({ guest }: { guest: GuestResource }) {
  const running = isLive(guest);
  const memFraction = running ? usageFraction(guest.mem, guest.maxmem) : undefined;
  // qemu always reports 0 disk usage: show only the size.
  const diskKnown = guest.type === 'lxc' && running && guest.disk !== undefined;
  const rates = useCounterRates(guest);
  // In = traffic to the guest, out = from it (for qemu, netin is the tap's transmit side).
  const throughput = (a: string, b: string, x?: number, y?: number) =>
    !running ? '–' : rates ? `${a} ${rate(x)} · ${b} ${rate(y)}` : 'measuring…';
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" verticalSpacing="sm">
      <Field label="Uptime" testId="guest-uptime">
        {running ? formatUptime(guest.uptime) : '–'}
      </Field>
      <Field label="CPU">
        <UsageBar
          fraction={running && guest.cpu !== undefined ? Math.min(1, guest.cpu) : undefined}
          text={cpuText(guest)}
          label="CPU usage"
        />
      </Field>
      <Field label="Memory" testId="guest-memory">
        <UsageBar
          fraction={memFraction}
          text={
            running
              ? `${formatBytes(guest.mem)} of ${formatBytes(guest.maxmem)}`
              : `${formatBytes(guest.maxmem)}`
          }
          label="Memory usage"
        />
      </Field>
      <Field label="Disk">
        {diskKnown ? (
          <UsageBar
            fraction={usageFraction(guest.disk, guest.maxdisk)}
            text={`${formatBytes(guest.disk)} of ${formatBytes(guest.maxdisk)}`}
            label="Disk usage"
          />
        ) : (
          <Text size="sm">{formatBytes(guest.maxdisk)}</Text>
        )}
      </Field>
      <Field label="Network" testId="guest-network">
        {throughput('in', 'out', rates?.netin, rates?.netout)}
      </Field>
      <Field label="Disk I/O" testId="guest-disk-io">
        {throughput('read', 'write', rates?.diskread, rates?.diskwrite)}
      </Field>
      <Field label="Node">{guest.node}</Field>
      <Field label="Pool">{guest.pool ?? '–'}</Field>
      <Field label="Tags">{guest.tags.length > 0 ? <TagChips tags={guest.tags} /> : '–'}</Field>
      <Field label="Lock">
        {guest.lock ? (
          <Group gap={4}>
            <IconLock size={14} aria-hidden />
            {guest.lock}
          </Group>
        ) : (
          '–'
        )}
      </Field>
      <Field label="HA state">
        {guest.hastate ? (
          <Group gap={4}>
            <IconHeartbeat size={14} aria-hidden />
            {guest.hastate}
          </Group>
        ) : (
          'not managed'
        )}
      </Field>
    </SimpleGrid>
  );
}

/** The detail pane of one guest, live from deltas. */
export function GuestDetail({ profileId, id }: { profileId: string; id: string }) {
  const resource = useResource(profileId, id);
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
  if (!guest) {
    return (
      <Alert color="gray" title="Guest not found">
        This guest no longer exists on the cluster, or you cannot see it any more.
      </Alert>
    );
  }
  const name = guestDisplayName(guest);
  return (
    <Stack gap="md" data-testid="guest-detail">
      <Group gap="sm" wrap="nowrap" align="center">
        <GuestIcon guest={guest} size={26} />
        <Title order={3} style={{ lineHeight: 1.2 }}>
          {name}
        </Title>
        <Text c="dimmed" size="sm">
          {guestKindLabel(guest)}
          {guest.template ? ' · template' : ''}
        </Text>
        <Badge
          color={guestStatusColor(guest.status)}
          variant="light"
          data-testid="guest-status"
          data-status={guest.status}
        >
          {guest.status}
        </Badge>
      </Group>
      {guest.template ? (
        <Text size="sm" c="dimmed">
          Templates do not run; clone one to make a guest.
        </Text>
      ) : (
        <Group gap="md" align="center">
          <GuestActions
            profileId={profileId}
            guest={guest}
            nodeOffline={nodeOffline}
            clusterOffline={stale}
          />
          <GuestConsoleMenu profileId={profileId} guest={guest} />
        </Group>
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
      <GuestStats guest={guest} />
    </Stack>
  );
}
