import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { ProfileInfo } from '../../../../shared/model';
import { profileNameProblem } from '../../../../shared/profile-name';
import { useController } from '../../store/hooks';
import { describeError } from '../../ui/describeError';
import { DialogForm } from './DialogForm';

/** Give a profile another name; its connection carries on untouched. */
export function RenameProfileModal({
  profile,
  onClose,
}: {
  profile: ProfileInfo;
  onClose(): void;
}) {
  const { api } = useController();
  const [name, setName] = useState(profile.name);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const trimmed = name.trim();
    const problem = profileNameProblem(trimmed);
    if (problem) return setError(problem);
    if (trimmed === profile.name) return onClose();
    setSaving(true);
    setError(null);
    try {
      await api.invoke('profiles.update', { profileId: profile.id, name: trimmed });
      onClose();
    } catch (err) {
      setSaving(false);
      setError(describeError(err));
    }
  };

  return (
    <Modal opened onClose={onClose} title={`Rename ${profile.name}`} size="sm" centered>
      <DialogForm onSubmit={save}>
        <Stack gap="sm">
          <TextInput
            label="Name"
            description="Shown in the resource tree"
            data-autofocus
            maxLength={100}
            value={name}
            error={error}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setError(null);
            }}
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="subtle" size="xs" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" size="xs" loading={saving}>
              Rename
            </Button>
          </Group>
        </Stack>
      </DialogForm>
    </Modal>
  );
}
