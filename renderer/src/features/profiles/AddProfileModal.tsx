import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { DeckhandError } from '../../../../shared/errors';
import type { ConnectionTestResult, ProbeResult, ProfileFlags } from '../../../../shared/model';
import { useController } from '../../store/hooks';
import { useAppInfo } from '../../store/useAppInfo';
import { WeakSecretChoice } from './WeakSecretChoice';
import { describeError } from '../../ui/describeError';
import { CertificateReview } from './CertificateReview';
import { CredentialsFields, FALLBACK_REALMS } from './CredentialsFields';
import { ProfileFlagsFields } from './ProfileFlagsFields';
import { DialogForm } from './DialogForm';
import { DemoShortcut } from './DemoShortcut';
import {
  EMPTY_PROFILE_FORM,
  fieldForParam,
  normalizeUrl,
  toProfileInput,
  validateProfileForm,
  validateUrl,
  type ProfileForm,
  type ProfileFormErrors,
} from './profileForm';

type Busy = 'probe' | 'test' | 'save' | null;

/** What the dialog says when the server refuses the login being added. */
function refusedText(mode: ProfileForm['mode']): string {
  return mode === 'password'
    ? 'The server refused this user name and password.'
    : 'The server refused this API token (check the token ID and secret).';
}

/** Fields whose change makes the last login's verdict stale. */
const CREDENTIAL_KEYS = new Set<keyof ProfileForm>([
  'mode',
  'username',
  'realm',
  'password',
  'tokenId',
  'secret',
]);

/** Turn an error into per-field messages and a general one, by what the user can fix. */
function explain(err: unknown, form: ProfileForm): { fields: ProfileFormErrors; general?: string } {
  if (!(err instanceof DeckhandError)) return { fields: {}, general: describeError(err) };
  switch (err.kind) {
    case 'auth':
      // Said once, in the words for adding: a refused login is neither wrong nor expired yet.
      if (err.status === 401) return { fields: {}, general: refusedText(form.mode) };
      return { fields: {}, general: describeError(err) };
    case 'network':
    case 'timeout':
    case 'unreachable':
      return { fields: { url: describeError(err) } };
    case 'validation': {
      const fields: ProfileFormErrors = {};
      const rest: string[] = [];
      for (const [param, text] of Object.entries(err.errors ?? {})) {
        const field = fieldForParam(param);
        if (field) fields[field] = text;
        else rest.push(`${param}: ${text}`);
      }
      const general = rest.length > 0 || Object.keys(fields).length === 0 ? err.message : undefined;
      return { fields, general };
    }
    default:
      return { fields: {}, general: describeError(err) };
  }
}

export function AddProfileModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const controller = useController();
  const { api } = controller;
  const [form, setForm] = useState<ProfileForm>(EMPTY_PROFILE_FORM);
  const [flags, setFlags] = useState<ProfileFlags>({});
  const [errors, setErrors] = useState<ProfileFormErrors>({});
  const [general, setGeneral] = useState<string | undefined>();
  const [probe, setProbe] = useState<ProbeResult | null>(null);
  const [approved, setApproved] = useState(false);
  const appInfo = useAppInfo();
  const [tested, setTested] = useState<ConnectionTestResult | null>(null);
  const [busy, setBusy] = useState<Busy>(null);

  const certificate = probe?.certificate;
  const fingerprint =
    certificate && !certificate.trusted && approved ? certificate.fingerprint : undefined;
  const certOk = !!certificate && (certificate.trusted || approved);

  const reset = () => {
    setForm(EMPTY_PROFILE_FORM);
    setErrors({});
    setGeneral(undefined);
    setProbe(null);
    setApproved(false);
    setTested(null);
    setBusy(null);
  };
  const close = () => {
    reset();
    onClose();
  };

  const update = <K extends keyof ProfileForm>(key: K, value: ProfileForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) =>
      key === 'mode'
        ? {
            ...e,
            username: undefined,
            realm: undefined,
            password: undefined,
            tokenId: undefined,
            secret: undefined,
          }
        : { ...e, [key]: undefined },
    );
    if (key === 'url' || CREDENTIAL_KEYS.has(key)) setGeneral(undefined);
    setTested(null);
    if (key === 'url') {
      setProbe(null);
      setApproved(false);
    }
  };

  const fail = (err: unknown) => {
    const { fields, general: text } = explain(err, form);
    setErrors((e) => ({ ...e, ...fields }));
    setGeneral(text);
  };

  /** Read the certificate (and, once trusted or approved, the realms). */
  const runProbe = async (withFingerprint?: string): Promise<ProbeResult | null> => {
    const urlError = validateUrl(form);
    if (urlError) {
      setErrors((e) => ({ ...e, url: urlError }));
      return null;
    }
    setBusy('probe');
    setGeneral(undefined);
    try {
      const result = await api.invoke('profiles.probe', {
        url: normalizeUrl(form.url)!,
        ...(withFingerprint ? { fingerprint: withFingerprint } : {}),
      });
      setProbe(result);
      const defaultRealm = result.realms?.find((r) => r.default)?.realm;
      if (defaultRealm && !result.realms?.some((r) => r.realm === form.realm)) {
        setForm((f) => ({ ...f, realm: defaultRealm }));
      }
      return result;
    } catch (err) {
      fail(err);
      return null;
    } finally {
      setBusy(null);
    }
  };

  const onApprove = (value: boolean) => {
    setApproved(value);
    if (value && certificate) void runProbe(certificate.fingerprint);
  };

  const testConnection = async () => {
    setTested(null);
    const result = probe ?? (await runProbe());
    if (!result) return;
    if (!result.certificate.trusted && !approved) {
      setGeneral(
        'Check the certificate under the URL and confirm its fingerprint, then test again.',
      );
      return;
    }
    const fieldErrors = validateProfileForm(form);
    if (Object.keys(fieldErrors).length > 0) return setErrors(fieldErrors);
    setBusy('test');
    setGeneral(undefined);
    try {
      setTested(await api.invoke('profiles.test', toProfileInput(form, fingerprint)));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    const fieldErrors = validateProfileForm(form);
    if (Object.keys(fieldErrors).length > 0) return setErrors(fieldErrors);
    if (!certOk) {
      setGeneral('Test the connection first, so Deckhand can check the certificate.');
      return;
    }
    setBusy('save');
    setGeneral(undefined);
    try {
      const profile = await api.invoke('profiles.add', {
        ...toProfileInput(form, fingerprint),
        ...(flags.readOnly ? { readOnly: true } : {}),
        ...(flags.production ? { production: true } : {}),
        ...(flags.rememberSecret === false ? { rememberSecret: false } : {}),
      });
      controller.open({ kind: 'profile', profileId: profile.id });
      close();
    } catch (err) {
      fail(err);
      setBusy(null);
    }
  };

  const realms =
    probe?.realms?.map((r) => ({ value: r.realm, label: `${r.comment ?? r.type} (${r.realm})` })) ??
    FALLBACK_REALMS;

  return (
    <Modal opened={opened} onClose={close} title="Add a Proxmox VE cluster" size="lg">
      <DialogForm onSubmit={save}>
        <Stack gap="sm">
          <DemoShortcut onAdded={close} />
          <TextInput
            label="Name"
            placeholder="Home lab"
            description="Shown in the resource tree; defaults to the host name"
            value={form.name}
            error={errors.name}
            onChange={(e) => update('name', e.currentTarget.value)}
          />
          <TextInput
            label="URL"
            placeholder="https://pve.example.com:8006"
            required
            value={form.url}
            error={errors.url}
            autoComplete="off"
            onChange={(e) => update('url', e.currentTarget.value)}
            onBlur={() => {
              const refusal = form.url.trim() ? validateUrl(form) : undefined;
              if (refusal) setErrors((e) => ({ ...e, url: refusal }));
              else if (!probe && form.url.trim()) void runProbe();
            }}
          />
          {certificate && (
            <CertificateReview
              certificate={certificate}
              approved={approved}
              onApprovedChange={onApprove}
            />
          )}
          <CredentialsFields
            form={form}
            errors={errors}
            realms={realms}
            onChange={update}
            testIdPrefix="profile"
          />
          <ProfileFlagsFields
            value={flags}
            onChange={setFlags}
            withColor={false}
            secretKind={form.mode}
          />
          {appInfo?.secrets === 'memory' && (
            <Text size="xs" c="dimmed" data-testid="secrets-memory-note">
              {appInfo.secretStore?.weakBackend
                ? 'Deckhand keeps this password or secret in memory for this session unless you store it (below).'
                : appInfo.host === 'browser'
                  ? 'The browser host never writes secrets to disk: you will enter this password or secret again after it restarts.'
                  : 'No system keyring (GNOME Keyring or KWallet) is available, so Deckhand keeps this password or secret only until it quits.'}
            </Text>
          )}
          <WeakSecretChoice info={appInfo} />
          {general && (
            <Alert color="red" variant="light" py={6} data-testid="profile-error">
              {general}
            </Alert>
          )}
          {tested && (
            <Alert color="green" variant="light" py={6} data-testid="profile-test-result">
              <Text size="sm">
                Connected to Proxmox VE {tested.version} as {tested.identity}
                {tested.clusterName ? ` · cluster ${tested.clusterName}` : ''} · {tested.nodes} node
                {tested.nodes === 1 ? '' : 's'}
              </Text>
            </Alert>
          )}
          <Group justify="space-between" mt="xs">
            <Button
              variant="default"
              size="xs"
              loading={busy === 'probe' || busy === 'test'}
              disabled={busy === 'save'}
              onClick={() => void testConnection()}
            >
              Test connection
            </Button>
            <Group gap="xs">
              <Button variant="subtle" size="xs" onClick={close}>
                Cancel
              </Button>
              <Button
                type="submit"
                size="xs"
                loading={busy === 'save'}
                disabled={busy !== null && busy !== 'save'}
              >
                Save
              </Button>
            </Group>
          </Group>
        </Stack>
      </DialogForm>
    </Modal>
  );
}
