// The one Content-Security-Policy of the renderer, shared by both hosts (the browser host sends it
// as a header, the Electron host adds it to every response of its session). It matches the meta
// tag in renderer/index.html; only connect-src differs per host: the browser host allows its own
// loopback WebSocket, the Electron host talks over IPC and needs no network at all.

export function contentSecurityPolicy(connectSrc: readonly string[]): string {
  const directives: Record<string, readonly string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    // Mantine and xterm.js set inline style attributes; no inline script is allowed.
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
