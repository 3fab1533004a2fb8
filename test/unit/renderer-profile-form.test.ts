// The add-profile form turns a typed address into core's canonical URL (shared/server-url.ts):
// an explicit :443 stays 443, a bare host gets Proxmox VE's 8006.

import { describe, expect, it } from 'vitest';
import {
  EMPTY_PROFILE_FORM,
  normalizeUrl,
  toProfileInput,
  validateUrl,
} from '../../renderer/src/features/profiles/profileForm';

const form = (url: string) => ({ ...EMPTY_PROFILE_FORM, url, password: 'secret' });

describe('the profile form’s server address', () => {
  it('keeps an explicit :443 (behind a reverse proxy) instead of turning it into :8006', () => {
    expect(normalizeUrl('https://pve.example.com:443')).toBe('https://pve.example.com:443');
    expect(normalizeUrl('pve.example.com:443/')).toBe('https://pve.example.com:443');
    expect(toProfileInput(form('https://pve.example.com:443')).url).toBe(
      'https://pve.example.com:443',
    );
  });

  it('defaults to port 8006 when none is given', () => {
    expect(normalizeUrl('pve.example.com')).toBe('https://pve.example.com:8006');
    expect(normalizeUrl('https://pve.example.com/')).toBe('https://pve.example.com:8006');
    expect(toProfileInput(form('pve.example.com')).url).toBe('https://pve.example.com:8006');
    expect(normalizeUrl('10.0.0.5:8007')).toBe('https://10.0.0.5:8007');
  });

  it('names the profile after the host and refuses what core refuses', () => {
    expect(toProfileInput(form('pve.example.com:443')).name).toBe('pve.example.com');
    expect(normalizeUrl('http://pve.example.com')).toBeUndefined();
    expect(validateUrl(form('http://pve.example.com'))).toBe(
      "Invalid server address 'http://pve.example.com': Proxmox VE is only reachable over https",
    );
    expect(validateUrl(form(''))).toMatch(/Enter the address/);
  });
});
