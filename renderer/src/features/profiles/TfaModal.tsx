// The second-factor dialog: a profile's login answered NeedTFA, so ask for a 6-digit TOTP code
// (or, on request, a recovery key) and hand it to core once. A refused code shows at the field.

import { Anchor, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { DeckhandError } from '../../../../shared/errors';
import type { ProfileInfo } from '../../../../shared/model';
import { RECOVERY_KEY_RE, TOTP_CODE_RE, type TfaKind } from '../../../../shared/tfa';
import { useConnection, useController } from '../../store/hooks';
import { describeError } from '../../ui/describeError';

export function TfaModal({ profile, onClose }: { profile: ProfileInfo; onClose(): void }) {
  const { api } = useController();
  const connection = useConnection(profile.id);
  const options = connection?.tfa ?? { totp: true, recovery: 0 };
  const [kind, setKind] = useState<TfaKind>(options.totp ? 'totp' : 'recovery');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const user =
    connection?.identity ??
    (profile.realm && !profile.username.includes('@')
      ? `${profile.username}@${profile.realm}`
      : profile.username);

  const switchTo = (next: TfaKind) => {
    setKind(next);
    setCode('');
    setError(null);
  };

  const submit = async () => {
    const value = kind === 'totp' ? code.replace(/\s+/g, '') : code.trim();
    if (kind === 'totp' && !TOTP_CODE_RE.test(value)) return setError('Enter the 6 digits');
    if (kind === 'recovery' && !RECOVERY_KEY_RE.test(value)) {
      return setError('A recovery key looks like 1a2b-3c4d-5e6f-7a8b');
    }
    setSending(true);
    setError(null);
    try {
      await api.invoke('session.answerTfa', { profileId: profile.id, kind, code: value });
      onClose();
    } catch (err) {
      setSending(false);
      setError(err instanceof DeckhandError ? err.message : describeError(err));
    }
  };

  const totp = kind === 'totp';
  return (
    <Modal opened onClose={onClose} title={`Two-factor login: ${profile.name}`} size="sm" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm" data-testid="tfa-dialog">
          <Text size="sm" c="dimmed">
            {totp
              ? `Enter the code your authenticator app shows for ${user}.`
              : `Enter one of the recovery keys of ${user}. Each key works only once.`}
          </Text>
          <TextInput
            key={kind}
            label={totp ? 'TOTP code' : 'Recovery key'}
            placeholder={totp ? '123456' : 'xxxx-xxxx-xxxx-xxxx'}
            value={code}
            onChange={(e) => {
              setCode(e.currentTarget.value);
              setError(null);
            }}
            error={error}
            autoFocus
            autoComplete="one-time-code"
            inputMode={totp ? 'numeric' : 'text'}
            maxLength={totp ? 7 : 19}
            styles={totp ? { input: { letterSpacing: '0.3em', fontFamily: 'monospace' } } : {}}
            data-testid="tfa-code"
          />
          <Group justify="space-between" gap="xs" mt="xs" wrap="nowrap">
            {totp && options.recovery > 0 ? (
              <Anchor
                component="button"
                type="button"
                size="xs"
                onClick={() => switchTo('recovery')}
                data-testid="tfa-use-recovery"
              >
                Use a recovery key ({options.recovery} left)
              </Anchor>
            ) : !totp && options.totp ? (
              <Anchor component="button" type="button" size="xs" onClick={() => switchTo('totp')}>
                Use a TOTP code
              </Anchor>
            ) : (
              <span />
            )}
            <Group gap="xs" wrap="nowrap">
              <Button variant="subtle" size="xs" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" size="xs" loading={sending} data-testid="tfa-submit">
                Log in
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
