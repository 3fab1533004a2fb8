import { Center, Stack, Text } from '@mantine/core';
import { IconPointer } from '@tabler/icons-react';
import { ProfileOverview } from '../features/cluster/ProfileOverview';
import { NodeDetail } from '../features/cluster/NodeDetail';
import { GuestDetail } from '../features/guest/GuestDetail';
import { selectOpened } from '../store/selectors';
import { useAppState } from '../store/hooks';

/** The right side: whatever the tree opened. */
export function DetailPane() {
  const opened = useAppState(selectOpened);
  if (!opened) {
    return (
      <Center h="100%" data-testid="no-selection">
        <Stack align="center" gap={4}>
          <IconPointer size={28} color="var(--mantine-color-dimmed)" aria-hidden />
          <Text c="dimmed" size="sm">
            Select a guest or node in the tree to see its details.
          </Text>
        </Stack>
      </Center>
    );
  }
  switch (opened.kind) {
    case 'profile':
      return <ProfileOverview key={opened.profileId} profileId={opened.profileId} />;
    case 'node':
      return (
        <NodeDetail
          key={`${opened.profileId}|${opened.node}`}
          profileId={opened.profileId}
          node={opened.node}
        />
      );
    case 'guest':
      return (
        <GuestDetail
          key={`${opened.profileId}|${opened.id}`}
          profileId={opened.profileId}
          id={opened.id}
        />
      );
  }
}
