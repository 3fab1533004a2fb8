// What core needs from the host to keep each profile's last known state between runs: a small
// key → text store (one entry per profile). Hosts pass a directory-backed one; tests pass memory.

/** Non-secret cached state, one text per key. A key is a profile id. */
export interface CacheStore {
  /** The text stored under `key`, or undefined when there is none. */
  read(key: string): Promise<string | undefined>;
  /** Replace the text under `key` (atomically: a crash leaves the old text or the new). */
  write(key: string, text: string): Promise<void>;
  remove(key: string): Promise<void>;
}
