// The one security module of the Electron host: sandbox for every renderer, CSP on every
// response, navigation and window-open guards, no permissions, no webviews, certificates only as
// Chromium verifies them, and external links only for https.

import {
  app,
  shell,
  type BrowserWindowConstructorOptions,
  type Session,
  type WebContents,
} from 'electron';
import { contentSecurityPolicy } from '../host/csp';

export interface SecurityOptions {
  /** Is this URL one of our own pages? */
  isAppUrl(url: string): boolean;
  /** Origins the renderer may connect to (only the dev server during development). */
  connectSrc: readonly string[];
  /** Hashes of the page's inline scripts (the first frame's painter), for the CSP header. */
  scriptHashes?: readonly string[];
  /**
   * Options for a window our own page opens on one of our own URLs (a popped-out console);
   * absent: no page may open windows.
   */
  childWindow?: () => BrowserWindowConstructorOptions;
}

/** The only permissions our pages get: copying to the clipboard, and fullscreen for a console. */
const GRANTED_PERMISSIONS = new Set(['clipboard-sanitized-write', 'fullscreen']);

/** Headers for every response of our pages. */
export function securityHeaders(options: SecurityOptions): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options.connectSrc, options.scriptHashes),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/** Call before the app is ready: forces the sandbox on for every renderer. */
export function enforceSandbox(): void {
  app.enableSandbox();
}

export function hardenSession(session: Session, options: SecurityOptions): void {
  session.setPermissionRequestHandler((contents, permission, callback) => {
    callback(GRANTED_PERMISSIONS.has(permission) && options.isAppUrl(contents.getURL()));
  });
  session.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin) =>
      GRANTED_PERMISSIONS.has(permission) && options.isAppUrl(requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}));

  // The renderer loads only local pages; anything on https is accepted only when Chromium's own
  // verification passed (-3: use Chromium's result, -2: reject). Proxmox TLS is core's (undici).
  session.setCertificateVerifyProc((request, callback) => {
    callback(request.verificationResult === 'OK' ? -3 : -2);
  });

  // Responses served by the app scheme carry the CSP already; this covers the dev server and
  // anything else loaded over http(s).
  const headers = securityHeaders(options);
  session.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders = { ...details.responseHeaders };
    for (const name of Object.keys(responseHeaders)) {
      if (name.toLowerCase() === 'content-security-policy') delete responseHeaders[name];
    }
    for (const [name, value] of Object.entries(headers)) responseHeaders[name] = [value];
    callback({ responseHeaders });
  });
}

/** Guards for every web contents, including any created later. */
export function guardAllWebContents(options: SecurityOptions): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, options));
}

function guardWebContents(contents: WebContents, options: SecurityOptions): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Our page opening one of our pages (a console popped out) gets a window as secure as the
    // first; anything else goes to the user's browser, if it is plain https.
    if (options.childWindow && options.isAppUrl(contents.getURL()) && options.isAppUrl(url)) {
      return { action: 'allow', overrideBrowserWindowOptions: options.childWindow() };
    }
    openExternalIfSafe(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (options.isAppUrl(event.url)) return;
    event.preventDefault();
    openExternalIfSafe(event.url);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!options.isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!options.isAppUrl(event.url)) event.preventDefault();
  });
}

/** Open a link in the user's browser, only for plain https URLs (no other scheme, no userinfo). */
export function openExternalIfSafe(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') {
    return false;
  }
  void shell.openExternal(parsed.href).catch(() => undefined);
  return true;
}
