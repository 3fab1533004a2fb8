// The built-in demos as core sees them: a named list of ports core defines (core never imports the
// demo). Each demo is started at most once per core on demand, its profile pointed at each new
// start (a new port and certificate every time), and closed with core or when its profile is
// removed; removing one demo's profile closes that demo only.

import { DeckhandError } from '../../../shared/errors';
import type { Disposable } from '../../../shared/lifecycle';
import type { DemoOffer } from '../../../shared/ipc/demos';
import type { ProfileAuthInput, ProfileInfo } from '../../../shared/model';
import type { ProfileRegistry } from './registry';

/** What core needs of a running demo; the demo's `DemoCluster` fits it as it is. */
export interface DemoPort {
  /** https://127.0.0.1:<port> */
  readonly url: string;
  /** SHA-256 of its certificate, colon hex. */
  readonly fingerprint: string;
  /** The password login of its administrator (`username` as user@realm or plain user). */
  readonly credentials: {
    readonly username: string;
    readonly realm: string;
    readonly password: string;
  };
  close(): Promise<void>;
}

/** Starts a demo; hosts that cannot run one pass none. */
export type StartDemo = () => Promise<DemoPort>;

/** One demo a host offers: its id (kept on its profile), the profile's name, a line about it. */
export interface DemoSpec {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  start: StartDemo;
}

export const DEMO_PROFILE_NAME = 'Demo cluster';

/** The one demo of a host that passes only `startDemo`. */
export function singleDemo(start: StartDemo): DemoSpec {
  return { id: 'cluster', name: DEMO_PROFILE_NAME, start };
}

export class DemoProfile implements Disposable {
  private readonly running = new Map<string, Promise<DemoPort>>();
  private readonly specs: readonly DemoSpec[];

  constructor(
    private readonly registry: ProfileRegistry,
    demos: readonly DemoSpec[] | undefined,
  ) {
    this.specs = demos ?? [];
  }

  get available(): boolean {
    return this.specs.length > 0;
  }

  offers(): DemoOffer[] {
    return this.specs.map((s) => ({ id: s.id, name: s.name, description: s.description ?? '' }));
  }

  /** Every demo's id, the main one first. */
  ids(): string[] {
    return this.specs.map((s) => s.id);
  }

  /** Which demo a demo profile is: its `demo`, or (saved before there were several) the first. */
  idOf(profile: ProfileInfo): string | undefined {
    return profile.demo ?? this.specs[0]?.id;
  }

  /** The saved profile of this demo, if any. */
  profileOf(id: string): ProfileInfo | undefined {
    return this.registry.find((p) => p.isDemo && this.idOf(p) === id);
  }

  /** Start the demo (once) and add its profile, or point the existing one at it. */
  async connect(id: string, existing = this.profileOf(id)): Promise<ProfileInfo> {
    const spec = this.spec(id);
    const cluster = await this.start(id);
    const auth = demoAuth(cluster);
    const fields = { url: cluster.url, fingerprint: cluster.fingerprint, isDemo: true, demo: id };
    if (existing) {
      return this.registry.update(
        {
          ...existing,
          ...fields,
          authMode: 'password',
          username: auth.username,
          realm: auth.realm,
        },
        auth,
      );
    }
    return this.registry.add({ name: spec.name, ...fields }, auth);
  }

  /** Start the demo without adding anything (several start side by side, then are added in turn). */
  start(id: string): Promise<DemoPort> {
    const spec = this.spec(id);
    let running = this.running.get(id);
    if (!running) {
      running = spec.start().catch((err: unknown) => {
        this.running.delete(id);
        throw err;
      });
      this.running.set(id, running);
    }
    return running;
  }

  /** Its profile was removed: close that demo (a later connect starts a new one). */
  async stop(id: string | undefined): Promise<void> {
    if (id === undefined) return;
    const running = this.running.get(id);
    this.running.delete(id);
    if (running) await (await running).close();
  }

  async dispose(): Promise<void> {
    const all = [...this.running.values()];
    this.running.clear();
    await Promise.all(all.map((r) => r.then((d) => d.close()).catch(() => undefined)));
  }

  private spec(id: string): DemoSpec {
    const spec = this.specs.find((s) => s.id === id);
    if (spec) return spec;
    throw new DeckhandError(
      this.available
        ? { kind: 'not-found', message: `There is no demo '${id}' here` }
        : { kind: 'internal', message: 'The demo cluster is not available here' },
    );
  }
}

function demoAuth(cluster: DemoPort): Extract<ProfileAuthInput, { mode: 'password' }> {
  const c = cluster.credentials;
  return {
    mode: 'password',
    username: c.username.split('@')[0] ?? c.username,
    realm: c.realm,
    password: c.password,
  };
}
