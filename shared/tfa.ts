// Two-factor logins (PVE's `tfa-challenge` flow, spec §1): what a server offers as the second
// factor and what the user answers with. The code itself is passed once and never stored.

/** Second factors Deckhand can answer, from the challenge of a `NeedTFA` login. */
export interface TfaOptions {
  totp: boolean;
  /** How many unused recovery keys the user has left (0: none). */
  recovery: number;
}

export type TfaKind = 'totp' | 'recovery';

export interface TfaAnswer {
  kind: TfaKind;
  /** A 6-digit TOTP code or a recovery key (`xxxx-xxxx-xxxx-xxxx`). */
  code: string;
}

/** A TOTP code: six digits (spaces the user typed are dropped before this check). */
export const TOTP_CODE_RE = /^[0-9]{6}$/;
/** A PVE recovery key: four groups of four hex digits. */
export const RECOVERY_KEY_RE = /^[0-9a-fA-F]{4}(-[0-9a-fA-F]{4}){3}$/;
