// What the welcome screen and the credentials dialog say about where secrets are kept.

import { describe, expect, it } from 'vitest';
import { secretsNote } from '../../renderer/src/features/profiles/secretsNote';

describe('the secrets note', () => {
  it('says what is true for each host and store', () => {
    expect(secretsNote({ host: 'browser', secrets: 'memory' })).toBe(
      'The browser host keeps passwords and tokens in memory only: after it restarts, you enter them again.',
    );
    expect(secretsNote({ host: 'electron', secrets: 'encrypted' })).toBe(
      'Passwords and tokens are stored encrypted with your system keyring.',
    );
    expect(secretsNote({ host: 'electron', secrets: 'memory' })).toBe(
      'No system keyring (GNOME Keyring or KWallet) is available, so passwords and tokens stay in memory until Deckhand quits.',
    );
    // Before app.info answers, nothing is promised.
    expect(secretsNote(undefined)).toBe('');
  });
});

describe('the secrets note on a weak backend', () => {
  it('says plainly who can read stored secrets once the user stores them anyway', () => {
    const weak = { weakBackend: true, weakPolicy: 'store' as const };
    expect(secretsNote({ host: 'electron', secrets: 'encrypted', secretStore: weak })).toBe(
      'Passwords and tokens are stored with Linux’s basic_text encryption, whose key is built into the app: any program running as you can read them.',
    );
    expect(secretsNote({ host: 'browser', secrets: 'encrypted', secretStore: weak })).toBe(
      'Passwords and tokens are stored encrypted with a key kept in the data directory: anyone who can read that directory can read them.',
    );
  });
});
