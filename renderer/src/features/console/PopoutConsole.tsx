import { Center, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { describeError } from '../../ui/describeError';
import { useConsoleInfo, useConsoles } from './ConsoleContext';
import { ConsolePanel } from './ConsolePanel';

/** A pop-out window: one console, full window, taken over from the window that opened it. */
export function PopoutConsole({ consoleId }: { consoleId: string }) {
  const consoles = useConsoles();
  const info = useConsoleInfo(consoleId);
  const [attached, setAttached] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    consoles
      .attach(consoleId)
      .then(() => !cancelled && setAttached(true))
      .catch((err: unknown) => !cancelled && setError(describeError(err)));
    return () => {
      cancelled = true;
    };
  }, [consoles, consoleId]);

  useEffect(() => {
    if (info) document.title = `${info.title} · Deckhand`;
  }, [info]);

  if (info) {
    return (
      <div style={{ height: '100dvh', display: 'flex', flexDirection: 'column' }}>
        <ConsolePanel consoleId={consoleId} active popout />
      </div>
    );
  }
  return (
    <Center h="100dvh" data-testid="popout-message">
      <Stack align="center" gap="xs">
        {error || attached ? (
          <Text size="sm" c={error ? 'red' : 'dimmed'} role="alert">
            {error ? `This console could not be opened here: ${error}` : 'This console was closed.'}
          </Text>
        ) : (
          <>
            <Loader size="sm" />
            <Text size="sm" c="dimmed">
              Opening the console…
            </Text>
          </>
        )}
      </Stack>
    </Center>
  );
}
