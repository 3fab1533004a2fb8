// A profile's detail pane: who we are connected as, to what, its health and counts.

import { Badge, Button, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconCloud, IconRefresh, IconServer } from '@tabler/icons-react';
import {
  useBackendDown,
  useConnection,
  useController,
  useProfile,
  useProfileSummary,
} from '../../store/hooks';
import type { ProfileSummary } from '../../store/resources';
import { ProfileFixButton } from '../profiles/ProfileFixButton';
import { ProfileMenu } from '../profiles/ProfileMenu';
import { Field } from '../../ui/Field';
import { connectionStatusColor } from '../../ui/status';
import { BackupJobs } from '../backups/BackupJobs';
import { Fingerprint } from '../../ui/Fingerprint';

/** Node and guest counts as one string (one re-render per change): nodes|online|guests|running. */
function overviewCounts(sum: ProfileSummary | undefined): string | null {
  if (!sum) return null;
  const online = sum.nodes.filter((n) => n.status === 'online').length;
  return `${sum.nodes.length}|${online}|${sum.guestCount}|${sum.runningCount}`;
}

/** The detail pane of a profile: who we are connected as, to what, and its health. */
export function ProfileOverview({ profileId }: { profileId: string }) {
  const controller = useController();
  const profile = useProfile(profileId);
  const connection = useConnection(profileId);
  const counts = useProfileSummary(profileId, overviewCounts);
  const stale = useBackendDown();
  if (!profile) return null;
  const status = connection?.status ?? 'connecting';
  const connecting = status === 'connecting' && !stale;
  const [nodes, nodesOnline, guests, running] = (counts ?? '0|0|0|0').split('|');
  // A node in no cluster: no cluster name, no "1 online of 1" as if it were a cluster of one.
  const standalone = connection?.standalone === true;
  return (
    <Stack gap="md" data-testid="profile-detail">
      <Group gap="sm">
        {standalone ? <IconServer size={26} aria-hidden /> : <IconCloud size={26} aria-hidden />}
        <Title order={3}>{profile.name}</Title>
        <Badge
          color={stale ? 'gray' : connectionStatusColor(status)}
          variant="light"
          data-testid="profile-status"
        >
          {stale ? 'not live' : status}
        </Badge>
        {!stale && (status === 'offline' || status === 'degraded') && (
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
      {stale ? (
        <Text size="sm" c="dimmed" data-testid="profile-stale">
          Lost the connection to Deckhand&apos;s backend: this is the last known state.
        </Text>
      ) : connecting ? (
        <Group gap={6} data-testid="profile-connecting">
          <Loader size={12} />
          <Text size="sm" c="dimmed">
            Connecting…
          </Text>
        </Group>
      ) : (
        connection?.reason && (
          <Text size="sm" c={status === 'offline' ? 'red' : 'yellow'}>
            {connection.reason}
          </Text>
        )
      )}
      <SimpleGrid
        cols={{ base: 1, sm: 2, lg: 3 }}
        spacing="md"
        verticalSpacing="sm"
        style={{ opacity: stale ? 0.5 : undefined }}
      >
        <Field label="URL">{profile.url}</Field>
        <Field label="Cluster" testId="profile-cluster">
          {standalone ? 'None (standalone node)' : (connection?.clusterName ?? '–')}
        </Field>
        <Field label="Version" testId="profile-version">
          {connection?.version ? `PVE ${connection.version}` : '–'}
        </Field>
        <Field label="Logged in as">{connection?.identity ?? profile.username}</Field>
        {!standalone && (
          <Field label="Nodes">{counts ? `${nodesOnline} online of ${nodes}` : '–'}</Field>
        )}
        <Field label="Guests">{counts ? `${running} running of ${guests}` : '–'}</Field>
        {profile.fingerprint && (
          <Field label="Pinned certificate">
            <Fingerprint value={profile.fingerprint} />
          </Field>
        )}
      </SimpleGrid>
      {counts && guests === '0' && (
        <Text c="dimmed" size="sm">
          No guests yet. Guests created on the cluster appear here by themselves.
        </Text>
      )}
      {!stale && status !== 'offline' && !connecting && (
        // BackupJobs heads itself ("Backup jobs" with its refresh button): no second title here.
        <BackupJobs profileId={profileId} />
      )}
    </Stack>
  );
}
