// A CacheStore in a directory, one `<key>.json` file per profile. Writes go to a temporary file
// that is renamed over the old one, so a crash mid-write leaves the previous file intact.

import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { CacheStore } from './ports';

export class FileCacheStore implements CacheStore {
  /** Writes of one key run one after another, so a slow write never lands after a newer one. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly dir: string) {}

  /** The file of a key: profile ids are UUIDs; anything else is hashed into a safe name. */
  fileOf(key: string): string {
    const safe = /^[A-Za-z0-9_-]{1,64}$/.test(key)
      ? key
      : createHash('sha256').update(key).digest('hex').slice(0, 32);
    return path.join(this.dir, `${safe}.json`);
  }

  async read(key: string): Promise<string | undefined> {
    try {
      return await readFile(this.fileOf(key), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  write(key: string, text: string): Promise<void> {
    const file = this.fileOf(key);
    return this.enqueue(key, async () => {
      await mkdir(this.dir, { recursive: true });
      const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        const handle = await open(tmp, 'w', 0o600);
        try {
          await handle.writeFile(text, 'utf8');
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(tmp, file);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    });
  }

  remove(key: string): Promise<void> {
    const file = this.fileOf(key);
    return this.enqueue(key, () => rm(file, { force: true }));
  }

  private enqueue(key: string, job: () => Promise<void>): Promise<void> {
    const next = (this.queues.get(key) ?? Promise.resolve()).then(job, job);
    const tail = next.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return next;
  }
}
