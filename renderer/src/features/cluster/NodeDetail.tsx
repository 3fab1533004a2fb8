// The detail pane of one node: header (status, shell, journal), the live line (its status every
// second while open), history charts, and the summary: versions, CPU, load, memory, swap, root fs,
// uptime and its services.

import { Alert, Badge, Button, Group, Text, Title } from '@mantine/core';
import { IconDatabase, IconFileText, IconServer, IconTerminal2 } from '@tabler/icons-react';
import { useMemo } from 'react';
import { formatBytes, formatUptime } from '../../../../shared/format';
import type { NodeLiveStats, StatsTarget } from '../../../../shared/stats';
import { useIsStale, useNodeGuestCounts, useResource } from '../../store/hooks';
import type { GuestCounts } from '../../store/resources';
import { ProfileNameChip } from '../../ui/ProfileChip';
import { nodeStatusColor } from '../../ui/status';
import { useConsoles } from '../console/ConsoleContext';
import { nodeShellTarget } from '../console/consoleTargets';
import { StoragePanel } from '../backups/StoragePanel';
import { openLog } from '../logs/openLog';
import { NodeCreateButtons } from '../create/NodeCreateButtons';
import { NODE_CHARTS } from '../stats/chartDefs';
import { DetailLayout, FactGroup, FactRow } from '../stats/DetailLayout';
import { NodeLiveLine } from '../stats/LiveLine';
import type { LiveStatsSource } from '../stats/liveSource';
import { NodeServices } from '../stats/NodeServices';
import { StatsCharts } from '../stats/StatsCharts';
import { useLiveSnapshot, useLiveStatsSource } from '../stats/useSources';

const detailCounts = (c: GuestCounts | undefined): string =>
  c ? `${c.running} running of ${c.total}` : 'none';

const usage = (u?: { used: number; total: number }): string =>
  u ? `${formatBytes(u.used)} of ${formatBytes(u.total)}` : '–';

function NodeLive({ source }: { source: LiveStatsSource | undefined }) {
  return <NodeLiveLine live={useLiveSnapshot(source)} />;
}

/** The summary facts, from the node's status as the watch reads it. */
function NodeSummary({
  source,
  counts,
  hastate,
  level,
}: {
  source: LiveStatsSource | undefined;
  counts: string;
  hastate: string | undefined;
  level: string | undefined;
}) {
  const snap = useLiveSnapshot(source);
  const s = snap.stats?.kind === 'node' ? (snap.stats as NodeLiveStats) : undefined;
  const ci = s?.cpuinfo;
  return (
    <>
      <FactGroup title="Summary">
        <FactRow label="PVE" testId="node-pve-version">
          {s?.pveVersion ?? '–'}
        </FactRow>
        <FactRow label="Kernel">{s?.kernel ?? '–'}</FactRow>
        <FactRow label="Uptime">{formatUptime(s?.uptime)}</FactRow>
        <FactRow label="Boot">{s?.bootMode ?? '–'}</FactRow>
        <FactRow label="Guests">{counts}</FactRow>
        <FactRow label="HA">{hastate ?? '–'}</FactRow>
        <FactRow label="Subscription">{level ? level : 'none'}</FactRow>
      </FactGroup>
      <FactGroup title="Hardware">
        <FactRow label="CPU" testId="node-cpu-model">
          {ci?.model ?? '–'}
        </FactRow>
        <FactRow label="Threads">
          {ci?.cpus !== undefined
            ? `${String(ci.cpus)} (${String(ci.sockets ?? '?')} socket${ci.sockets === 1 ? '' : 's'}, ${String(ci.cores ?? '?')} cores each)`
            : '–'}
        </FactRow>
        <FactRow label="Load">
          {s?.loadavg ? s.loadavg.map((l) => l.toFixed(2)).join(', ') : '–'}
        </FactRow>
        <FactRow label="Memory">{usage(s?.memory)}</FactRow>
        <FactRow label="Swap">{usage(s?.swap)}</FactRow>
        <FactRow label="Root fs">{usage(s?.rootfs)}</FactRow>
      </FactGroup>
    </>
  );
}

/** The detail pane of one node, live from deltas and its watch. */
export function NodeDetail({ profileId, node }: { profileId: string; node: string }) {
  const resource = useResource(profileId, `node/${node}`);
  const counts = useNodeGuestCounts(profileId, node, detailCounts);
  const n = resource?.type === 'node' ? resource : undefined;
  const status = n?.status ?? 'unknown';
  const online = status === 'online';
  const stale = useIsStale(profileId);
  const consoles = useConsoles();
  const target = useMemo((): StatsTarget => ({ profileId, node, kind: 'node' }), [profileId, node]);
  const live = useLiveStatsSource(target, online && !stale);
  const header = (
    <Group gap="sm" justify="space-between">
      <Group gap="sm">
        <IconServer size={26} aria-hidden />
        <Title order={3}>{node}</Title>
        <Text c="dimmed" size="sm">
          node
        </Text>
        <ProfileNameChip profileId={profileId} />
        <Badge color={nodeStatusColor(status)} variant="light" data-testid="node-status">
          {status}
        </Badge>
      </Group>
      <Group gap="xs">
        <Button
          size="compact-sm"
          variant="default"
          leftSection={<IconTerminal2 size={14} />}
          disabled={!online}
          onClick={() => void consoles.open(nodeShellTarget(profileId, node))}
        >
          Shell
        </Button>
        <Button
          size="compact-sm"
          variant="default"
          leftSection={<IconFileText size={14} />}
          disabled={!online}
          data-testid="node-journal"
          onClick={() => openLog({ kind: 'node-journal', profileId, node })}
        >
          Journal
        </Button>
        <NodeCreateButtons profileId={profileId} node={node} disabled={!online} />
      </Group>
    </Group>
  );
  return (
    <DetailLayout
      testId="node-detail"
      tabs={[
        {
          value: 'storage',
          label: 'Storage',
          icon: <IconDatabase size={14} />,
          content: <StoragePanel profileId={profileId} node={node} />,
        },
      ]}
      header={header}
      notices={
        !online && (
          <Alert color="red" variant="light" py={6}>
            Node {node} is {status}: its guests&apos; states are unknown until it is back.
          </Alert>
        )
      }
      live={online ? <NodeLive source={live} /> : null}
      charts={<StatsCharts target={target} charts={NODE_CHARTS} live={live} />}
      facts={
        <>
          <NodeSummary source={live} counts={counts} hastate={n?.hastate} level={n?.level} />
          {online && <NodeServices profileId={profileId} node={node} />}
        </>
      }
    />
  );
}
