// Secrets (passwords, token secrets) in one file, each value encrypted through a cipher port
// (Electron's safeStorage on a desktop, a key file for the browser host, a stand-in in tests) and
// tagged with its scheme: `v1:os:` for a real keyring (Keychain, DPAPI, libsecret, KWallet),
// `v1:<backend>:` for a weak one (Linux's `basic_text`, whose key is built into Chromium, or the
// browser host's `key-file`). The file holds nothing readable.
//
// - No real protection: values stay in memory for this run unless the user chose to store them
//   anyway (`setWeakPolicy('store')`, warned in the UI); that choice is kept in the file.
// - A file that cannot be read (not JSON, wrong shape) is moved aside as `<file>.corrupt-<time>`
//   and reported through `problem()`; it is never dropped silently or overwritten.
// - Writes are atomic (temporary file, fsync, rename) and owner-only (0600).

import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { DeckhandError } from '../../../shared/errors';
import type { SecretPersistence, SecretsInfo, WeakSecretPolicy } from '../../../shared/model';
import type { SecretStore } from './ports';

/** What the OS offers to encrypt with (Electron's safeStorage, or a test's stand-in). */
export interface SecretCipher {
  /** Whether encryption can be used at all now. */
  available(): Promise<boolean>;
  /** Linux's backend name (`basic_text`, `gnome_libsecret`, `kwallet5`…); undefined elsewhere. */
  backend(): string | undefined;
  encrypt(plain: string): Promise<Buffer>;
  decrypt(data: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

const OS_TAG = 'v1:os:';
/** electron-store's earlier format (a flat map of `v1:safeStorage:<base64>`): still read. */
const LEGACY_TAG = 'v1:safeStorage:';
/** Backends whose key is not the user's: a built-in key, or a key file beside the secrets. */
const WEAK_BACKENDS = new Set(['basic_text', 'unknown', 'key-file']);
const TAG_RE = /^v1:([a-z0-9_-]{1,32}):/i;

interface FileBody {
  version: 2;
  weakPolicy: WeakSecretPolicy;
  secrets: Record<string, string>;
}

type Protection = 'os' | 'weak' | 'none';

export interface EncryptedSecretStoreOptions {
  file: string;
  cipher: SecretCipher;
  now?: () => number;
}

export class EncryptedSecretStore implements SecretStore {
  private readonly file: string;
  private readonly cipher: SecretCipher;
  private readonly now: () => number;
  private body: FileBody | undefined;
  private loading: Promise<FileBody> | undefined;
  /** Values kept for this run only (no protection, or the user's "this session only"). */
  private readonly memory = new Map<string, string>();
  private corrupt: string | undefined;
  /** Writes one after another, so a slow write never lands after a newer one. */
  private queue: Promise<void> = Promise.resolve();

  constructor(opts: EncryptedSecretStoreOptions) {
    this.file = opts.file;
    this.cipher = opts.cipher;
    this.now = opts.now ?? Date.now;
  }

  async persistence(): Promise<SecretPersistence> {
    const protection = await this.protection();
    if (protection === 'os') return 'encrypted';
    if (protection === 'weak' && (await this.load()).weakPolicy === 'store') return 'encrypted';
    return 'memory';
  }

  /** What the UI says about secrets: where they go, the weak backend's choice, a corrupt file. */
  async info(): Promise<SecretsInfo> {
    const protection = await this.protection();
    const body = await this.load();
    return {
      ...(protection === 'weak' ? { weakBackend: true, weakPolicy: body.weakPolicy } : {}),
      ...(this.corrupt ? { problem: this.corrupt } : {}),
    };
  }

  /**
   * The user's choice for a weak backend: keep secrets for this session only (the default), or
   * store them anyway. Moving to 'store' writes what is held in memory; back to 'session' removes
   * the weakly encrypted values from disk and keeps them in memory for this run.
   */
  async setWeakPolicy(policy: WeakSecretPolicy): Promise<void> {
    const body = await this.load();
    if (body.weakPolicy === policy) return;
    body.weakPolicy = policy;
    if (policy === 'store' && (await this.protection()) === 'weak') {
      for (const [key, value] of this.memory) body.secrets[key] = await this.seal(value);
      this.memory.clear();
    } else {
      for (const [key, sealed] of Object.entries(body.secrets)) {
        if (sealed.startsWith(OS_TAG)) continue;
        this.memory.set(key, (await this.open(sealed)).result);
        delete body.secrets[key];
      }
    }
    await this.save();
  }

  /** Forget the corrupt-file report (the user has seen it). */
  dismissProblem(): void {
    this.corrupt = undefined;
  }

  async get(key: string): Promise<string | undefined> {
    if (this.memory.has(key)) return this.memory.get(key);
    const body = await this.load();
    const sealed = body.secrets[key];
    if (sealed === undefined) return undefined;
    const { result, shouldReEncrypt } = await this.open(sealed);
    // The OS asks for a fresh encryption (a rotated key): written back under the current scheme.
    if (shouldReEncrypt || sealed.startsWith(LEGACY_TAG)) await this.set(key, result);
    return result;
  }

  async set(key: string, value: string): Promise<void> {
    const body = await this.load();
    const protection = await this.protection();
    const keep = protection === 'os' || (protection === 'weak' && body.weakPolicy === 'store');
    if (!keep) {
      this.memory.set(key, value);
      if (key in body.secrets) {
        delete body.secrets[key];
        await this.save();
      }
      return;
    }
    body.secrets[key] = await this.seal(value);
    this.memory.delete(key);
    await this.save();
  }

  async delete(key: string): Promise<void> {
    this.memory.delete(key);
    const body = await this.load();
    if (!(key in body.secrets)) return;
    delete body.secrets[key];
    await this.save();
  }

  private async protection(): Promise<Protection> {
    if (!(await this.cipher.available())) return 'none';
    const backend = this.cipher.backend();
    return backend !== undefined && WEAK_BACKENDS.has(backend) ? 'weak' : 'os';
  }

  /** Encrypted and tagged with the scheme in use now (`os`, or the weak backend's name). */
  private async seal(value: string): Promise<string> {
    const weak = (await this.protection()) === 'weak';
    const tag = weak ? `v1:${this.cipher.backend() ?? 'unknown'}:` : OS_TAG;
    const data = await this.cipher.encrypt(value);
    return `${tag}${data.toString('base64')}`;
  }

  private async open(sealed: string): Promise<{ result: string; shouldReEncrypt: boolean }> {
    const tag = TAG_RE.exec(sealed)?.[0];
    if (!tag || !(tag === OS_TAG || tag === LEGACY_TAG || WEAK_BACKENDS.has(tag.slice(3, -1)))) {
      throw new DeckhandError({
        kind: 'internal',
        message: 'A stored secret has an unknown format; enter the password or token again.',
      });
    }
    if (!(await this.cipher.available())) {
      throw new DeckhandError({
        kind: 'internal',
        message:
          'The system keyring that protects saved secrets is not available now; start it (GNOME ' +
          'Keyring / KWallet) and restart Deckhand, or enter the password or token again.',
      });
    }
    try {
      return await this.cipher.decrypt(Buffer.from(sealed.slice(tag.length), 'base64'));
    } catch {
      throw new DeckhandError({
        kind: 'internal',
        message:
          'A stored secret could not be decrypted (the keyring changed?); enter the password or token again.',
      });
    }
  }

  private load(): Promise<FileBody> {
    if (this.body) return Promise.resolve(this.body);
    this.loading ??= this.read().then((body) => (this.body = body));
    return this.loading;
  }

  private async read(): Promise<FileBody> {
    const empty = (): FileBody => ({ version: 2, weakPolicy: 'session', secrets: {} });
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return empty();
      throw err;
    }
    const parsed = parseBody(text);
    if (parsed) return parsed;
    // Kept aside for the user (or support) to look at; a fresh file takes its place.
    const aside = `${this.file}.corrupt-${new Date(this.now()).toISOString().replace(/[:.]/g, '-')}`;
    await rename(this.file, aside);
    this.corrupt =
      `The saved passwords and tokens could not be read, so the file was kept as ` +
      `${path.basename(aside)} and a new one started. Enter the password or token of each ` +
      `profile again (Edit credentials).`;
    return empty();
  }

  private save(): Promise<void> {
    const write = async (): Promise<void> => {
      const body = this.body;
      if (!body) return;
      await mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        const handle = await open(tmp, 'w', 0o600);
        try {
          await handle.writeFile(JSON.stringify(body, null, 2) + '\n', 'utf8');
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

/** The file's body, from this format or electron-store's flat map; undefined when unreadable. */
function parseBody(text: string): FileBody | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const obj = json as Record<string, unknown>;
  if (obj['version'] === 2) {
    const secrets = obj['secrets'];
    const policy = obj['weakPolicy'];
    if (!isStringMap(secrets) || (policy !== 'session' && policy !== 'store')) return undefined;
    return { version: 2, weakPolicy: policy, secrets: { ...secrets } };
  }
  if (!isStringMap(obj)) return undefined;
  return { version: 2, weakPolicy: 'session', secrets: { ...obj } };
}

function isStringMap(v: unknown): v is Record<string, string> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  return Object.values(v).every((x) => typeof x === 'string');
}
