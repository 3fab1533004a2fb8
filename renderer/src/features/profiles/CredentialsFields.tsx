// The credentials fields both profile dialogs share: password or API token. Browsers must not
// remember what is typed here (Deckhand keeps secrets itself), so autofill is off.

import { Group, PasswordInput, SegmentedControl, Select, TextInput } from '@mantine/core';
import type { CredentialsErrors, CredentialsForm } from './profileForm';

export interface RealmOption {
  value: string;
  label: string;
}

/** The realms every PVE cluster has, offered until the cluster has told us its own. */
export const FALLBACK_REALMS: RealmOption[] = [
  { value: 'pam', label: 'Linux PAM (pam)' },
  { value: 'pve', label: 'Proxmox VE (pve)' },
];

/**
 * The auth mode switch and the fields of either mode: user name, realm and password, or token ID
 * and secret. `testIdPrefix` names the secret fields (`profile-password`, `credentials-secret`…).
 */
export function CredentialsFields({
  form,
  errors,
  realms,
  onChange,
  testIdPrefix,
  autoFocusSecret = false,
}: {
  form: CredentialsForm;
  errors: CredentialsErrors;
  realms: RealmOption[];
  onChange<K extends keyof CredentialsForm>(key: K, value: CredentialsForm[K]): void;
  testIdPrefix: string;
  /** Focus the password or secret field when the dialog opens. */
  autoFocusSecret?: boolean;
}) {
  const autofocus = autoFocusSecret ? { 'data-autofocus': true } : {};
  return (
    <>
      <SegmentedControl
        size="xs"
        value={form.mode}
        onChange={(v) => onChange('mode', v === 'token' ? 'token' : 'password')}
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
              onChange={(e) => onChange('username', e.currentTarget.value)}
              autoComplete="off"
            />
            <Select
              label="Realm"
              required
              data={realms}
              value={form.realm}
              error={errors.realm}
              onChange={(v) => onChange('realm', v ?? '')}
              allowDeselect={false}
            />
          </Group>
          <PasswordInput
            label="Password"
            data-testid={`${testIdPrefix}-password`}
            required
            {...autofocus}
            value={form.password}
            error={errors.password}
            onChange={(e) => onChange('password', e.currentTarget.value)}
            autoComplete="new-password"
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
            onChange={(e) => onChange('tokenId', e.currentTarget.value)}
            autoComplete="off"
          />
          <PasswordInput
            label="Secret"
            data-testid={`${testIdPrefix}-secret`}
            required
            {...autofocus}
            value={form.secret}
            error={errors.secret}
            onChange={(e) => onChange('secret', e.currentTarget.value)}
            autoComplete="new-password"
          />
        </>
      )}
    </>
  );
}
