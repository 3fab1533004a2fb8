import { Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { describeError } from '../../ui/describeError';
import { useProfile } from '../../store/hooks';
import { DialogForm } from '../profiles/DialogForm';
import { useConsoles } from './ConsoleContext';
import { splitTokenUser } from './popout';

/**
 * Token profiles on servers that refuse token consoles: a password login used for consoles only,
 * kept in main's memory for this session.
 */
export function ConsoleLoginModal({
  opened,
  profileId,
  onClose,
  onLoggedIn,
}: {
  opened: boolean;
  profileId: string;
  onClose(): void;
  onLoggedIn(): void;
}) {
  const consoles = useConsoles();
  const profile = useProfile(profileId);
  const [username, setUsername] = useState('');
  const [realm, setRealm] = useState('pam');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Whether the user changed the user name or realm since the dialog opened.
  const [edited, setEdited] = useState(false);

  // Each opening starts afresh.
  useEffect(() => {
    if (!opened) return;
    setPassword('');
    setError(null);
    setBusy(false);
    setEdited(false);
  }, [opened]);

  // Prefilled from the token's user, also when the profile comes or changes while the dialog is
  // open; never over what the user typed, and never touching the password typed meanwhile.
  useEffect(() => {
    if (!opened || edited) return;
    const defaults = splitTokenUser(profile?.username ?? '');
    setUsername(defaults.username);
    setRealm(profile?.realm ?? defaults.realm);
  }, [opened, edited, profile?.username, profile?.realm]);

  const submit = async () => {
    if (!username.trim() || !realm.trim() || !password) return setError('Fill in all three fields');
    setBusy(true);
    setError(null);
    try {
      await consoles.login({ profileId, username: username.trim(), realm: realm.trim(), password });
      setPassword('');
      onLoggedIn();
    } catch (err) {
      setBusy(false);
      setError(describeError(err));
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Log in for consoles" size="sm" centered>
      <DialogForm onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm">
            This server does not open consoles for an API token. Log in with a password to use
            consoles; it is kept in memory for this session only and never saved.
          </Text>
          <TextInput
            label="User name"
            value={username}
            onChange={(e) => {
              setUsername(e.currentTarget.value);
              setEdited(true);
            }}
          />
          <TextInput
            label="Realm"
            value={realm}
            onChange={(e) => {
              setRealm(e.currentTarget.value);
              setEdited(true);
            }}
          />
          <PasswordInput
            label="Password"
            data-autofocus
            value={password}
            error={error}
            onChange={(e) => {
              setPassword(e.currentTarget.value);
              setError(null);
            }}
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="subtle" size="xs" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" size="xs" loading={busy}>
              Log in
            </Button>
          </Group>
        </Stack>
      </DialogForm>
    </Modal>
  );
}
