// What the host in use really does with passwords and token secrets, in one sentence (for the
// welcome screen and the credentials dialog). Nothing is promised before app.info answers.

import type { AppInfo } from '../../../../shared/model';

export function secretsNote(
  info: Pick<AppInfo, 'host' | 'secrets' | 'secretStore'> | undefined,
): string {
  if (!info) return '';
  const weak = info.secretStore?.weakBackend === true;
  if (info.secrets === 'encrypted') {
    if (weak) {
      return info.host === 'electron'
        ? 'Passwords and tokens are stored with Linux’s basic_text encryption, whose key is built into the app: any program running as you can read them.'
        : 'Passwords and tokens are stored encrypted with a key kept in the data directory: anyone who can read that directory can read them.';
    }
    return info.host === 'electron'
      ? 'Passwords and tokens are stored encrypted with your system keyring.'
      : 'Passwords and tokens are stored encrypted.';
  }
  return info.host === 'browser'
    ? 'The browser host keeps passwords and tokens in memory only: after it restarts, you enter them again.'
    : 'No system keyring (GNOME Keyring or KWallet) is available, so passwords and tokens stay in memory until Deckhand quits.';
}

/** The warning beside "store anyway" on a weak backend: what storing would mean. */
export function weakStoreWarning(host: AppInfo['host']): string {
  return host === 'electron'
    ? 'Only Linux’s basic_text backend is available: it encrypts with a key built into the app, so any program running as you could read the stored passwords and tokens.'
    : 'The key would be kept in the data directory beside the secrets: anyone who can read that directory could read them.';
}
