import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { IconPlus, IconRocket } from '@tabler/icons-react';
import { useState } from 'react';
import { useController } from '../../store/hooks';
import { useAppInfo } from '../../store/useAppInfo';
import { describeError } from '../../ui/describeError';
import { secretsNote } from './secretsNote';

/** First run: no profiles yet. */
export function Welcome({ onAddProfile }: { onAddProfile(): void }) {
  const controller = useController();
  const secrets = secretsNote(useAppInfo());
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const exploreDemo = async () => {
    setStarting(true);
    setError(null);
    try {
      const profile = await controller.api.invoke('profiles.addDemo', undefined);
      controller.open({ kind: 'profile', profileId: profile.id });
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
          A quick, safe client for Proxmox VE. Explore a simulated cluster first, or connect to your
          own.
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
            onClick={() => void exploreDemo()}
          >
            Explore the Demo cluster
          </Button>
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
