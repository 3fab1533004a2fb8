import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { ProfileInfo } from '../../../../shared/model';
import { useController } from '../../store/hooks';
import { describeError } from '../../ui/describeError';

/** Asks before Deckhand forgets a profile; names it and says what goes and what stays. */
export function RemoveProfileModal({
  profile,
  onClose,
}: {
  profile: ProfileInfo;
  onClose(): void;
}) {
  const { api } = useController();
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState(false);

  const remove = async () => {
    setRemoving(true);
    setError(null);
    try {
      await api.invoke('profiles.remove', { profileId: profile.id });
      onClose();
    } catch (err) {
      setRemoving(false);
      setError(describeError(err));
    }
  };

  return (
    <Modal opened onClose={onClose} title={`Remove ${profile.name}?`} size="md" centered>
      <Stack gap="sm">
        <Text size="sm">
          Deckhand forgets {profile.name} ({profile.url}): its stored{' '}
          {profile.authMode === 'token' ? 'API token secret' : 'password'}
          {profile.fingerprint ? ' and pinned certificate' : ''}. Nothing changes on the cluster.
          {profile.isDemo
            ? ' This demo stops (any other demo keeps running); Add cluster offers it again.'
            : ''}
        </Text>
        {error && (
          <Alert color="red" variant="light" py={6} role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" size="xs" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" size="xs" loading={removing} onClick={() => void remove()}>
            Remove
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
