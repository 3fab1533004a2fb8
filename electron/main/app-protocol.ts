// The renderer is served from a privileged custom scheme (deckhand://app/) rather than file://:
// it gets a real origin, our own response headers (CSP included) and no access to other files.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { protocol, type Session } from 'electron';
import { AssetCache } from '../host/asset-cache';
import { contentTypeOf, resolveLexicalPath } from '../host/static-files';

export const APP_SCHEME = 'deckhand';
export const APP_HOST = 'app';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/**
 * Serve `rendererRoot` on deckhand://app/ in this session. The check is lexical: in a packaged
 * app the files sit in an asar archive, which holds no symlinks and where realpath is not reliable.
 */
export function handleAppScheme(
  session: Session,
  rendererRoot: string,
  headers: Record<string, string>,
  /** The page's index.html as served (the first frame inlined, shared/first-frame.ts). */
  indexPage?: (html: string) => string | Promise<string>,
): void {
  // The window's scripts and styles from memory, read while core starts (asset-cache.ts).
  const assets = new AssetCache(rendererRoot, (urlPath) =>
    resolveLexicalPath(rendererRoot, urlPath),
  );
  session.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') {
      return new Response('Not found', { status: 404, headers });
    }
    const held = assets.get(url.pathname);
    if (held) {
      return new Response(new Uint8Array(held), {
        status: 200,
        headers: { ...headers, 'Content-Type': contentTypeOf(url.pathname) },
      });
    }
    const filePath = resolveLexicalPath(rendererRoot, url.pathname);
    if (filePath === undefined) return new Response('Not found', { status: 404, headers });
    let body: Buffer;
    try {
      body = await readFile(filePath);
    } catch {
      return new Response('Not found', { status: 404, headers });
    }
    if (indexPage && filePath === path.join(rendererRoot, 'index.html')) {
      return new Response(await indexPage(body.toString('utf8')), {
        status: 200,
        headers: { ...headers, 'Content-Type': contentTypeOf(filePath) },
      });
    }
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: { ...headers, 'Content-Type': contentTypeOf(filePath) },
    });
  });
}

/** Is `url` a page of ours: the app scheme, or the dev server during `electron-vite dev`? */
export function isAppUrl(url: string, devServerUrl: string | undefined): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true;
  if (devServerUrl === undefined) return false;
  return parsed.origin === new URL(devServerUrl).origin;
}
