// A profile's settings after it was added: colour, read-only, production, remembering its secret,
// whether Deckhand connects to it at all, its place in the list, and a copy of it.

import { Button, Checkbox, Divider, Group, Modal, Stack, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconCopy } from '@tabler/icons-react';
import { useState } from 'react';
import type { ProfileFlags, ProfileInfo } from '../../../../shared/model';
import { selectProfiles } from '../../store/selectors';
import { useAppState, useController } from '../../store/hooks';
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
  const profiles = useAppState(selectProfiles) ?? [];
  const [flags, setFlags] = useState<ProfileFlags>({
    ...(profile.color ? { color: profile.color } : {}),
    readOnly: profile.readOnly ?? false,
    production: profile.production ?? false,
    rememberSecret: profile.rememberSecret ?? true,
    disabled: profile.disabled ?? false,
  });
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const index = profiles.findIndex((p) => p.id === profile.id);

  const run = async (work: () => Promise<unknown>, close: boolean) => {
    setSaving(true);
    setError(null);
    try {
      await work();
      if (close) onClose();
      else setSaving(false);
    } catch (err) {
      setSaving(false);
      setError(describeError(err));
    }
  };
  const save = () =>
    run(() => api.invoke('profiles.update', { profileId: profile.id, ...flags }), true);
  const move = (delta: -1 | 1) => {
    const ids = profiles.map((p) => p.id);
    const to = index + delta;
    if (index < 0 || to < 0 || to >= ids.length) return;
    [ids[index], ids[to]] = [ids[to]!, ids[index]!];
    void run(() => api.invoke('profiles.reorder', { profileIds: ids }), false);
  };

  return (
    <Modal opened onClose={onClose} title={`Settings of ${profile.name}`} size="sm" centered>
      <DialogForm onSubmit={save}>
        <Stack gap="sm">
          <ProfileFlagsFields value={flags} onChange={setFlags} secretKind={profile.authMode} />
          <Checkbox
            label="Connect to this cluster"
            description="Off: Deckhand keeps the profile but neither connects nor shows its guests"
            checked={!flags.disabled}
            onChange={(e) => setFlags({ ...flags, disabled: !e.currentTarget.checked })}
          />
          <Divider />
          <Group gap="xs" justify="space-between">
            <Group gap={4}>
              <Text size="xs" c="dimmed" mr={4}>
                Place in the tree
              </Text>
              <Button
                size="compact-xs"
                variant="default"
                leftSection={<IconArrowUp size={12} />}
                disabled={saving || index <= 0}
                onClick={() => move(-1)}
              >
                Up
              </Button>
              <Button
                size="compact-xs"
                variant="default"
                leftSection={<IconArrowDown size={12} />}
                disabled={saving || index < 0 || index >= profiles.length - 1}
                onClick={() => move(1)}
              >
                Down
              </Button>
            </Group>
            {!profile.isDemo && (
              <Button
                size="compact-xs"
                variant="default"
                leftSection={<IconCopy size={12} />}
                disabled={saving}
                onClick={() =>
                  void run(() => api.invoke('profiles.duplicate', { profileId: profile.id }), true)
                }
              >
                Duplicate
              </Button>
            )}
          </Group>
          {error && (
            <Text size="xs" c="red" data-testid="profile-settings-error">
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
