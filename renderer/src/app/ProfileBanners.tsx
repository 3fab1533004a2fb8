// The banner above the detail: every profile that is offline or degraded, in one banner (a line
// each, with its fix and Retry) rather than a stack of banners, one per cluster. Past a few lines
// it folds: the first ones, then "and N more" to show the rest, and Retry all for the offline.

import { useState } from 'react';
import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import type { ConnectionState, ProfileInfo } from '../../../shared/model';
import { ProfileFixButton } from '../features/profiles/ProfileFixButton';
import { selectConnections, selectProfiles } from '../store/selectors';
import { useAppState, useController } from '../store/hooks';

interface Troubled {
  profile: ProfileInfo;
  state: ConnectionState;
}

function BannerLine({ profile, state }: Troubled) {
  const controller = useController();
  const offline = state.status === 'offline';
  const reason =
    state.reason ??
    (state.offlineNodes.length > 0 ? `Offline: ${state.offlineNodes.join(', ')}` : state.status);
  const prefix =
    state.errorKind === 'permission'
      ? `${profile.name}: you lack permission`
      : state.errorKind === 'tfa'
        ? profile.name
        : offline
          ? `${profile.name} is offline`
          : `${profile.name} is degraded`;
  return (
    <Group
      gap="sm"
      wrap="nowrap"
      justify="space-between"
      data-testid="profile-banner-line"
      data-status={state.status}
    >
      <Text size="sm">
        <b>{prefix}:</b> {reason}
      </Text>
      {!offline && state.via && <PreferHomeButton profileId={profile.id} home={homeName(state)} />}
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
  );
}

/** The node named before "is not answering" in a failover reason (core/trust/cluster-links.ts). */
function homeName(state: ConnectionState): string {
  return /^(\S+) is not answering;/.exec(state.reason ?? '')?.[1] ?? "the profile's server";
}

/** Failed over to another node: go back to the profile's own server, as the user asks. */
function PreferHomeButton({ profileId, home }: { profileId: string; home: string }) {
  const controller = useController();
  return (
    <Button
      size="compact-xs"
      variant="default"
      onClick={() =>
        void controller.api.invoke('session.preferNode', { profileId }).catch(() => undefined)
      }
    >
      Reconnect to {home}
    </Button>
  );
}

/** Lines shown before the banner folds the rest (a fourth line shows rather than "1 more"). */
const FOLD_AFTER = 3;

/** One banner for all profiles that are offline or degraded (e.g. a node is unreachable). */
export function ProfileBanners() {
  const profiles = useAppState(selectProfiles);
  const connections = useAppState(selectConnections);
  const troubled: Troubled[] = [];
  for (const profile of profiles ?? []) {
    const state = connections[profile.id];
    if (profile.disabled) continue; // the user's choice, not a trouble
    if (state && (state.status === 'offline' || state.status === 'degraded')) {
      troubled.push({ profile, state });
    }
  }
  const [expanded, setExpanded] = useState(false);
  const controller = useController();
  if (troubled.length === 0) return null;
  const anyOffline = troubled.some((t) => t.state.status === 'offline');
  const offline = troubled.filter((t) => t.state.status === 'offline');
  const folded = !expanded && troubled.length > FOLD_AFTER + 1;
  const shown = folded ? troubled.slice(0, FOLD_AFTER) : troubled;
  return (
    <Alert
      color={anyOffline ? 'red' : 'yellow'}
      variant="light"
      radius={0}
      py={4}
      data-testid="profile-banner"
      data-status={anyOffline ? 'offline' : 'degraded'}
    >
      <Stack gap={2}>
        {shown.map((t) => (
          <BannerLine key={t.profile.id} {...t} />
        ))}
        {troubled.length > FOLD_AFTER + 1 && (
          <Group gap="sm" wrap="nowrap" justify="space-between">
            <Anchor
              component="button"
              type="button"
              size="sm"
              data-testid="profile-banner-fold"
              onClick={() => setExpanded((e) => !e)}
            >
              {folded ? `and ${String(troubled.length - FOLD_AFTER)} more…` : 'Show fewer'}
            </Anchor>
            {offline.length > 1 && (
              <Button
                size="compact-xs"
                variant="default"
                onClick={() => {
                  for (const t of offline) void controller.reconnect(t.profile.id);
                }}
              >
                Retry all {offline.length} offline
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
