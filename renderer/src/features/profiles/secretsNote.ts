// What the host in use really does with passwords and token secrets, in one sentence (for the
// welcome screen and the credentials dialog). Nothing is promised before app.info answers.

import type { AppInfo } from '../../../../shared/model';

export function secretsNote(info: Pick<AppInfo, 'host' | 'secrets'> | undefined): string {
  if (!info) return '';
  if (info.secrets === 'encrypted') {
    return info.host === 'electron'
      ? 'Passwords and tokens are stored encrypted with your system keyring.'
      : 'Passwords and tokens are stored encrypted.';
  }
  return info.host === 'browser'
    ? 'The browser host keeps passwords and tokens in memory only: after it restarts, you enter them again.'
    : 'No system keyring (GNOME Keyring or KWallet) is available, so passwords and tokens stay in memory until Deckhand quits.';
}
