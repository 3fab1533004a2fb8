// Second factors of the demo's users (spec §1 "TFA flow"): TOTP (RFC 6238: HMAC-SHA1, 30 s steps,
// 6 digits, one step of drift either way, as proxmox-tfa checks it), recovery keys (ten
// `xxxx-xxxx-xxxx-xxxx` hex keys, each usable once) and a WebAuthn-only user whose challenge the
// demo can only hand out, never verify. Pure bookkeeping: the tickets are signed in auth.ts.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const STEP_SECONDS = 30;
const DIGITS = 6;

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const i = BASE32.indexOf(ch);
    if (i < 0) throw new Error(`not base32: '${ch}'`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The RFC 6238 code of a base32 secret at epoch second `atSeconds`. */
export function totpCode(secretBase32: string, atSeconds: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atSeconds / STEP_SECONDS)));
  const mac = createHmac('sha1', base32Decode(secretBase32)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  const bin = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** DIGITS;
  return String(bin).padStart(DIGITS, '0');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function recoveryKey(): string {
  const hex = randomBytes(8).toString('hex');
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}`;
}

interface TfaRecord {
  totpSecret?: string;
  /** index → key; a used key becomes undefined */
  recovery: (string | undefined)[];
  webauthn: boolean;
}

/** The challenge object PVE puts into the half ticket (JSON). */
export interface TfaChallenge {
  totp?: boolean;
  recovery?: number[];
  webauthn?: { publicKey: Record<string, unknown> };
}

export class DemoTfa {
  private readonly users = new Map<string, TfaRecord>();

  /** A user with TOTP and ten recovery keys; returns the secret and the keys. */
  addTotpUser(user: string): { totpSecret: string; recoveryKeys: string[] } {
    const totpSecret = base32Encode(randomBytes(20));
    const recoveryKeys = Array.from({ length: 10 }, recoveryKey);
    this.users.set(user, { totpSecret, recovery: [...recoveryKeys], webauthn: false });
    return { totpSecret, recoveryKeys };
  }

  addWebauthnUser(user: string): void {
    this.users.set(user, { recovery: [], webauthn: true });
  }

  has(user: string): boolean {
    return this.users.has(user);
  }

  /** What the user may answer with, as `GET /access/ticket` step 1 puts it into the challenge. */
  challenge(user: string): TfaChallenge {
    const rec = this.users.get(user);
    if (!rec) return {};
    const out: TfaChallenge = {};
    if (rec.totpSecret) out.totp = true;
    const left = rec.recovery.flatMap((k, i) => (k === undefined ? [] : [i]));
    if (left.length > 0) out.recovery = left;
    if (rec.webauthn) {
      out.webauthn = {
        publicKey: {
          challenge: randomBytes(32).toString('base64url'),
          timeout: 60000,
          rpId: 'localhost',
          allowCredentials: [{ type: 'public-key', id: randomBytes(32).toString('base64url') }],
          userVerification: 'discouraged',
        },
      };
    }
    return out;
  }

  /**
   * Check `password` = `<kind>:<value>` of step 2. A recovery key is spent by a successful use.
   * WebAuthn assertions are never accepted: the demo has no authenticator.
   */
  verify(user: string, answer: string, nowSeconds: number): boolean {
    const rec = this.users.get(user);
    if (!rec) return false;
    const colon = answer.indexOf(':');
    if (colon < 0) return false;
    const kind = answer.slice(0, colon);
    const value = answer.slice(colon + 1).trim();
    if (kind === 'totp' && rec.totpSecret) {
      for (const drift of [0, -1, 1]) {
        if (sameText(totpCode(rec.totpSecret, nowSeconds + drift * STEP_SECONDS), value)) {
          return true;
        }
      }
      return false;
    }
    if (kind === 'recovery') {
      const i = rec.recovery.findIndex((k) => k !== undefined && sameText(k, value.toLowerCase()));
      if (i < 0) return false;
      rec.recovery[i] = undefined;
      return true;
    }
    return false;
  }
}
