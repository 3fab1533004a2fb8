// VNC Authentication's DES response, checked against the DES standard vector.

import { describe, expect, it } from 'vitest';
import { checkVncResponse, vncKey, vncResponse } from '../../electron/demo/console/vnc-auth';

function reverseBits(b: number): number {
  let r = 0;
  for (let i = 0; i < 8; i++) r |= ((b >> i) & 1) << (7 - i);
  return r;
}

describe('VNC authentication (RFB security type 2)', () => {
  it('is single DES with bit-reversed password bytes', () => {
    // FIPS 81 / the classic example: key 133457799BBCDFF1, 0123456789ABCDEF → 85E813540F0AB405.
    const key = Buffer.from('133457799BBCDFF1', 'hex');
    const password = Buffer.from([...key].map(reverseBits));
    expect(vncKey(password).toString('hex')).toBe('133457799bbcdff1');
    const block = Buffer.from('0123456789ABCDEF', 'hex');
    const out = vncResponse(password, Buffer.concat([block, block]));
    expect(out.toString('hex')).toBe('85e813540f0ab405'.repeat(2));
  });

  it('uses only the first 8 bytes of the password', () => {
    const challenge = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const r = vncResponse('12345678', challenge);
    expect(vncResponse('12345678-and-more', challenge)).toEqual(r);
    expect(checkVncResponse('12345678', challenge, r)).toBe(true);
    expect(checkVncResponse('12345679', challenge, r)).toBe(false);
    // Short passwords are NUL-padded.
    expect(vncResponse('abc', challenge)).toEqual(
      vncResponse(Buffer.from('abc\0\0\0\0\0'), challenge),
    );
  });
});
