// Serves the built renderer from one directory: GET/HEAD only, no directory listings, no path
// outside the directory (the shared rules in electron/host/static-files.ts), explicit content
// types.

import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AssetCache } from '../host/asset-cache';
import { contentTypeOf, resolveStaticPath } from '../host/static-files';

/** Answer one request for a static file; `headers` are the security headers to add. */
export async function serveStatic(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
  /** The page's own index.html as served (the first frame inlined, shared/first-frame.ts). */
  indexPage?: (html: string) => string | Promise<string>,
  /** The fingerprinted assets, held in memory (electron/host/asset-cache.ts). */
  assets?: AssetCache,
): Promise<void> {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    sendText(res, 405, 'Method not allowed');
    return;
  }
  const urlPath = (req.url ?? '/').split('?')[0] ?? '/';
  const held = assets?.get(urlPath);
  if (held) {
    sendBytes(req, res, contentTypeOf(urlPath), held, 'no-cache');
    return;
  }
  const filePath = await resolveStaticPath(root, urlPath);
  if (filePath === undefined) {
    sendText(res, 404, 'Not found');
    return;
  }
  if (indexPage && filePath === path.join(root, 'index.html')) {
    const page = Buffer.from(await indexPage(await readFile(filePath, 'utf8')));
    sendBytes(req, res, contentTypeOf(filePath), page, 'no-store');
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

/** A 200 with `bytes` as the body (none for HEAD). */
function sendBytes(
  req: IncomingMessage,
  res: ServerResponse,
  contentType: string,
  bytes: Buffer,
  cacheControl: string,
): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', String(bytes.length));
  res.setHeader('Cache-Control', cacheControl);
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', String(Buffer.byteLength(text)));
  res.end(text);
}
