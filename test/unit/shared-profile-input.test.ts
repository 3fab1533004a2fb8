// Hostile input in the add-profile and rename forms: a URL carrying `user:password@` is refused with
// core's own message (which never repeats the password), and profile names with control or bidi
// override characters are refused by one rule, both by the contract's schema and by the form.

import { describe, expect, it } from 'vitest';
import { parseCallArgs } from '../../shared/ipc-schema';
import { profileNameProblem } from '../../shared/profile-name';
import { normalizeServerUrl } from '../../shared/server-url';
import {
  EMPTY_PROFILE_FORM,
  validateProfileForm,
  validateUrl,
} from '../../renderer/src/features/profiles/profileForm';

const CREDENTIALS_REFUSED =
  "Invalid server address 'https://***@pve.example.com': credentials do not belong in the URL";
const BIDI_REFUSED = (cp: string) =>
  `A name cannot contain invisible text-direction characters (${cp}), which make it display reversed`;

const form = (fields: { name?: string; url: string }) => ({
  ...EMPTY_PROFILE_FORM,
  password: 'secret',
  ...fields,
});

describe('a server address with credentials in it', () => {
  it('is refused by the form with core’s message, which masks the credentials', () => {
    expect(validateUrl(form({ url: 'https://root:pw@pve.example.com' }))).toBe(CREDENTIALS_REFUSED);
    expect(validateUrl(form({ url: 'root:pw@pve.example.com' }))).toBe(
      "Invalid server address '***@pve.example.com': credentials do not belong in the URL",
    );
    expect(validateProfileForm(form({ url: 'https://root:pw@pve.example.com' })).url).toBe(
      CREDENTIALS_REFUSED,
    );
    expect(() => normalizeServerUrl('https://root:pw@pve.example.com')).toThrow(
      CREDENTIALS_REFUSED,
    );
  });
});

describe('profile names', () => {
  const evil = {
    rlo: 'lab\u202Egnp.exe',
    isolate: 'a\u2066b\u2069',
    rlm: 'pve\u200F',
    newline: 'pve\nprod',
    nul: 'pve\u0000',
    c1: 'pve\u0085',
  };

  it('refuse control characters and bidi marks, naming the character', () => {
    expect(profileNameProblem(evil.rlo)).toBe(BIDI_REFUSED('U+202E'));
    expect(profileNameProblem(evil.isolate)).toBe(BIDI_REFUSED('U+2066'));
    expect(profileNameProblem(evil.rlm)).toBe(BIDI_REFUSED('U+200F'));
    expect(profileNameProblem(evil.newline)).toBe(
      'A name cannot contain control characters (U+000A)',
    );
    expect(profileNameProblem(evil.nul)).toBe('A name cannot contain control characters (U+0000)');
    expect(profileNameProblem(evil.c1)).toBe('A name cannot contain control characters (U+0085)');
    expect(profileNameProblem('  ')).toBe('Enter a name');
    expect(profileNameProblem('x'.repeat(101))).toBe('A name has at most 100 characters');
  });

  it('accept ordinary names in any script', () => {
    for (const name of ['Home lab', 'pve-1.example.com', 'مختبر', 'テスト環境', 'Ünïcödé 🚀'])
      expect(profileNameProblem(name)).toBeUndefined();
  });

  it('are refused by the contract for profiles.add, profiles.test and profiles.update', () => {
    const auth = { mode: 'password', username: 'root', realm: 'pam', password: 'pw' } as const;
    const input = { name: evil.rlo, url: 'https://pve:8006', auth };
    expect(() => parseCallArgs('profiles.add', input)).toThrow(
      `Invalid name for profiles.add: ${BIDI_REFUSED('U+202E')}`,
    );
    expect(() => parseCallArgs('profiles.test', input)).toThrow(
      `Invalid name for profiles.test: ${BIDI_REFUSED('U+202E')}`,
    );
    expect(() => parseCallArgs('profiles.update', { profileId: 'p', name: evil.newline })).toThrow(
      'Invalid name for profiles.update: A name cannot contain control characters (U+000A)',
    );
    expect(parseCallArgs('profiles.add', { ...input, name: '  Lab  ' }).name).toBe('Lab');
    expect(() => parseCallArgs('profiles.add', { ...input, name: ' ' })).toThrow(
      'Invalid name for profiles.add: Enter a name',
    );
  });

  it('are refused by the add-profile form with the same message', () => {
    const url = 'https://pve.example.com';
    expect(validateProfileForm(form({ name: evil.rlo, url })).name).toBe(BIDI_REFUSED('U+202E'));
    expect(validateProfileForm(form({ name: '', url })).name).toBeUndefined();
    expect(validateProfileForm(form({ name: 'Lab', url })).name).toBeUndefined();
  });
});
