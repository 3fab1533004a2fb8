// A CacheStore in memory, for tests and hosts that keep nothing between runs.

import type { CacheStore } from './ports';

export class MemoryCacheStore implements CacheStore {
  readonly entries = new Map<string, string>();

  async read(key: string): Promise<string | undefined> {
    return this.entries.get(key);
  }

  async write(key: string, text: string): Promise<void> {
    this.entries.set(key, text);
  }

  async remove(key: string): Promise<void> {
    this.entries.delete(key);
  }
}
