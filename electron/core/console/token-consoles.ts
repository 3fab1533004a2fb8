// API tokens and consoles (spec §1 "What tokens cannot do", §7): node shells accept tokens only
// since pve-manager 9.0.13, guest consoles only since PVE 9.1.9 (termproxy verifying through
// /access/vncticket). On older servers a console needs a ticket, i.e. a password login.

import type { ConsoleRemedy, ConsoleTarget, ErrorKind } from '../../../shared/model';

const NODE_SHELL_TOKENS_SINCE = [9, 0, 13] as const;
const GUEST_CONSOLE_TOKENS_SINCE = [9, 1, 9] as const;

/** "9.1.9" → [9, 1, 9]; undefined when it is not a version. */
export function parseVersion(version: string | undefined): number[] | undefined {
  const m = /^(\d+)\.(\d+)(?:[.-](\d+))?/.exec(version ?? '');
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

function atLeast(version: number[], since: readonly number[]): boolean {
  for (let i = 0; i < since.length; i++) {
    const a = version[i] ?? 0;
    const b = since[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

/** Does this server let an API token open this kind of console? undefined: unknown version. */
export function tokenConsolesAllowed(
  target: ConsoleTarget,
  version: string | undefined,
): boolean | undefined {
  const v = parseVersion(version);
  if (!v) return undefined;
  return atLeast(v, target.kind === 'shell' ? NODE_SHELL_TOKENS_SINCE : GUEST_CONSOLE_TOKENS_SINCE);
}

/**
 * The refusal to show for a token profile: 'before' only when the version says it cannot work;
 * 'closed'/'refused' when the server already refused (the socket closed right after the auth
 * line, or the node shell answered "not a valid user name"), unless the version says it should
 * have worked.
 */
export function tokenConsoleRefusal(
  target: ConsoleTarget,
  version: string | undefined,
  when: 'before' | 'closed' | 'refused',
): { reason: string; errorKind: ErrorKind; remedy: ConsoleRemedy } | undefined {
  const allowed = tokenConsolesAllowed(target, version);
  if (when === 'before' ? allowed !== false : allowed === true) return undefined;
  const since = (
    target.kind === 'shell' ? NODE_SHELL_TOKENS_SINCE : GUEST_CONSOLE_TOKENS_SINCE
  ).join('.');
  const server = version ? `This server (PVE ${version})` : 'This server';
  return {
    reason: `${server} does not open ${
      target.kind === 'shell' ? 'node shells' : 'consoles'
    } for an API token (PVE allows that since ${since}). Log in with a password for consoles.`,
    errorKind: 'auth',
    remedy: 'console-login',
  };
}
