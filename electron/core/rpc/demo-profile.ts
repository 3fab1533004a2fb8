// The built-in demo cluster as core sees it: a port core defines (core never imports the demo),
// started at most once per core on demand, its profile pointed at each new start (a new port and
// certificate every time), and closed with core or when its profile is removed.

import { DeckhandError } from '../../../shared/errors';
import type { Disposable } from '../../../shared/lifecycle';
import type { ProfileAuthInput, ProfileInfo } from '../../../shared/model';
import type { ProfileRegistry } from './registry';

/** What core needs of a running demo cluster; the demo's `DemoCluster` fits it as it is. */
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

/** Starts a demo cluster; hosts that cannot run one pass none. */
export type StartDemo = () => Promise<DemoPort>;

export const DEMO_PROFILE_NAME = 'Demo cluster';

export class DemoProfile implements Disposable {
  private running: Promise<DemoPort> | undefined;

  constructor(
    private readonly registry: ProfileRegistry,
    private readonly startDemo: StartDemo | undefined,
  ) {}

  get available(): boolean {
    return this.startDemo !== undefined;
  }

  /** Start the demo (once) and add its profile, or point the existing one at it. */
  async connect(existing: ProfileInfo | undefined): Promise<ProfileInfo> {
    const cluster = await this.start();
    const auth = demoAuth(cluster);
    const fields = { url: cluster.url, fingerprint: cluster.fingerprint, isDemo: true };
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
    return this.registry.add({ name: DEMO_PROFILE_NAME, ...fields }, auth);
  }

  /** Its profile was removed: close the running demo (a later connect starts a new one). */
  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (running) await (await running).close();
  }

  async dispose(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (running) await running.then((d) => d.close()).catch(() => undefined);
  }

  private start(): Promise<DemoPort> {
    if (!this.startDemo) {
      return Promise.reject(
        new DeckhandError({ kind: 'internal', message: 'The demo cluster is not available here' }),
      );
    }
    this.running ??= this.startDemo().catch((err: unknown) => {
      this.running = undefined;
      throw err;
    });
    return this.running;
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
