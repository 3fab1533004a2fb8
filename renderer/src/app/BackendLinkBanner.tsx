import { Alert, Loader } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useSyncExternalStore } from 'react';
import type { BackendLink } from '../bridge/backendLink';

/** Shown while the renderer's link to the backend is down and reconnecting. */
export function BackendLinkBanner({ link }: { link: BackendLink }) {
  const state = useSyncExternalStore(link.subscribe, link.getState, link.getState);
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
