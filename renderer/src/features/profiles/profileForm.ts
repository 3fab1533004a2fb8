// The profile forms: the credentials fields both the add-profile and the credentials dialogs ask
// for, the add-profile form around them, field validation, and turning fields into inputs.

import type { AuthMode, ProfileAuthInput, ProfileInput } from '../../../../shared/model';
import { profileNameProblem } from '../../../../shared/profile-name';
import { normalizeServerUrl } from '../../../../shared/server-url';
import { TOKEN_ID_RE } from '../../../../shared/token';

export { TOKEN_ID_RE };

/** Password or API token: what a profile logs in with. */
export interface CredentialsForm {
  mode: AuthMode;
  username: string;
  realm: string;
  password: string;
  tokenId: string;
  secret: string;
}

export type CredentialsErrors = Partial<Record<keyof CredentialsForm, string>>;

export interface ProfileForm extends CredentialsForm {
  name: string;
  url: string;
}

export type ProfileFormField = keyof ProfileForm;
export type ProfileFormErrors = Partial<Record<ProfileFormField, string>>;

export const EMPTY_PROFILE_FORM: ProfileForm = {
  name: '',
  url: '',
  mode: 'password',
  username: 'root',
  realm: 'pam',
  password: '',
  tokenId: '',
  secret: '',
};

/** "pve.example.com" → "https://pve.example.com:8006" (core's own rule); undefined when invalid. */
export function normalizeUrl(text: string): string | undefined {
  try {
    return normalizeServerUrl(text).baseUrl;
  } catch {
    return undefined;
  }
}

/** "root@pam" typed into the user field splits into user and realm. */
function splitUser(username: string, realm: string): { user: string; realm: string } {
  const at = username.lastIndexOf('@');
  if (at > 0) return { user: username.slice(0, at), realm: username.slice(at + 1) || realm };
  return { user: username, realm };
}

export function validateUrl(form: ProfileForm): string | undefined {
  if (!form.url.trim())
    return 'Enter the address of a Proxmox VE node, e.g. https://pve.example.com:8006';
  try {
    normalizeServerUrl(form.url);
    return undefined;
  } catch (err) {
    // Core's own reason ("credentials do not belong in the URL", "only reachable over https"…).
    return err instanceof Error ? err.message : String(err);
  }
}

/** The name is optional (it defaults to the host name), but what is typed follows core's rule. */
function validateName(form: ProfileForm): string | undefined {
  return form.name.trim() ? profileNameProblem(form.name) : undefined;
}

/** The field that gets "Wrong credentials" when a login fails. */
export function secretField(mode: AuthMode): 'password' | 'secret' {
  return mode === 'password' ? 'password' : 'secret';
}

export function validateCredentials(form: CredentialsForm): CredentialsErrors {
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

export function validateProfileForm(form: ProfileForm): ProfileFormErrors {
  const errors: ProfileFormErrors = {};
  const name = validateName(form);
  if (name) errors.name = name;
  const url = validateUrl(form);
  if (url) errors.url = url;
  return { ...errors, ...validateCredentials(form) };
}

export function toAuth(form: CredentialsForm): ProfileAuthInput {
  if (form.mode === 'token') {
    return { mode: 'token', tokenId: form.tokenId.trim(), secret: form.secret.trim() };
  }
  const { user, realm } = splitUser(form.username.trim(), form.realm);
  return { mode: 'password', username: user, realm, password: form.password };
}

export function toProfileInput(form: ProfileForm, fingerprint?: string): ProfileInput {
  const url = normalizeUrl(form.url) ?? form.url.trim();
  const name = form.name.trim() || new URL(url).hostname;
  const input: ProfileInput = { name, url, auth: toAuth(form) };
  if (fingerprint) input.fingerprint = fingerprint;
  return input;
}

/** Map PVE/core parameter names onto the form's fields. */
export function fieldForParam(param: string): ProfileFormField | undefined {
  switch (param) {
    case 'url':
    case 'host':
      return 'url';
    case 'name':
      return 'name';
    case 'username':
    case 'user':
      return 'username';
    case 'realm':
      return 'realm';
    case 'password':
      return 'password';
    case 'tokenId':
    case 'tokenid':
      return 'tokenId';
    case 'secret':
      return 'secret';
    default:
      return undefined;
  }
}
