// Pop-out windows: a console in a window of its own, addressed by the page hash so the same
// renderer build serves both (and the browser host keeps its ?token= query).

import { STREAM_ID_RE } from '../../../../shared/ipc';

const HASH_KEY = 'console';

/** The console id of a pop-out window's URL hash (`#console=<id>`), if it is one. */
export function consoleIdFromHash(hash: string): string | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const id = params.get(HASH_KEY);
  return id && STREAM_ID_RE.test(id) ? id : undefined;
}

/** This page's URL (query included) with the pop-out hash of one console. */
export function popoutUrl(
  location: Pick<Location, 'origin' | 'pathname' | 'search'>,
  consoleId: string,
): string {
  return `${location.origin}${location.pathname}${location.search}#${HASH_KEY}=${encodeURIComponent(consoleId)}`;
}

/** Open the console in its own window; that window takes it over (`console.attach`). */
export function popOutConsole(consoleId: string): void {
  window.open(
    popoutUrl(window.location, consoleId),
    `deckhand-console-${consoleId}`,
    'popup,noopener,width=1024,height=720',
  );
}

/**
 * The console login's defaults from a token profile's token id (`user@realm!name`): the user
 * and realm the token belongs to.
 */
export function splitTokenUser(tokenId: string): { username: string; realm: string } {
  const userid = tokenId.split('!')[0] ?? '';
  const at = userid.lastIndexOf('@');
  if (at < 0) return { username: userid, realm: 'pam' };
  return { username: userid.slice(0, at), realm: userid.slice(at + 1) };
}
