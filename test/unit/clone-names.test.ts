// The clone form's name rules (shared/clone.ts): PVE's `dns-name` format, and the names a
// pattern gives several copies (`{n}` is the copy's number; without it `-<n>` is appended).

import { describe, expect, it } from 'vitest';
import { copyNames, dnsNameProblem } from '../../shared/clone';

describe('clone names', () => {
  it('accepts what pve_verify_dns_name accepts and says why not otherwise', () => {
    for (const ok of ['web-1', 'a', 'web01.lab.example', '1st', 'A-b-C']) {
      expect(dnsNameProblem(ok)).toBeUndefined();
    }
    expect(dnsNameProblem('web_1')).toBe('Only letters, digits, - and . (a DNS name)');
    expect(dnsNameProblem('-web')).toBe('A part cannot begin or end with -');
    expect(dnsNameProblem('web-')).toBe('A part cannot begin or end with -');
    expect(dnsNameProblem('web..lab')).toBe('No empty part between dots');
    expect(dnsNameProblem('x'.repeat(254))).toBe('At most 253 characters');
  });

  it('expands a pattern for each copy', () => {
    expect(copyNames('web-{n}', 3)).toEqual(['web-1', 'web-2', 'web-3']);
    expect(copyNames('node{n}.lab', 2)).toEqual(['node1.lab', 'node2.lab']);
    expect(copyNames('web', 1)).toEqual(['web']);
    expect(copyNames('web', 2)).toEqual(['web-1', 'web-2']);
    expect(copyNames('  ', 2)).toEqual([undefined, undefined]);
  });
});
