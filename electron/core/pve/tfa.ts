// PVE's `tfa-challenge` login (spec §1 "TFA flow"): reading the challenge out of a step-1 half
// ticket, and the errors a user sees. Pure functions, no I/O.

import { DeckhandError } from '../../../shared/errors';
import type { TfaAnswer, TfaOptions } from '../../../shared/tfa';

/** A step-1 login waiting for its second factor. Lives only inside PveClient. */
export interface PendingTfa {
  user: string;
  /** the half ticket `PVE:!tfa!<challenge>:<T>::<SIG>`, sent back as `tfa-challenge` */
  challenge: string;
  options: TfaOptions;
  webauthn: boolean;
}

/** The challenge JSON inside a half ticket: its 2nd `:` field minus `!tfa!`, URL-decoded. */
export function readChallenge(user: string, ticket: string): PendingTfa {
  const field = ticket.split(':')[1] ?? '';
  let parsed: unknown = {};
  if (field.startsWith('!tfa!')) {
    try {
      parsed = JSON.parse(decodeURIComponent(field.slice('!tfa!'.length)));
    } catch {
      parsed = {};
    }
  }
  const c =
    typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  // PVE 0/1 or true/false; `recovery` is the list of unused key ids.
  const totp = c.totp === true || c.totp === 1 || c.totp === '1';
  const recovery = Array.isArray(c.recovery) ? c.recovery.length : 0;
  const webauthn = c.webauthn !== undefined && c.webauthn !== null;
  return { user, challenge: ticket, options: { totp, recovery }, webauthn };
}

/** The session's word for a login that waits for its second factor. */
export function tfaNeeded(p: PendingTfa): DeckhandError {
  if (!p.options.totp && p.options.recovery === 0) {
    const what = p.webauthn ? 'a WebAuthn security key' : 'a second factor Deckhand cannot answer';
    return new DeckhandError({
      kind: 'auth',
      message: `${p.user} logs in with ${what}, which Deckhand does not support. Add a TOTP factor (or recovery keys) to this user in PVE, or use an API token.`,
    });
  }
  const ways = p.options.totp
    ? p.options.recovery > 0
      ? 'a TOTP code or a recovery key'
      : 'a TOTP code'
    : 'a recovery key';
  return new DeckhandError({
    kind: 'tfa',
    message: `${p.user} needs a second factor: enter ${ways}.`,
    tfa: { ...p.options },
  });
}

/** Step 2 refused (PVE says only "authentication failure"). */
export function tfaRefused(p: PendingTfa, answer: TfaAnswer): DeckhandError {
  const what = answer.kind === 'totp' ? 'This code' : 'This recovery key';
  const hint =
    answer.kind === 'totp'
      ? 'Check the code (and the clock of your authenticator) and try again.'
      : 'A recovery key works only once; try another one.';
  return new DeckhandError({
    kind: 'tfa',
    status: 401,
    message: `${what} was not accepted (authentication failure). ${hint}`,
    tfa: { ...p.options },
  });
}

export function noTfaPending(): DeckhandError {
  return new DeckhandError({
    kind: 'validation',
    message: 'No login is waiting for a second factor; reconnect the profile first.',
  });
}
