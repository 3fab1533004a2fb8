// In Add cluster: the built-in demos that have no profile now (removed since, or never added),
// each one click away, so a removed demo comes back alone without the first-run screen.

import { Button, Group, Text } from '@mantine/core';
import { IconRocket } from '@tabler/icons-react';
import { useState } from 'react';
import { useController } from '../../store/hooks';
import { describeError } from '../../ui/describeError';
import { useMissingDemos } from './useDemoOffers';

export function DemoShortcut({ onAdded }: { onAdded(): void }) {
  const controller = useController();
  const missing = useMissingDemos();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (missing.length === 0) return null;

  const add = async (id: string) => {
    setBusy(id);
    setError(null);
    try {
      const [profile] = await controller.api.invoke('demos.add', { demos: [id] });
      if (profile) controller.open({ kind: 'profile', profileId: profile.id });
      onAdded();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Group gap={6} wrap="wrap" data-testid="demo-shortcut">
      <Text size="sm" c="dimmed">
        Or explore a demo:
      </Text>
      {missing.map((o) => (
        <Button
          key={o.id}
          size="compact-sm"
          variant="light"
          leftSection={<IconRocket size={14} />}
          loading={busy === o.id}
          disabled={busy !== null && busy !== o.id}
          title={o.description}
          onClick={() => void add(o.id)}
        >
          {o.name}
        </Button>
      ))}
      {error && (
        <Text size="sm" c="red" role="alert" w="100%">
          {error}
        </Text>
      )}
    </Group>
  );
}
