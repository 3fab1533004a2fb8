// The built renderer's fingerprinted assets (vite names each by its content hash, so a name never
// changes meaning) held in memory, read once when a host starts: a window that opens while core
// starts its sessions gets its scripts and styles without waiting on the file system's thread
// pool. index.html and source maps are not held (index.html is read per request, maps rarely).

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** The folder of fingerprinted files in a vite build. */
const ASSETS = 'assets';
/** No single file larger than this is held (the app's biggest chunk is about 1 MB). */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

export class AssetCache {
  /** By the URL path a page asks for (`/assets/<name>`). */
  private readonly files = new Map<string, Buffer>();
  /** Settles when the assets present at start are read (a failure leaves them to the disk). */
  readonly ready: Promise<void>;

  /**
   * `resolve` is the host's own rule from a URL path to the file it would serve (inside the root,
   * a plain file) or undefined: only files it allows are held.
   */
  constructor(
    root: string,
    resolve: (urlPath: string) => Promise<string | undefined> | string | undefined,
  ) {
    this.ready = this.load(root, resolve).catch(() => undefined);
  }

  /** The bytes of a held file, by the exact URL path (anything else goes to the disk). */
  get(urlPath: string): Buffer | undefined {
    return this.files.get(urlPath);
  }

  private async load(
    root: string,
    resolve: (urlPath: string) => Promise<string | undefined> | string | undefined,
  ): Promise<void> {
    const names = await readdir(path.join(root, ASSETS));
    await Promise.all(
      names
        .filter((n) => !n.endsWith('.map') && encodeURIComponent(n) === n)
        .map(async (name) => {
          const urlPath = `/${ASSETS}/${name}`;
          const file = await resolve(urlPath);
          if (file === undefined) return;
          const bytes = await readFile(file);
          if (bytes.length <= MAX_FILE_BYTES) this.files.set(urlPath, bytes);
        }),
    );
  }
}
