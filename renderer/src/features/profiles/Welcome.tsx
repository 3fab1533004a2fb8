import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { IconPlus, IconRocket } from '@tabler/icons-react';
import { useState } from 'react';
import { useController } from '../../store/hooks';
import { useAppInfo } from '../../store/useAppInfo';
import { describeError } from '../../ui/describeError';
import { secretsNote } from './secretsNote';
import { useDemoOffers } from './useDemoOffers';

/** First run: no profiles yet. Where the host offers several demos, one click adds them all. */
export function Welcome({ onAddProfile }: { onAddProfile(): void }) {
  const controller = useController();
  const secrets = secretsNote(useAppInfo());
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const offers = useDemoOffers();
  const several = (offers?.length ?? 0) > 1;

  const exploreDemo = async () => {
    setStarting(true);
    setError(null);
    try {
      const [profile] = several
        ? await controller.api.invoke('demos.add', {})
        : [await controller.api.invoke('profiles.addDemo', undefined)];
      if (profile) controller.open({ kind: 'profile', profileId: profile.id });
    } catch (err) {
      setError(describeError(err));
    } finally {
      setStarting(false);
    }
  };

  return (
    <Center h="100%" p="xl">
      <Stack align="center" gap="md" maw={480} ta="center">
        <Title order={2}>Welcome to Deckhand</Title>
        <Text c="dimmed">
          A quick, safe client for Proxmox VE. Explore{' '}
          {several ? 'a simulated cluster and a standalone node' : 'a simulated cluster'} first, or
          connect to your own.
        </Text>
        {secrets && (
          <Text c="dimmed" size="sm" data-testid="welcome-secrets">
            {secrets}
          </Text>
        )}
        <Stack gap="xs" w="100%" maw={320}>
          <Button
            leftSection={<IconRocket size={16} />}
            loading={starting}
            // Until the host says which demos it has, a click would not know what to add.
            disabled={offers === undefined || offers.length === 0}
            onClick={() => void exploreDemo()}
          >
            {several ? 'Explore the demos' : 'Explore the Demo cluster'}
          </Button>
          {several && (
            <Stack gap={2} data-testid="welcome-demos" ta="left" px={4} pb={4}>
              {offers?.map((o) => (
                <Text key={o.id} size="xs" c="dimmed">
                  <Text span fw={600} inherit>
                    {o.name}
                  </Text>
                  {o.description ? `: ${o.description}` : ''}
                </Text>
              ))}
            </Stack>
          )}
          <Button variant="default" leftSection={<IconPlus size={16} />} onClick={onAddProfile}>
            Add your Proxmox VE cluster
          </Button>
        </Stack>
        {error && (
          <Text c="red" size="sm" role="alert">
            {error}
          </Text>
        )}
      </Stack>
    </Center>
  );
}
