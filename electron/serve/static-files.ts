// Serves the built renderer from one directory: GET/HEAD only, no directory listings, no path
// outside the directory (checked after resolving symlinks), explicit content types.

import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function contentTypeOf(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Map a URL path to a path inside `root` by its text alone (no file system access), or undefined
 * when the path is malformed or leaves `root`. `/` and paths ending in `/` mean their index.html.
 */
export function resolveLexicalPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) {
    return undefined;
  }
  const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const candidate = path.resolve(root, `.${relative}`);
  return isInside(root, candidate) ? candidate : undefined;
}

/**
 * Map a URL path to an existing file inside `root` (a real, absolute path), or undefined when the
 * path is malformed, missing, not a file, or leads outside `root` (symlinks included).
 */
export async function resolveStaticPath(
  root: string,
  urlPath: string,
): Promise<string | undefined> {
  const candidate = resolveLexicalPath(root, urlPath);
  if (candidate === undefined) return undefined;
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    return undefined;
  }
  if (!isInside(root, real)) return undefined;
  try {
    if (!(await stat(real)).isFile()) return undefined;
  } catch {
    return undefined;
  }
  return real;
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Answer one request for a static file; `headers` are the security headers to add. */
export async function serveStatic(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
): Promise<void> {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    sendText(res, 405, 'Method not allowed');
    return;
  }
  const urlPath = (req.url ?? '/').split('?')[0] ?? '/';
  const filePath = await resolveStaticPath(root, urlPath);
  if (filePath === undefined) {
    sendText(res, 404, 'Not found');
    return;
  }
  const info = await stat(filePath);
  res.statusCode = 200;
  res.setHeader('Content-Type', contentTypeOf(filePath));
  res.setHeader('Content-Length', String(info.size));
  // Vite fingerprints assets, but index.html must always be fresh; keep it simple: revalidate.
  res.setHeader('Cache-Control', 'no-cache');
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(filePath);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', String(Buffer.byteLength(text)));
  res.end(text);
}
