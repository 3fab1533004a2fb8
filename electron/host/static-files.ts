// The static-file rules both hosts share for the built renderer: explicit content types, and no
// path outside the renderer's directory (by the path's text, and after resolving symlinks where
// the files are plain files). Serving the files is each host's own business.

import { realpath, stat } from 'node:fs/promises';
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
