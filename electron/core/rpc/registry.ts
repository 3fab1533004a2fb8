// The profiles Deckhand knows and the live session of each: persistence (settings + secrets) and
// session lifecycle in one place, so a profile and its session never drift apart. Every session
// is owned by the registry's DisposableStore: disposing the registry stops them all.

import { randomUUID } from 'node:crypto';
import { DeckhandError } from '../../../shared/errors';
import { DisposableStore, type Disposable } from '../../../shared/lifecycle';
import {
  PROFILE_COLORS,
  type ProfileAuthInput,
  type ProfileColor,
  type ProfileInfo,
} from '../../../shared/model';
import { ProfileSession, type ProfileSessionOptions } from '../session/profile-session';
import { passwordKey, tokenKey } from '../store/secret-keys';
import type { SecretStore, SettingsStore } from '../store/ports';

export type SessionFactory = (
  profile: ProfileInfo,
  credentials: ProfileAuthInput,
) => ProfileSession;

export type SessionSettings = Omit<ProfileSessionOptions, 'profile' | 'credentials'>;

/** A saved profile whose secret the store no longer has (e.g. the keyring was reset). */
export function missingSecret(profileId: string): DeckhandError {
  return new DeckhandError({
    kind: 'auth',
    message: `The stored password or token of profile ${profileId} is missing: enter it again (Edit credentials)`,
  });
}

/** The first palette colour no profile uses yet (the palette over again once all are taken). */
export function nextProfileColor(profiles: readonly ProfileInfo[]): ProfileColor {
  const used = new Set(profiles.map((p) => p.color));
  return (
    PROFILE_COLORS.find((c) => !used.has(c)) ??
    PROFILE_COLORS[profiles.length % PROFILE_COLORS.length]!
  );
}

export class ProfileRegistry implements Disposable {
  private profiles: ProfileInfo[] = [];
  private readonly sessions = new Map<string, ProfileSession>();
  private readonly store = new DisposableStore('profile sessions');
  /** Secrets of profiles that do not remember them: for this run only, never in the store. */
  private readonly transient = new Map<string, string>();
  /** The tail of each profile's queue of changes (see `exclusive`). */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly settings: SettingsStore,
    private readonly secrets: SecretStore,
    private readonly createSession: SessionFactory,
  ) {}

  async load(): Promise<ProfileInfo[]> {
    this.profiles = await this.settings.loadProfiles();
    return this.list();
  }

  list(): ProfileInfo[] {
    return this.profiles.map((p) => ({ ...p }));
  }

  find(predicate: (p: ProfileInfo) => boolean): ProfileInfo | undefined {
    const p = this.profiles.find(predicate);
    return p ? { ...p } : undefined;
  }

  session(profileId: string): ProfileSession {
    const s = this.sessions.get(profileId);
    if (s) return s;
    if (this.profiles.some((p) => p.id === profileId)) throw missingSecret(profileId);
    throw new DeckhandError({ kind: 'not-found', message: `No profile ${profileId}` });
  }

  has(profileId: string): boolean {
    return this.profiles.some((p) => p.id === profileId);
  }

  hasSession(profileId: string): boolean {
    return this.sessions.has(profileId);
  }

  /** Every live session (to change their pace together). */
  allSessions(): ProfileSession[] {
    return [...this.sessions.values()];
  }

  /** Create a profile from user input: its secret goes to the secret store, never into settings. */
  async add(
    fields: Omit<ProfileInfo, 'id' | 'authMode' | 'username' | 'realm'>,
    auth: ProfileAuthInput,
  ): Promise<ProfileInfo> {
    const profile: ProfileInfo = {
      id: randomUUID(),
      ...fields,
      color: fields.color ?? nextProfileColor(this.profiles),
      ...(auth.mode === 'password'
        ? { authMode: 'password' as const, username: auth.username, realm: auth.realm }
        : { authMode: 'token' as const, username: auth.tokenId }),
    };
    await this.storeSecret(profile, auth);
    this.profiles = [...this.profiles, profile];
    await this.settings.saveProfiles(this.profiles);
    if (!profile.disabled) this.startSession(profile, auth);
    return { ...profile };
  }

  /**
   * Run changes to one profile one after another, so an update and a remove (or two updates)
   * never interleave between their awaits. A failed change does not block the next one.
   */
  exclusive<T>(profileId: string, change: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(profileId) ?? Promise.resolve();
    const next = previous.then(change, change);
    const tail = next.catch(() => undefined);
    this.queues.set(profileId, tail);
    void tail.then(() => {
      if (this.queues.get(profileId) === tail) this.queues.delete(profileId);
    });
    return next;
  }

  /** Replace a profile's fields and secret (e.g. the demo's new URL) and restart its session. */
  async update(profile: ProfileInfo, auth: ProfileAuthInput): Promise<ProfileInfo> {
    return this.change(profile, { auth, restart: true });
  }

  /**
   * Save a profile's new fields and, when given, its new secret. With `restart`, its session is
   * replaced by a fresh one (new pin, new credentials); without a stored secret none is started.
   */
  async change(
    profile: ProfileInfo,
    opts: { auth?: ProfileAuthInput; restart: boolean },
  ): Promise<ProfileInfo> {
    if (!this.has(profile.id)) {
      throw new DeckhandError({ kind: 'not-found', message: `No profile ${profile.id}` });
    }
    const before = this.profiles.find((p) => p.id === profile.id);
    // Remembering switched: the secret moves between the store and this run's memory.
    const auth =
      opts.auth ??
      ((before?.rememberSecret === false) !== (profile.rememberSecret === false) && before
        ? await this.credentials(before).catch(() => undefined)
        : undefined);
    if (auth) await this.storeSecret(profile, auth);
    this.profiles = this.profiles.map((p) => (p.id === profile.id ? { ...profile } : p));
    await this.settings.saveProfiles(this.profiles);
    const enabledNow = before?.disabled === true && !profile.disabled;
    if (profile.disabled) {
      await this.stopSession(profile.id);
    } else if (opts.restart || enabledNow) {
      await this.stopSession(profile.id);
      const credentials = opts.auth ?? (await this.credentials(profile));
      if (credentials) this.startSession(profile, credentials);
    }
    return { ...profile };
  }

  async remove(profileId: string): Promise<ProfileInfo> {
    const profile = this.profiles.find((p) => p.id === profileId);
    if (!profile)
      throw new DeckhandError({ kind: 'not-found', message: `No profile ${profileId}` });
    await this.stopSession(profileId);
    this.profiles = this.profiles.filter((p) => p.id !== profileId);
    await this.settings.saveProfiles(this.profiles);
    await this.secrets.delete(passwordKey(profileId));
    await this.secrets.delete(tokenKey(profileId));
    this.transient.delete(passwordKey(profileId));
    this.transient.delete(tokenKey(profileId));
    return profile;
  }

  /** Put the profiles in this order (ids not listed keep their place after the listed ones). */
  async reorder(ids: readonly string[]): Promise<ProfileInfo[]> {
    const rank = new Map(ids.map((id, i) => [id, i]));
    const at = (p: ProfileInfo, i: number) => rank.get(p.id) ?? ids.length + i;
    this.profiles = this.profiles
      .map((p, i) => ({ p, r: at(p, i) }))
      .sort((a, b) => a.r - b.r)
      .map(({ p }) => p);
    await this.settings.saveProfiles(this.profiles);
    return this.list();
  }

  /** The stored credentials of a profile, or undefined when its secret is missing. */
  async credentials(profile: ProfileInfo): Promise<ProfileAuthInput | undefined> {
    if (profile.authMode === 'token') {
      const secret =
        this.transient.get(tokenKey(profile.id)) ?? (await this.secrets.get(tokenKey(profile.id)));
      return secret === undefined
        ? undefined
        : { mode: 'token', tokenId: profile.username, secret };
    }
    const password =
      this.transient.get(passwordKey(profile.id)) ??
      (await this.secrets.get(passwordKey(profile.id)));
    return password === undefined
      ? undefined
      : { mode: 'password', username: profile.username, realm: profile.realm ?? 'pam', password };
  }

  startSession(profile: ProfileInfo, auth: ProfileAuthInput): ProfileSession {
    const session = this.store.add(this.createSession(profile, auth));
    if (this.store.isDisposed) return session; // disposed at once by the store
    this.sessions.set(profile.id, session);
    session.start();
    return session;
  }

  private async stopSession(profileId: string): Promise<void> {
    const session = this.sessions.get(profileId);
    if (!session) return;
    this.sessions.delete(profileId);
    await this.store.release(session);
  }

  private async storeSecret(profile: ProfileInfo, auth: ProfileAuthInput): Promise<void> {
    if (profile.rememberSecret === false) {
      // Kept for this run; nothing of it stays in the store.
      const [keep, drop] =
        auth.mode === 'password'
          ? [passwordKey(profile.id), tokenKey(profile.id)]
          : [tokenKey(profile.id), passwordKey(profile.id)];
      this.transient.set(keep, auth.mode === 'password' ? auth.password : auth.secret);
      this.transient.delete(drop);
      await this.secrets.delete(passwordKey(profile.id));
      await this.secrets.delete(tokenKey(profile.id));
      return;
    }
    this.transient.delete(passwordKey(profile.id));
    this.transient.delete(tokenKey(profile.id));
    if (auth.mode === 'password') {
      await this.secrets.set(passwordKey(profile.id), auth.password);
      await this.secrets.delete(tokenKey(profile.id));
    } else {
      await this.secrets.set(tokenKey(profile.id), auth.secret);
      await this.secrets.delete(passwordKey(profile.id));
    }
  }

  async dispose(): Promise<void> {
    this.sessions.clear();
    // A session that fails to stop cleanly must not keep the others (or core) from stopping.
    await this.store.dispose().catch(() => undefined);
  }
}
