// The renderer's link to Deckhand's backend, as the user sees it: a banner while it is lost and
// reconnecting, and a full-window notice when the browser host refused this page's token.

import { Alert, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useSyncExternalStore } from 'react';
import type { BackendLink, BackendLinkState } from '../bridge/backendLink';
import { HOST_RESTARTED_MESSAGE } from '../bridge/wsBridge';

export function useBackendLinkState(link: BackendLink): BackendLinkState {
  return useSyncExternalStore(link.subscribe, link.getState, link.getState);
}

/** Shown while the renderer's link to the backend is down and reconnecting. */
export function BackendLinkBanner({ link }: { link: BackendLink }) {
  const state = useBackendLinkState(link);
  if (state.status !== 'lost') return null;
  return (
    <Alert
      color="red"
      variant="filled"
      radius={0}
      py={4}
      icon={<IconPlugConnectedX size={16} />}
      role="alert"
      data-testid="backend-lost"
    >
      Connection to Deckhand&apos;s backend lost. Reconnecting
      {state.attempt > 1 ? ` (attempt ${state.attempt})` : ''} <Loader size={10} color="white" />
    </Alert>
  );
}

/**
 * The whole window when the browser host refused this page's token: it restarted (every start
 * makes a new token), so nothing here can work again; the new URL it printed is the way back.
 */
export function HostRestarted() {
  return (
    <Center h="100dvh" p="xl" data-testid="host-restarted">
      <Stack align="center" gap="sm" maw={520} ta="center" role="alert">
        <IconPlugConnectedX size={40} color="var(--mantine-color-red-6)" aria-hidden />
        <Title order={3}>{HOST_RESTARTED_MESSAGE}</Title>
        <Text c="dimmed" size="sm">
          Every start of the browser host makes a new token, and this page still has the old one, so
          it stopped: nothing it showed is live. The terminal where the host runs shows the new URL.
        </Text>
      </Stack>
    </Center>
  );
}
