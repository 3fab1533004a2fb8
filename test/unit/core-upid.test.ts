import { describe, expect, it } from 'vitest';
import { formatUpid, parseUpid } from '../../shared/upid';

describe('UPID', () => {
  const example = 'UPID:pve1:0001A2B3:0098C7D1:6650F3A0:qmstart:100:root@pam:';

  it('parses the fields PVE encodes', () => {
    expect(parseUpid(example)).toEqual({
      node: 'pve1',
      pid: 0x1a2b3,
      pstart: 0x98c7d1,
      starttime: 0x6650f3a0,
      type: 'qmstart',
      id: '100',
      user: 'root@pam',
    });
  });

  it('round-trips through format', () => {
    const parsed = parseUpid(example);
    expect(parsed).toBeDefined();
    expect(formatUpid(parsed!)).toBe(example);
  });

  it('accepts lower-case hex, a 9-digit pstart, an empty id and a token user', () => {
    const u = parseUpid('UPID:node-2:0001a2b3:198c7d1ff:6650f3a0:vncshell::root@pam!deck:');
    expect(u).toMatchObject({ node: 'node-2', pstart: 0x198c7d1ff, id: '', user: 'root@pam!deck' });
    expect(formatUpid(u!)).toBe('UPID:node-2:0001A2B3:198C7D1FF:6650F3A0:vncshell::root@pam!deck:');
  });

  it('rejects text that is not a UPID', () => {
    expect(parseUpid('UPID:pve1:1:2:3:qmstart:100:root@pam:')).toBeUndefined();
    expect(parseUpid(example.slice(0, -1))).toBeUndefined();
    expect(parseUpid('')).toBeUndefined();
  });
});
