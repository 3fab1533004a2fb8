import { Badge, Button, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconCloud, IconRefresh } from '@tabler/icons-react';
import { useCallback } from 'react';
import { useAppState, useController } from '../../app/AppContext';
import type { AppState } from '../../store/appState';
import { EMPTY_PROFILE_RESOURCES, selectProfileSummary } from '../../store/resources';
import { ProfileFixButton } from '../profiles/ProfileFixButton';
import { ProfileMenu } from '../profiles/ProfileMenu';
import { Field } from '../../ui/Field';
import { connectionStatusColor } from '../../ui/status';

/** The detail pane of a profile: who we are connected as, to what, and its health. */
export function ProfileOverview({ profileId }: { profileId: string }) {
  const controller = useController();
  const profile = useAppState(
    useCallback((s: AppState) => s.profiles?.find((p) => p.id === profileId), [profileId]),
  );
  const connection = useAppState(
    useCallback((s: AppState) => s.connections[profileId], [profileId]),
  );
  const counts = useAppState(
    useCallback(
      (s: AppState) => {
        const res = s.resources[profileId] ?? EMPTY_PROFILE_RESOURCES;
        if (res.seq < 0) return null;
        const sum = selectProfileSummary(profileId, res);
        const online = sum.nodes.filter((n) => n.status === 'online').length;
        return `${sum.nodes.length}|${online}|${sum.guestCount}|${sum.runningCount}`;
      },
      [profileId],
    ),
  );
  if (!profile) return null;
  const status = connection?.status ?? 'connecting';
  const [nodes, nodesOnline, guests, running] = (counts ?? '0|0|0|0').split('|');
  return (
    <Stack gap="md" data-testid="profile-detail">
      <Group gap="sm">
        <IconCloud size={26} aria-hidden />
        <Title order={3}>{profile.name}</Title>
        <Badge color={connectionStatusColor(status)} variant="light" data-testid="profile-status">
          {status}
        </Badge>
        {(status === 'offline' || status === 'degraded') && (
          <Button
            size="compact-sm"
            variant="default"
            leftSection={<IconRefresh size={14} />}
            onClick={() => void controller.reconnect(profileId)}
          >
            Retry
          </Button>
        )}
        <ProfileFixButton profile={profile} connection={connection} size="compact-sm" />
        <div style={{ flex: 1 }} />
        <ProfileMenu profile={profile} connection={connection} />
      </Group>
      {connection?.reason && (
        <Text size="sm" c={status === 'offline' ? 'red' : 'yellow'}>
          {connection.reason}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" verticalSpacing="sm">
        <Field label="URL">{profile.url}</Field>
        <Field label="Cluster">{connection?.clusterName ?? '–'}</Field>
        <Field label="Version">{connection?.version ? `PVE ${connection.version}` : '–'}</Field>
        <Field label="Logged in as">{connection?.identity ?? profile.username}</Field>
        <Field label="Nodes">{counts ? `${nodesOnline} online of ${nodes}` : '–'}</Field>
        <Field label="Guests">{counts ? `${running} running of ${guests}` : '–'}</Field>
        {profile.fingerprint && (
          <Field label="Pinned certificate">
            <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
              {profile.fingerprint}
            </Text>
          </Field>
        )}
      </SimpleGrid>
      {counts && guests === '0' && (
        <Text c="dimmed" size="sm">
          No guests yet. Guests created on the cluster appear here by themselves.
        </Text>
      )}
    </Stack>
  );
}
