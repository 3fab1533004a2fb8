import {
  Alert,
  Button,
  Group,
  Modal,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { DeckhandError } from '../../../../shared/errors';
import type { AuthMode, ProfileAuthInput, ProfileInfo } from '../../../../shared/model';
import { useController } from '../../app/AppContext';
import { describeError } from '../../app/describeError';
import { TOKEN_ID_RE, splitUser } from './profileForm';

interface CredentialsForm {
  mode: AuthMode;
  username: string;
  realm: string;
  password: string;
  tokenId: string;
  secret: string;
}

type CredentialsErrors = Partial<Record<keyof CredentialsForm, string>>;

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

function validate(form: CredentialsForm): CredentialsErrors {
  const errors: CredentialsErrors = {};
  if (form.mode === 'password') {
    const { user, realm } = splitUser(form.username.trim(), form.realm);
    if (!user) errors.username = 'Enter a user name';
    if (!realm) errors.realm = 'Choose a realm';
    if (!form.password) errors.password = 'Enter the password';
  } else {
    if (!TOKEN_ID_RE.test(form.tokenId.trim()))
      errors.tokenId = 'Token ID looks like user@realm!name';
    if (!form.secret.trim()) errors.secret = 'Enter the token secret';
  }
  return errors;
}

function toAuth(form: CredentialsForm): ProfileAuthInput {
  if (form.mode === 'token') {
    return { mode: 'token', tokenId: form.tokenId.trim(), secret: form.secret.trim() };
  }
  const { user, realm } = splitUser(form.username.trim(), form.realm);
  return { mode: 'password', username: user, realm, password: form.password };
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
  const [form, setForm] = useState<CredentialsForm>(() => initialForm(profile));
  const [errors, setErrors] = useState<CredentialsErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const realms = [
    { value: 'pam', label: 'Linux PAM (pam)' },
    { value: 'pve', label: 'Proxmox VE (pve)' },
    ...(profile.realm && profile.realm !== 'pam' && profile.realm !== 'pve'
      ? [{ value: profile.realm, label: profile.realm }]
      : []),
  ];

  const update = <K extends keyof CredentialsForm>(key: K, value: CredentialsForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const save = async () => {
    const fieldErrors = validate(form);
    if (Object.keys(fieldErrors).length > 0) return setErrors(fieldErrors);
    setSaving(true);
    setGeneral(null);
    try {
      await api.invoke('profiles.update', { profileId: profile.id, auth: toAuth(form) });
      onClose();
    } catch (err) {
      setSaving(false);
      if (err instanceof DeckhandError && err.kind === 'auth') {
        setErrors((e) => ({
          ...e,
          [form.mode === 'password' ? 'password' : 'secret']: 'Wrong credentials',
        }));
      }
      setGeneral(describeError(err));
    }
  };

  return (
    <Modal opened onClose={onClose} title={`Credentials for ${profile.name}`} size="md" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack gap="sm" data-testid="edit-credentials">
          <Text size="sm" c="dimmed">
            Deckhand logs in with these before it saves them; they stay in its encrypted store.
          </Text>
          <SegmentedControl
            size="xs"
            value={form.mode}
            onChange={(v) => update('mode', v === 'token' ? 'token' : 'password')}
            data={[
              { value: 'password', label: 'Password' },
              { value: 'token', label: 'API token' },
            ]}
            aria-label="Authentication"
          />
          {form.mode === 'password' ? (
            <>
              <Group grow align="flex-start">
                <TextInput
                  label="User name"
                  required
                  value={form.username}
                  error={errors.username}
                  onChange={(e) => update('username', e.currentTarget.value)}
                  autoComplete="username"
                />
                <Select
                  label="Realm"
                  required
                  data={realms}
                  value={form.realm}
                  error={errors.realm}
                  onChange={(v) => update('realm', v ?? '')}
                  allowDeselect={false}
                />
              </Group>
              <PasswordInput
                label="Password"
                data-testid="credentials-password"
                required
                data-autofocus
                value={form.password}
                error={errors.password}
                onChange={(e) => update('password', e.currentTarget.value)}
                autoComplete="current-password"
              />
            </>
          ) : (
            <>
              <TextInput
                label="Token ID"
                placeholder="user@realm!name"
                required
                value={form.tokenId}
                error={errors.tokenId}
                onChange={(e) => update('tokenId', e.currentTarget.value)}
              />
              <PasswordInput
                label="Secret"
                data-testid="credentials-secret"
                required
                data-autofocus
                value={form.secret}
                error={errors.secret}
                onChange={(e) => update('secret', e.currentTarget.value)}
              />
            </>
          )}
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
      </form>
    </Modal>
  );
}
