// Profiles (never secrets) in a JSON file for plain-Node hosts. Writes go to a temporary file that
// is renamed over the old one, so a crash mid-write leaves the previous file intact.

import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ProfileInfo } from '../../../shared/model';
import type { SettingsStore } from './ports';
import { storedProfileSchema, toProfileInfo } from './profile-schema';

// This file may leave isDemo out (electron-store's may not): such a profile is a real cluster.
const profileSchema = storedProfileSchema.extend({ isDemo: z.boolean().default(false) });

const fileSchema = z.object({ version: z.literal(1), profiles: z.array(profileSchema) });

export class JsonFileSettingsStore implements SettingsStore {
  /** Saves run one after another, so a slow write never lands after a newer one. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  async loadProfiles(): Promise<ProfileInfo[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${this.file} is not valid JSON`);
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${this.file} is not a Deckhand profiles file`);
    return parsed.data.profiles.map(toProfileInfo);
  }

  saveProfiles(profiles: ProfileInfo[]): Promise<void> {
    const write = async (): Promise<void> => {
      await mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
      const body = JSON.stringify({ version: 1, profiles }, null, 2) + '\n';
      try {
        const handle = await open(tmp, 'w', 0o600);
        try {
          await handle.writeFile(body, 'utf8');
          // On disk before the rename, or a power cut could leave an empty file in its place.
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(tmp, this.file);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    };
    const next = this.queue.then(write, write);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
