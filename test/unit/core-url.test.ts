import { describe, expect, it } from 'vitest';
import { isDeckhandError } from '../../shared/errors';
import { normalizeServerUrl } from '../../shared/server-url';

describe('normalizeServerUrl', () => {
  it.each([
    ['pve1', 'https://pve1:8006'],
    ['pve1:8006', 'https://pve1:8006'],
    ['pve1.example.com:9443', 'https://pve1.example.com:9443'],
    ['https://pve1', 'https://pve1:8006'],
    ['https://pve1/', 'https://pve1:8006'],
    ['https://PVE1.Example.com:8006/', 'https://pve1.example.com:8006'],
    ['  https://10.0.0.5:8006/api2/json  ', 'https://10.0.0.5:8006'],
    ['https://pve1:443', 'https://pve1:443'],
    ['[fd00::5]', 'https://[fd00::5]:8006'],
    ['https://[fd00::5]:8007/', 'https://[fd00::5]:8007'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeServerUrl(input).baseUrl).toBe(expected);
  });

  it('keeps host and port apart for TLS (IPv6 without brackets)', () => {
    expect(normalizeServerUrl('[fd00::5]')).toMatchObject({
      host: 'fd00::5',
      port: 8006,
      hostPort: '[fd00::5]:8006',
    });
  });

  it.each([
    '',
    'http://pve1',
    'https://user:pw@pve1',
    'https://pve1/some/page',
    'ftp://pve1',
    'https://pve1?x=1',
  ])('rejects %j with a validation error', (input) => {
    let caught: unknown;
    try {
      normalizeServerUrl(input);
    } catch (err) {
      caught = err;
    }
    expect(isDeckhandError(caught, 'validation')).toBe(true);
  });
});
