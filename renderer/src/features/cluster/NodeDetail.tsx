import { Alert, Badge, Button, Group, SimpleGrid, Stack, Title } from '@mantine/core';
import { IconServer, IconTerminal2 } from '@tabler/icons-react';
import { formatBytes, formatPercent, formatUptime, usageFraction } from '../../../../shared/format';
import { useNodeGuestCounts, useResource } from '../../store/hooks';
import type { GuestCounts } from '../../store/resources';
import { Field, UsageBar } from '../../ui/Field';
import { useConsoles } from '../console/ConsoleContext';
import { nodeShellTarget } from '../console/consoleTargets';
import { nodeStatusColor } from '../../ui/status';

const detailCounts = (c: GuestCounts | undefined): string =>
  c ? `${c.running} running of ${c.total}` : 'none';

/** The detail pane of one node, live from deltas. */
export function NodeDetail({ profileId, node }: { profileId: string; node: string }) {
  const resource = useResource(profileId, `node/${node}`);
  const counts = useNodeGuestCounts(profileId, node, detailCounts);
  const n = resource?.type === 'node' ? resource : undefined;
  const status = n?.status ?? 'unknown';
  const online = status === 'online';
  const consoles = useConsoles();
  return (
    <Stack gap="md" data-testid="node-detail">
      <Group gap="sm">
        <IconServer size={26} aria-hidden />
        <Title order={3}>{node}</Title>
        <Badge color={nodeStatusColor(status)} variant="light" data-testid="node-status">
          {status}
        </Badge>
        <Button
          size="compact-sm"
          variant="default"
          leftSection={<IconTerminal2 size={14} />}
          disabled={!online}
          onClick={() => void consoles.open(nodeShellTarget(profileId, node))}
        >
          Shell
        </Button>
      </Group>
      {!online && (
        <Alert color="red" variant="light" py={6}>
          Node {node} is {status}: its guests&apos; states are unknown until it is back.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" verticalSpacing="sm">
        <Field label="Uptime">{online ? formatUptime(n?.uptime) : '–'}</Field>
        <Field label="CPU">
          <UsageBar
            fraction={online ? n?.cpu : undefined}
            text={online ? `${formatPercent(n?.cpu)} of ${n?.maxcpu ?? '?'} CPUs` : '–'}
            label="CPU usage"
          />
        </Field>
        <Field label="Memory">
          <UsageBar
            fraction={online ? usageFraction(n?.mem, n?.maxmem) : undefined}
            text={online ? `${formatBytes(n?.mem)} of ${formatBytes(n?.maxmem)}` : '–'}
            label="Memory usage"
          />
        </Field>
        <Field label="Root disk">
          <UsageBar
            fraction={online ? usageFraction(n?.disk, n?.maxdisk) : undefined}
            text={online ? `${formatBytes(n?.disk)} of ${formatBytes(n?.maxdisk)}` : '–'}
            label="Disk usage"
          />
        </Field>
        <Field label="Guests">{counts}</Field>
        <Field label="HA">{n?.hastate ?? '–'}</Field>
        <Field label="Subscription">{n?.level ? n.level : 'none'}</Field>
      </SimpleGrid>
    </Stack>
  );
}
