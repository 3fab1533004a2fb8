// VNC Authentication (RFB security type 2): the server sends 16 random bytes, the client answers
// with them DES-encrypted under the password (first 8 bytes, NUL-padded), each key byte's bits
// reversed (a quirk of the original VNC's d3des). Node 20's OpenSSL refuses `des-ecb`, but
// `des-ede3-ecb` with the same 8-byte key three times is single DES.

import { createCipheriv, timingSafeEqual } from 'node:crypto';

function reverseBits(b: number): number {
  let r = 0;
  for (let i = 0; i < 8; i++) r |= ((b >> i) & 1) << (7 - i);
  return r;
}

/** The DES key VNC derives from a password. */
export function vncKey(password: string | Buffer): Buffer {
  const raw = typeof password === 'string' ? Buffer.from(password, 'latin1') : password;
  const key = Buffer.alloc(8);
  for (let i = 0; i < 8 && i < raw.length; i++) key[i] = reverseBits(raw[i]!);
  return key;
}

/** The 16-byte response to a 16-byte challenge. */
export function vncResponse(password: string | Buffer, challenge: Buffer): Buffer {
  if (challenge.length !== 16) throw new Error('VNC challenge must be 16 bytes');
  const key = vncKey(password);
  const cipher = createCipheriv('des-ede3-ecb', Buffer.concat([key, key, key]), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(challenge), cipher.final()]);
}

export function checkVncResponse(
  password: string | Buffer,
  challenge: Buffer,
  got: Buffer,
): boolean {
  const want = vncResponse(password, challenge);
  return got.length === want.length && timingSafeEqual(got, want);
}
