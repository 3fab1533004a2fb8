// Formatting people read: fingerprints split only between bytes, certificate validity as dates
// with the expiry called out.

import { describe, expect, it } from 'vitest';
import { describeValidity, fingerprintLines } from '../../shared/format';

const FP = Array.from({ length: 32 }, (_, i) =>
  (i * 7 + 16).toString(16).toUpperCase().padStart(2, '0'),
)
  .map((b) => b.slice(-2))
  .join(':');

describe('fingerprintLines', () => {
  it('splits a SHA-256 fingerprint into 4 lines of 8 bytes, only at ":"', () => {
    const lines = fingerprintLines(FP);
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).toMatch(/^[0-9A-F]{2}(:[0-9A-F]{2}){7}:?$/);
    expect(lines.join('')).toBe(FP);
    expect(lines[3]!.endsWith(':')).toBe(false);
  });

  it('keeps a short one on one line', () => {
    expect(fingerprintLines('AA:BB:CC')).toEqual(['AA:BB:CC']);
  });
});

describe('describeValidity', () => {
  const now = new Date(2026, 11, 1, 12, 0, 0).getTime();
  const iso = (y: number, m: number, d: number) => new Date(y, m - 1, d, 12, 0, 0).toISOString();

  it('shows dates, not ISO strings', () => {
    expect(describeValidity(iso(2025, 1, 2), iso(2027, 1, 2), now)).toEqual({
      text: '2025-01-02 to 2027-01-02',
      expired: false,
    });
  });

  it('calls out a near expiry', () => {
    expect(describeValidity(iso(2025, 1, 2), iso(2026, 12, 11), now)).toEqual({
      text: '2025-01-02 to 2026-12-11',
      warning: 'Expires in 10 days',
      expired: false,
    });
  });

  it('calls out a past expiry', () => {
    expect(describeValidity(iso(2024, 1, 2), iso(2026, 11, 3), now)).toEqual({
      text: '2024-01-02 to 2026-11-03',
      warning: 'Expired on 2026-11-03',
      expired: true,
    });
  });

  it('shows what it cannot parse as given', () => {
    expect(describeValidity('sometime', 'later', now)).toEqual({
      text: 'sometime to later',
      expired: false,
    });
  });
});
