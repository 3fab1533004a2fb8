// Profile URLs as users type them (`pve1`, `pve1:8006`, `https://pve1/`) become one canonical base
// URL, so profiles compare equal and every request is built the same way.

import { DeckhandError } from './errors';

export const DEFAULT_PVE_PORT = 8006;

export interface PveEndpoint {
  /** `https://host:port`, no trailing slash, no path */
  baseUrl: string;
  /** host name or IP as given (IPv6 without brackets) */
  host: string;
  port: number;
  /** `host:port` for messages (IPv6 in brackets) */
  hostPort: string;
}

/** The address as typed, any `user:password@` masked: an error message never repeats a secret. */
function shown(input: string): string {
  return input.trim().replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/i, '$1***@');
}

function invalid(input: string, why: string): DeckhandError {
  return new DeckhandError({
    kind: 'validation',
    message: `Invalid server address '${shown(input)}': ${why}`,
  });
}

/** Normalise a user-typed server address to `https://host:port` (default port 8006). */
export function normalizeServerUrl(input: string): PveEndpoint {
  const raw = input.trim();
  if (!raw) throw invalid(input, 'it is empty');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalid(input, 'not a host name or URL');
  }
  if (url.protocol !== 'https:') throw invalid(input, 'Proxmox VE is only reachable over https');
  if (url.username || url.password) throw invalid(input, 'credentials do not belong in the URL');
  if (url.search || url.hash) throw invalid(input, 'no query or fragment expected');
  // Accept the web UI's URL (`/`) and the API root, nothing else: other paths are probably typos.
  const path = url.pathname.replace(/\/+$/, '');
  if (path !== '' && path !== '/api2/json')
    throw invalid(input, `unexpected path '${url.pathname}'`);
  if (!url.hostname) throw invalid(input, 'no host name');
  // URL drops the default https port (443), so an explicit ':443' must be recovered from the text.
  const explicit443 = /^https:\/\/(\[[^\]]+\]|[^/:]+):443(\/|$)/i.test(withScheme);
  const port = url.port ? Number(url.port) : explicit443 ? 443 : DEFAULT_PVE_PORT;
  const hostForUrl = url.hostname; // keeps IPv6 brackets
  const host = hostForUrl.replace(/^\[(.*)\]$/, '$1');
  const hostPort = `${hostForUrl}:${port}`;
  return { baseUrl: `https://${hostPort}`, host, port, hostPort };
}
