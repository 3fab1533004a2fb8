import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { DeckhandError } from '../../../../shared/errors';
import type { ProfileInfo } from '../../../../shared/model';
import { useController } from '../../store/hooks';
import { useAppInfo } from '../../store/useAppInfo';
import { WeakSecretChoice } from './WeakSecretChoice';
import { describeError } from '../../ui/describeError';
import { CredentialsFields, FALLBACK_REALMS } from './CredentialsFields';
import { DialogForm } from './DialogForm';
import {
  secretField,
  toAuth,
  validateCredentials,
  type CredentialsErrors,
  type CredentialsForm,
} from './profileForm';
import { secretsNote } from './secretsNote';

function initialForm(profile: ProfileInfo): CredentialsForm {
  return profile.authMode === 'token'
    ? {
        mode: 'token',
        username: 'root',
        realm: 'pam',
        password: '',
        tokenId: profile.username,
        secret: '',
      }
    : {
        mode: 'password',
        username: profile.username,
        realm: profile.realm ?? 'pam',
        password: '',
        tokenId: '',
        secret: '',
      };
}

/**
 * Enter a profile's password or API token secret again: after a wrong password, or after a
 * restart of a host that keeps secrets in memory only. Core logs in with them before saving.
 */
export function EditCredentialsModal({
  profile,
  onClose,
}: {
  profile: ProfileInfo;
  onClose(): void;
}) {
  const { api } = useController();
  const appInfo = useAppInfo();
  const [form, setForm] = useState<CredentialsForm>(() => initialForm(profile));
  const [errors, setErrors] = useState<CredentialsErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const realms = [
    ...FALLBACK_REALMS,
    ...(profile.realm && profile.realm !== 'pam' && profile.realm !== 'pve'
      ? [{ value: profile.realm, label: profile.realm }]
      : []),
  ];

  const update = <K extends keyof CredentialsForm>(key: K, value: CredentialsForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const save = async () => {
    const fieldErrors = validateCredentials(form);
    if (Object.keys(fieldErrors).length > 0) return setErrors(fieldErrors);
    setSaving(true);
    setGeneral(null);
    try {
      await api.invoke('profiles.update', { profileId: profile.id, auth: toAuth(form) });
      onClose();
    } catch (err) {
      setSaving(false);
      if (err instanceof DeckhandError && err.kind === 'auth') {
        setErrors((e) => ({ ...e, [secretField(form.mode)]: 'Wrong credentials' }));
      }
      setGeneral(describeError(err));
    }
  };

  return (
    <Modal opened onClose={onClose} title={`Credentials for ${profile.name}`} size="md" centered>
      <DialogForm onSubmit={save}>
        <Stack gap="sm" data-testid="edit-credentials">
          <Text size="sm" c="dimmed" data-testid="credentials-secrets">
            Deckhand logs in with these before it saves them. {secretsNote(appInfo)}
          </Text>
          <WeakSecretChoice info={appInfo} />
          <CredentialsFields
            form={form}
            errors={errors}
            realms={realms}
            onChange={update}
            testIdPrefix="credentials"
            autoFocusSecret
          />
          {general && (
            <Alert color="red" variant="light" py={6} role="alert" data-testid="credentials-error">
              {general}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs" mt="xs">
            <Button variant="subtle" size="xs" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" size="xs" loading={saving}>
              Save and reconnect
            </Button>
          </Group>
        </Stack>
      </DialogForm>
    </Modal>
  );
}
