// The consoles of every window: which window (client) owns which console, where its events and
// bytes go, hand-over to another window (pop-out), and clean-up when a window, a profile or the
// core goes away. Console logins (password tickets for token profiles) live here, in memory only.
// Windows, consoles and logins are each owned by a DisposableStore: disposing the manager stops all.

import { randomBytes } from 'node:crypto';
import { DeckhandError } from '../../../shared/errors';
import type { CallContext, IpcWindowEvents, WindowEventName } from '../../../shared/ipc';
import {
  DisposableStore,
  systemScheduler,
  toDisposable,
  type Disposable,
  type Scheduler,
} from '../../../shared/lifecycle';
import type { ConsoleInfo, ConsoleTarget, GuestResource, ProfileInfo } from '../../../shared/model';
import { isGuest } from '../../../shared/model';
import {
  ConsoleSession,
  type ConsoleTimings,
  type ConsoleSessionDeps,
} from '../console/console-session';
import { PveClient } from '../pve/client';
import { normalizeServerUrl } from '../../../shared/server-url';
import type { ProfileSession } from '../session/profile-session';

/** Where a window's own events (never a broadcast one) and stream bytes go. */
export interface ClientSink {
  event<E extends WindowEventName>(name: E, payload: IpcWindowEvents[E]): void;
  stream(streamId: string, data: Uint8Array): void;
}

/** One window's link to core; disposing it (the window is gone) closes everything it owned. */
export interface ClientConnection extends Disposable {
  readonly clientId: string;
  /** Bytes into a stream this window owns (ignored for any other). */
  write(streamId: string, data: Uint8Array): void;
  dispose(): void;
}

export interface ConsoleManagerDeps {
  session(profileId: string): ProfileSession;
  profile(profileId: string): ProfileInfo | undefined;
  now(): number;
  scheduler?: Scheduler;
  timings?: Partial<ConsoleTimings>;
}

interface Entry {
  session: ConsoleSession;
  owner: string;
  profileId: string;
  /** Its place in the consoles store (closes it when core goes). */
  owned: Disposable;
}

/** Calls made without a window (tests calling handlers directly) own their consoles here. */
const NO_CLIENT = 'none';

export class ConsoleManager implements Disposable {
  private readonly clients = new Map<string, ClientSink>();
  /** Others owning things per window (log streams): told when a window goes. */
  private readonly goneListeners = new Set<(clientId: string) => void>();
  private readonly consoles = new Map<string, Entry>();
  private readonly logins = new Map<string, { client: PveClient; owned: Disposable }>();
  private nextId = 1;
  private readonly consoleStore = new DisposableStore('consoles');
  private readonly clientStore = new DisposableStore('console clients');
  private readonly loginStore = new DisposableStore('console logins');

  constructor(private readonly deps: ConsoleManagerDeps) {}

  connectClient(sink: ClientSink): ClientConnection {
    const clientId = `w${String(this.nextId++)}-${randomBytes(4).toString('hex')}`;
    this.clients.set(clientId, sink);
    const gone = toDisposable(() => {
      this.clientStore.forget(gone);
      this.clients.delete(clientId);
      for (const [id, entry] of this.consoles) {
        if (entry.owner !== clientId) continue;
        this.drop(id, entry);
        entry.session.close('Window closed');
      }
      for (const listener of [...this.goneListeners]) listener(clientId);
    });
    this.clientStore.add(gone);
    return {
      clientId,
      write: (streamId, data) => {
        const entry = this.consoles.get(streamId);
        if (entry && entry.owner === clientId) entry.session.write(data);
      },
      dispose: () => void gone.dispose(),
    };
  }

  /** The sink of a connected window, for others that own things per window (log streams). */
  clientSink(clientId: string): ClientSink | undefined {
    return this.clients.get(clientId);
  }

  /** The profile's console login (see `login`), when there is one. */
  loginClient(profileId: string): PveClient | undefined {
    return this.logins.get(profileId)?.client;
  }

  /** Call `listener` with the id of each window that goes (after its consoles closed). */
  onClientGone(listener: (clientId: string) => void): Disposable {
    this.goneListeners.add(listener);
    return toDisposable(() => void this.goneListeners.delete(listener));
  }

  open(target: ConsoleTarget, ctx: CallContext | undefined): ConsoleInfo {
    if (this.consoleStore.isDisposed) {
      throw new DeckhandError({ kind: 'internal', message: 'Shutting down' });
    }
    const profile = this.deps.profile(target.profileId);
    if (!profile) {
      throw new DeckhandError({ kind: 'not-found', message: `No profile ${target.profileId}` });
    }
    // Fails (with the reason) when the profile has no session, e.g. its secret is missing.
    this.deps.session(target.profileId);
    const consoleId = `c${String(this.nextId++)}${randomBytes(6).toString('hex')}`;
    const owner = ctx?.clientId ?? NO_CLIENT;
    const guestId =
      target.vmid === undefined
        ? undefined
        : `${target.kind === 'lxc' ? 'lxc' : 'qemu'}/${String(target.vmid)}`;
    // The profile's session may be restarting or gone by the time a console asks: then unknown.
    const profileSession = (): ProfileSession | undefined => {
      try {
        return this.deps.session(target.profileId);
      } catch {
        return undefined;
      }
    };
    const guestNow = (): GuestResource | undefined => {
      const r = guestId ? profileSession()?.resource(guestId) : undefined;
      return r && isGuest(r) ? r : undefined;
    };
    const { title, label } = describe(profile, target, guestNow());
    const deps: ConsoleSessionDeps = {
      consoleId,
      target,
      title,
      label,
      client: () =>
        this.logins.get(target.profileId)?.client ?? this.deps.session(target.profileId).api,
      guest: guestNow,
      nodeOnline: () => {
        const node = profileSession()?.resource(`node/${target.node}`);
        if (node?.type !== 'node' || node.status === 'unknown') return undefined;
        return node.status === 'online';
      },
      serverVersion: () => profileSession()?.state.version,
      usesToken: () =>
        !this.logins.has(target.profileId) &&
        this.deps.session(target.profileId).api.authMode === 'token',
      emit: (info) => this.sinkOf(consoleId)?.event('console', info),
      output: (data) => this.sinkOf(consoleId)?.stream(consoleId, data),
      now: this.deps.now,
      scheduler: this.deps.scheduler ?? systemScheduler,
      ...(this.deps.timings ? { timings: this.deps.timings } : {}),
    };
    const session = new ConsoleSession(deps);
    const owned = this.consoleStore.add(
      toDisposable(() => {
        session.close('Deckhand is closing');
        this.consoles.delete(consoleId);
      }),
    );
    this.consoles.set(consoleId, { session, owner, profileId: target.profileId, owned });
    return session.connect();
  }

  list(ctx: CallContext | undefined): ConsoleInfo[] {
    const owner = ctx?.clientId ?? NO_CLIENT;
    return [...this.consoles.values()].filter((e) => e.owner === owner).map((e) => e.session.info);
  }

  attach(consoleId: string, ctx: CallContext | undefined): ConsoleInfo {
    const entry = this.consoles.get(consoleId);
    if (!entry) throw notFound(consoleId);
    const owner = ctx?.clientId ?? NO_CLIENT;
    if (entry.owner === owner) return entry.session.info;
    const previous = this.clients.get(entry.owner);
    entry.owner = owner;
    previous?.event('console', entry.session.movedAway());
    const { info, replay } = entry.session.handOver();
    const sink = this.clients.get(owner);
    if (sink) for (const chunk of replay) sink.stream(consoleId, chunk);
    return info;
  }

  reconnect(consoleId: string, ctx: CallContext | undefined): ConsoleInfo {
    return this.owned(consoleId, ctx).connect();
  }

  close(consoleId: string, ctx: CallContext | undefined): void {
    const session = this.owned(consoleId, ctx);
    session.close(); // reported to the owner first, while it is still the owner
    const entry = this.consoles.get(consoleId);
    if (entry) this.drop(consoleId, entry);
  }

  resize(consoleId: string, cols: number, rows: number, ctx: CallContext | undefined): void {
    this.owned(consoleId, ctx).resize(cols, rows);
  }

  ack(consoleId: string, bytes: number, ctx: CallContext | undefined): void {
    this.owned(consoleId, ctx).ack(bytes);
  }

  /** Log in with a password for this profile's consoles; replaces an earlier console login. */
  async login(profileId: string, username: string, realm: string, password: string): Promise<void> {
    const profile = this.deps.profile(profileId);
    if (!profile)
      throw new DeckhandError({ kind: 'not-found', message: `No profile ${profileId}` });
    const client = new PveClient({
      endpoint: normalizeServerUrl(profile.url),
      ...(profile.fingerprint ? { fingerprint: profile.fingerprint } : {}),
      credentials: { mode: 'password', username, realm, password },
      now: this.deps.now,
    });
    try {
      await client.login();
    } catch (err) {
      await client.dispose();
      throw err;
    }
    if (this.loginStore.isDisposed) {
      await client.dispose();
      return;
    }
    await this.dropLogin(profileId);
    this.logins.set(profileId, { client, owned: this.loginStore.add(client) });
  }

  /** The profile's session is going away (removed, or restarted with new credentials). */
  async closeProfile(profileId: string, reason: string): Promise<void> {
    for (const [id, entry] of this.consoles) {
      if (entry.profileId !== profileId) continue;
      entry.session.close(reason); // reported to its window first, while it still owns it
      this.drop(id, entry);
    }
    await this.dropLogin(profileId);
  }

  async dispose(): Promise<void> {
    // Consoles first, so each closes with its reason before its window's link goes.
    await Promise.allSettled([
      this.consoleStore.dispose(),
      this.clientStore.dispose(),
      this.loginStore.dispose(),
    ]);
    this.clients.clear();
  }

  /** Forget a console that is being closed by other means than the store. */
  private drop(consoleId: string, entry: Entry): void {
    this.consoles.delete(consoleId);
    this.consoleStore.forget(entry.owned);
  }

  private async dropLogin(profileId: string): Promise<void> {
    const login = this.logins.get(profileId);
    if (!login) return;
    this.logins.delete(profileId);
    await this.loginStore.release(login.owned);
  }

  private sinkOf(consoleId: string): ClientSink | undefined {
    const entry = this.consoles.get(consoleId);
    return entry ? this.clients.get(entry.owner) : undefined;
  }

  private owned(consoleId: string, ctx: CallContext | undefined): ConsoleSession {
    const entry = this.consoles.get(consoleId);
    if (!entry || entry.owner !== (ctx?.clientId ?? NO_CLIENT)) throw notFound(consoleId);
    return entry.session;
  }
}

function notFound(consoleId: string): DeckhandError {
  return new DeckhandError({ kind: 'not-found', message: `No open console ${consoleId}` });
}

function describe(
  profile: ProfileInfo,
  target: ConsoleTarget,
  guest: GuestResource | undefined,
): { title: string; label: string } {
  const vmid = String(target.vmid ?? '');
  const name = guest?.name ?? (target.kind === 'lxc' ? `CT ${vmid}` : `VM ${vmid}`);
  switch (target.kind) {
    case 'shell':
      return {
        label: `${target.node} shell`,
        title: `${profile.name} · ${target.node} · shell`,
      };
    case 'lxc':
      return {
        label: `${name} (${vmid})`,
        title: `${profile.name} · ${target.node} · CT ${vmid} ${name} · console`,
      };
    case 'serial':
      return {
        label: `${name} (${vmid}) serial`,
        title: `${profile.name} · ${target.node} · VM ${vmid} ${name} · serial terminal`,
      };
    case 'vnc':
      return {
        label: `${name} (${vmid})`,
        title: `${profile.name} · ${target.node} · VM ${vmid} ${name} · screen`,
      };
  }
}
