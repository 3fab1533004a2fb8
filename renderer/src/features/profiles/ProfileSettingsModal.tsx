// A profile's colour, read-only and production marks, changed after it was added.

import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { ProfileFlags, ProfileInfo } from '../../../../shared/model';
import { useController } from '../../store/hooks';
import { describeError } from '../../ui/describeError';
import { DialogForm } from './DialogForm';
import { ProfileFlagsFields } from './ProfileFlagsFields';

export function ProfileSettingsModal({
  profile,
  onClose,
}: {
  profile: ProfileInfo;
  onClose(): void;
}) {
  const { api } = useController();
  const [flags, setFlags] = useState<ProfileFlags>({
    ...(profile.color ? { color: profile.color } : {}),
    readOnly: profile.readOnly ?? false,
    production: profile.production ?? false,
  });
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await api.invoke('profiles.update', { profileId: profile.id, ...flags });
      onClose();
    } catch (err) {
      setSaving(false);
      setError(describeError(err));
    }
  };

  return (
    <Modal opened onClose={onClose} title={`Settings of ${profile.name}`} size="sm" centered>
      <DialogForm onSubmit={save}>
        <Stack gap="sm">
          <ProfileFlagsFields value={flags} onChange={setFlags} />
          {error && (
            <Text size="xs" c="red">
              {error}
            </Text>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="subtle" size="xs" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" size="xs" loading={saving}>
              Save
            </Button>
          </Group>
        </Stack>
      </DialogForm>
    </Modal>
  );
}
