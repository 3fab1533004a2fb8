// What the profile calls do, apart from their transport: probe a server, test a login, add,
// change and remove profiles (a profile is saved only once it can log in; a new pin only when the
// server presents it now), the demo profile, and starting the saved profiles at launch.

import { DeckhandError, isDeckhandError } from '../../../shared/errors';
import type { CallArgs } from '../../../shared/ipc';
import type { DemoOffer } from '../../../shared/ipc/demos';
import type {
  ConnectionState,
  ConnectionTestResult,
  ProbeResult,
  ProfileAuthInput,
  ProfileInfo,
  ProfileInput,
} from '../../../shared/model';
import { normalizeServerUrl } from '../../../shared/server-url';
import { getClusterStatus, getDomains, getResources, getVersion } from '../pve/api';
import { PveClient } from '../pve/client';
import { normalizeFingerprint, probeCertificate } from '../pve/tls';
import { PveTransport } from '../pve/transport';
import type { Logger } from '../session/profile-session';
import type { ConsoleManager } from './consoles';
import type { DemoProfile } from './demo-profile';
import type { ProfileRegistry } from './registry';

export interface ProfileServiceDeps {
  registry: ProfileRegistry;
  consoles: ConsoleManager;
  /** Log streams: a removed profile's are closed with the reason. */
  logs?: { closeProfile(profileId: string, reason: string): void };
  demo: DemoProfile;
  now(): number;
  log: Logger;
  /** Each profile's last known state on disk: read at launch, dropped with its profile. */
  cache?: { load(profileIds: string[]): Promise<void>; forget(profileId: string): Promise<void> };
  /** The list changed: tell every window. */
  profilesChanged(list: ProfileInfo[]): void;
}

export class ProfileService {
  constructor(private readonly deps: ProfileServiceDeps) {}

  list(): ProfileInfo[] {
    return this.deps.registry.list();
  }

  /** Reach the URL, read its certificate and (when trusted or approved) its realms. */
  async probe(args: CallArgs<'profiles.probe'>): Promise<ProbeResult> {
    const endpoint = normalizeServerUrl(args.url);
    const certificate = await probeCertificate(endpoint);
    const approved =
      args.fingerprint !== undefined &&
      normalizeFingerprint(args.fingerprint) === certificate.fingerprint;
    if (!certificate.trusted && !approved) return { url: endpoint.baseUrl, certificate };
    const transport = new PveTransport({
      endpoint,
      ...(approved ? { fingerprint: certificate.fingerprint } : {}),
    });
    try {
      return { url: endpoint.baseUrl, certificate, realms: await getDomains(transport) };
    } finally {
      await transport.dispose();
    }
  }

  /** Log in with the input without saving anything; say what the server is. */
  async test(input: ProfileInput): Promise<ConnectionTestResult> {
    const client = this.client(input, input.auth);
    try {
      const login = await client.login().catch((err: unknown) => {
        if (!isDeckhandError(err, 'tfa')) throw err;
        // The password was right; the code is asked for once the profile connects.
        throw new DeckhandError({
          ...err.toData(),
          message: `The password is right. ${err.message.replace(/: enter /, ' (').replace(/\.$/, '')}), which Deckhand asks for once the profile is added.`,
        });
      });
      const version = await getVersion(client);
      let clusterName = login.clusterName;
      let nodes: number;
      try {
        const status = await getClusterStatus(client);
        clusterName ??= status.clusterName;
        nodes = status.nodes.length;
      } catch (err) {
        if (!(err instanceof DeckhandError && err.kind === 'permission')) throw err;
        // Without Sys.Audit on / count the nodes this user can see.
        nodes = (await getResources(client)).items.filter((r) => r.type === 'node').length;
      }
      return { version, identity: login.identity, nodes, ...(clusterName ? { clusterName } : {}) };
    } finally {
      await client.dispose();
    }
  }

  async add(input: ProfileInput): Promise<ProfileInfo> {
    const endpoint = normalizeServerUrl(input.url);
    const info = {
      name: input.name,
      url: endpoint.baseUrl,
      isDemo: false,
      ...(input.fingerprint ? { fingerprint: normalizeFingerprint(input.fingerprint) } : {}),
      ...(input.color ? { color: input.color } : {}),
      ...(input.readOnly ? { readOnly: true } : {}),
      ...(input.production ? { production: true } : {}),
      ...(input.rememberSecret === false ? { rememberSecret: false } : {}),
      ...(input.disabled ? { disabled: true } : {}),
    };
    // A profile is saved only once it can log in: a typo in the password must not be stored.
    await this.checkLogin(info, input.auth);
    const profile = await this.deps.registry.add(info, input.auth);
    this.changed();
    return profile;
  }

  async update(args: CallArgs<'profiles.update'>): Promise<ProfileInfo> {
    const { registry } = this.deps;
    const saved = await registry.exclusive(args.profileId, async () => {
      const current = registry.find((p) => p.id === args.profileId);
      if (!current) {
        throw new DeckhandError({ kind: 'not-found', message: `No profile ${args.profileId}` });
      }
      const next: ProfileInfo = { ...current };
      if (args.name !== undefined) next.name = args.name;
      if (args.color !== undefined) next.color = args.color;
      if (args.readOnly !== undefined) next.readOnly = args.readOnly;
      if (args.production !== undefined) next.production = args.production;
      if (args.rememberSecret !== undefined) {
        if (args.rememberSecret) delete next.rememberSecret;
        else next.rememberSecret = false;
      }
      if (args.disabled !== undefined) {
        if (args.disabled) next.disabled = true;
        else delete next.disabled;
      }
      if (args.fingerprint !== undefined) {
        next.fingerprint = await presentedFingerprint(current.url, args.fingerprint);
      }
      if (args.auth) {
        next.authMode = args.auth.mode;
        if (args.auth.mode === 'password') {
          next.username = args.auth.username;
          next.realm = args.auth.realm;
        } else {
          next.username = args.auth.tokenId;
          delete next.realm;
        }
        await this.checkLogin(next, args.auth);
      }
      const restart = args.fingerprint !== undefined || args.auth !== undefined;
      return registry.change(next, { ...(args.auth ? { auth: args.auth } : {}), restart });
    });
    this.changed();
    return saved;
  }

  async remove(profileId: string): Promise<void> {
    const { registry } = this.deps;
    await this.deps.consoles.closeProfile(profileId, 'The profile was removed');
    this.deps.logs?.closeProfile(profileId, 'The profile was removed');
    const removed = await registry.exclusive(profileId, () => registry.remove(profileId));
    await this.deps.cache?.forget(profileId).catch(() => undefined);
    // Only this profile's demo closes; another demo's profile keeps its own.
    if (removed.isDemo) await this.deps.demo.stop(this.deps.demo.idOf(removed));
    this.changed();
  }

  /** A copy of a saved profile (server, pins, settings, secret) under a new name. */
  async duplicate(profileId: string, name?: string): Promise<ProfileInfo> {
    const { registry } = this.deps;
    const source = registry.find((p) => p.id === profileId);
    if (!source) throw new DeckhandError({ kind: 'not-found', message: `No profile ${profileId}` });
    if (source.isDemo) {
      throw new DeckhandError({
        kind: 'validation',
        message: 'The demo profile cannot be duplicated: its cluster is made anew at every start.',
      });
    }
    const auth = await registry.credentials(source).catch(() => undefined);
    if (!auth) {
      throw new DeckhandError({
        kind: 'auth',
        message: `The password or token of ${source.name} is not available now: enter it (Edit credentials), then duplicate.`,
      });
    }
    const { id: _id, color: _color, authMode: _m, username: _u, realm: _r, ...fields } = source;
    const profile = await registry.add({ ...fields, name: name ?? `${source.name} (copy)` }, auth);
    this.changed();
    return profile;
  }

  /** The profiles in the user's order. */
  async reorder(profileIds: readonly string[]): Promise<ProfileInfo[]> {
    const list = await this.deps.registry.reorder(profileIds);
    this.changed();
    return list;
  }

  /** The main demo (the first the host offers): start it and add or reconnect its profile. */
  async addDemo(): Promise<ProfileInfo> {
    const { demo } = this.deps;
    const profile = await demo.connect(demo.ids()[0] ?? 'cluster');
    this.changed();
    return profile;
  }

  demoOffers(): DemoOffer[] {
    return this.deps.demo.offers();
  }

  /** Start the named demos (all by default) side by side, then add or reconnect each in turn. */
  async addDemos(ids?: readonly string[]): Promise<ProfileInfo[]> {
    const { demo } = this.deps;
    const wanted = [...new Set(ids ?? demo.ids())];
    const started = await Promise.allSettled(wanted.map((id) => demo.start(id)));
    const added: ProfileInfo[] = [];
    let failure: unknown;
    for (const [i, id] of wanted.entries()) {
      const outcome = started[i];
      if (outcome?.status === 'rejected') {
        failure ??= outcome.reason;
        continue;
      }
      try {
        added.push(await demo.connect(id));
      } catch (err) {
        failure ??= err;
      }
    }
    if (added.length > 0) this.changed();
    if (failure !== undefined) throw failure;
    return added;
  }

  /** The connection state; a profile without a readable secret shows as offline for it. */
  state(profileId: string): ConnectionState {
    const { registry } = this.deps;
    const profile = registry.find((p) => p.id === profileId);
    if (profile?.disabled) {
      return {
        profileId,
        status: 'offline',
        reason: 'Disabled: Deckhand does not connect to it until it is enabled',
        since: this.deps.now(),
        offlineNodes: [],
      };
    }
    if (profile && !registry.hasSession(profileId) && profile.rememberSecret === false) {
      return {
        profileId,
        status: 'offline',
        reason: `Deckhand does not remember this ${profile.authMode === 'token' ? 'token secret' : 'password'}: enter it to connect`,
        errorKind: 'auth',
        since: this.deps.now(),
        offlineNodes: [],
      };
    }
    if (registry.has(profileId) && !registry.hasSession(profileId)) {
      return {
        profileId,
        status: 'offline',
        reason: 'The stored password or token is missing: enter it again to connect',
        errorKind: 'auth',
        since: this.deps.now(),
        offlineNodes: [],
      };
    }
    return registry.session(profileId).state;
  }

  /** At launch: connect every saved profile whose secret can be read, the demo's to a new demo. */
  async startSaved(): Promise<void> {
    const { registry, demo, log } = this.deps;
    const saved = await registry.load();
    // Before any session starts: each starts from its last known state, painted at once.
    await this.deps.cache?.load(saved.map((p) => p.id));
    for (const profile of saved) {
      if (profile.disabled) continue;
      if (profile.isDemo && demo.available) {
        try {
          await demo.connect(demo.idOf(profile) ?? '', profile);
        } catch (err) {
          log('error', `Demo ${profile.name} did not start: ${messageOf(err)}`);
        }
        continue;
      }
      let credentials: ProfileAuthInput | undefined;
      try {
        credentials = await registry.credentials(profile);
      } catch (err) {
        // A secret that cannot be read now (keyring locked or gone, foreign format) costs this
        // profile its connection, not the whole app its start: it shows as needing it again.
        log('warn', `Profile ${profile.id}: stored secret unreadable (${messageOf(err)})`);
      }
      if (credentials) registry.startSession(profile, credentials);
      else log('warn', `Profile ${profile.id} has no stored secret; not connecting it`);
    }
  }

  /** Log in once with these credentials (and pin) without keeping anything. */
  private async checkLogin(
    profile: Pick<ProfileInfo, 'url' | 'fingerprint'>,
    auth: ProfileAuthInput,
  ): Promise<void> {
    const client = this.client(profile, auth);
    try {
      await client.login().catch((err: unknown) => {
        // NeedTFA proves the password; the session asks for the second factor when it connects.
        if (!isDeckhandError(err, 'tfa')) throw err;
      });
    } finally {
      await client.dispose();
    }
  }

  private client(
    profile: Pick<ProfileInfo, 'url' | 'fingerprint'>,
    auth: ProfileAuthInput,
  ): PveClient {
    return new PveClient({
      endpoint: normalizeServerUrl(profile.url),
      ...(profile.fingerprint ? { fingerprint: profile.fingerprint } : {}),
      credentials: auth,
      now: this.deps.now,
    });
  }

  private changed(): void {
    this.deps.profilesChanged(this.deps.registry.list());
  }
}

/**
 * The fingerprint the server at `url` presents now, if it equals the one the user approved.
 * The renderer's word alone is never pinned: a mismatch refuses the change.
 */
async function presentedFingerprint(url: string, approved: string): Promise<string> {
  const endpoint = normalizeServerUrl(url);
  const wanted = normalizeFingerprint(approved);
  const { fingerprint } = await probeCertificate(endpoint);
  if (fingerprint !== wanted) {
    throw new DeckhandError({
      kind: 'tls',
      message: `${endpoint.hostPort} presents the certificate ${fingerprint}, not the approved ${wanted}. Nothing was changed; review the certificate again.`,
      fingerprint,
    });
  }
  return fingerprint;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
