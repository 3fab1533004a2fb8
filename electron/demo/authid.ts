// Authids as PVE writes them into UPIDs and tickets: `user@realm` or `user@realm!tokenid`. The
// split is written once here; the ACL, task ownership and task filters all read the user part.

import type { Identity } from './auth';

/** The user an authid belongs to: the part before `!` (a token's user), or the whole. */
export function userOf(authid: string): string {
  const bang = authid.indexOf('!');
  return bang < 0 ? authid : authid.slice(0, bang);
}

/** The token name of a token id, or undefined for a plain user. */
export function tokenOf(authid: string): string | undefined {
  const bang = authid.indexOf('!');
  return bang < 0 ? undefined : authid.slice(bang + 1);
}

/** Split `user@realm!token` into the identity the ACL checks. */
export function identityOf(authid: string): Identity {
  const tokenid = tokenOf(authid);
  return tokenid === undefined
    ? { user: authid, authid }
    : { user: userOf(authid), tokenid, authid };
}
