import { Alert, Button, Group, Text } from '@mantine/core';
import type { ConnectionState, ProfileInfo } from '../../../shared/model';
import { ProfileFixButton } from '../features/profiles/ProfileFixButton';
import { selectConnections, selectProfiles } from '../store/selectors';
import { useAppState, useController } from '../store/hooks';

function Banner({ profile, state }: { profile: ProfileInfo; state: ConnectionState }) {
  const controller = useController();
  const offline = state.status === 'offline';
  const reason =
    state.reason ??
    (state.offlineNodes.length > 0 ? `Offline: ${state.offlineNodes.join(', ')}` : state.status);
  const prefix =
    state.errorKind === 'permission'
      ? 'You lack permission'
      : offline
        ? `${profile.name} is offline`
        : `${profile.name} is degraded`;
  return (
    <Alert
      color={offline ? 'red' : 'yellow'}
      variant="light"
      radius={0}
      py={4}
      data-testid="profile-banner"
      data-status={state.status}
    >
      <Group gap="sm" wrap="nowrap" justify="space-between">
        <Text size="sm">
          <b>{prefix}:</b> {reason}
        </Text>
        {offline && (
          <Group gap="xs" wrap="nowrap">
            <ProfileFixButton profile={profile} connection={state} size="compact-xs" />
            <Button
              size="compact-xs"
              variant="default"
              onClick={() => void controller.reconnect(profile.id)}
            >
              Retry
            </Button>
          </Group>
        )}
      </Group>
    </Alert>
  );
}

/** One banner per profile that is offline or degraded (e.g. a node is unreachable). */
export function ProfileBanners() {
  const profiles = useAppState(selectProfiles);
  const connections = useAppState(selectConnections);
  return (
    <>
      {(profiles ?? []).map((p) => {
        const state = connections[p.id];
        if (!state || (state.status !== 'offline' && state.status !== 'degraded')) return null;
        return <Banner key={p.id} profile={p} state={state} />;
      })}
    </>
  );
}
