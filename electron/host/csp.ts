// The one Content-Security-Policy of the renderer, shared by both hosts (the browser host sends it
// as a header, the Electron host adds it to every response of its session). It matches the meta
// tag in renderer/index.html; only connect-src differs per host: the browser host allows its own
// loopback WebSocket, the Electron host talks over IPC and needs no network at all.

import { readFileSync } from 'node:fs';
import path from 'node:path';

export function contentSecurityPolicy(
  connectSrc: readonly string[],
  /** The hashes of the page's inline scripts (`'sha256-…'`), from `inlineScriptHashes`. */
  scriptHashes: readonly string[] = [],
): string {
  const directives: Record<string, readonly string[]> = {
    'default-src': ["'none'"],
    // The only inline script is the first frame's painter, allowed by its hash alone.
    'script-src': ["'self'", ...scriptHashes],
    // Mantine and xterm.js set inline style attributes.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': connectSrc.length > 0 ? connectSrc : ["'none'"],
    'worker-src': ["'self'"],
    'manifest-src': ["'self'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** The inline scripts the built index.html under `root` allows (none when it cannot be read). */
export function readInlineScriptHashes(root: string): string[] {
  try {
    return inlineScriptHashes(readFileSync(path.join(root, 'index.html'), 'utf8'));
  } catch {
    return [];
  }
}

/**
 * The script hashes the build wrote into index.html's CSP meta tag (renderer/vite.config.ts: the
 * first frame's painter is inline), for the hosts' own CSP headers: a page is bound by both, so
 * the header must allow the same. Only well-formed `'sha256-<base64>'` tokens are taken.
 */
export function inlineScriptHashes(indexHtml: string): string[] {
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(indexHtml);
  const scriptSrc = meta?.[1]?.split(';').find((d) => d.trim().startsWith('script-src '));
  if (!scriptSrc) return [];
  return scriptSrc
    .trim()
    .split(/\s+/)
    .filter((t) => /^'sha256-[A-Za-z0-9+/]{43}='$/.test(t));
}
