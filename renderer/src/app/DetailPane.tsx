// The right side: whatever the tree opened. A node's and a guest's views (charts, panels,
// dialogs) load on first use, so the window's first paint does not wait for their code.

import { Center, Loader, Stack, Text } from '@mantine/core';
import { IconPointer } from '@tabler/icons-react';
import { lazy, Suspense } from 'react';
import { ProfileOverview } from '../features/cluster/ProfileOverview';
import { selectOpened } from '../store/selectors';
import { useAppState } from '../store/hooks';

const NodeDetail = lazy(() =>
  import('../features/cluster/NodeDetail').then((m) => ({ default: m.NodeDetail })),
);
const GuestDetail = lazy(() =>
  import('../features/guest/GuestDetail').then((m) => ({ default: m.GuestDetail })),
);

function Loading() {
  return (
    <Center h="100%">
      <Loader size="sm" aria-label="loading" />
    </Center>
  );
}

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
        <Suspense fallback={<Loading />}>
          <NodeDetail
            key={`${opened.profileId}|${opened.node}`}
            profileId={opened.profileId}
            node={opened.node}
          />
        </Suspense>
      );
    case 'guest':
      return (
        <Suspense fallback={<Loading />}>
          <GuestDetail
            key={`${opened.profileId}|${opened.id}`}
            profileId={opened.profileId}
            id={opened.id}
          />
        </Suspense>
      );
  }
}
