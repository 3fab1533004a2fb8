// The console test kit: a window as core sees one (its console events, bytes and calls), cores
// against fresh demo clusters torn down after each test, and the demo's guests picked by state.

import { afterEach, vi } from 'vitest';
import type { Core } from '../../electron/core';
import { createTestCore } from '../kit/core';
import type { ClientConnection } from '../../electron/core/rpc/consoles';
import { startDemoCluster, type DemoCluster, type DemoClusterOptions } from '../../electron/demo';
import type { CallContext } from '../../shared/ipc';
import type { ConsoleInfo, ConsoleTarget, GuestResource, ProfileInfo } from '../../shared/model';
import { isGuest } from '../../shared/model';
import { DEMO_OPTIONS, waitFor } from './helpers';

const demos: DemoCluster[] = [];
const cores: Core[] = [];

/** Call at the top of a test file: every core and demo started there goes after each test. */
export function useConsoleCleanup(): void {
  afterEach(async () => {
    await Promise.all(cores.splice(0).map((c) => c.dispose()));
    await Promise.all(demos.splice(0).map((d) => d.close()));
  });
}

/** One window: the console events and bytes it received, and its context for calls. */
export class Window {
  readonly events: ConsoleInfo[] = [];
  readonly bytes = new Map<string, Buffer[]>();
  readonly connection: ClientConnection;

  constructor(core: Core) {
    this.connection = core.connectClient({
      event: (name, payload) => {
        if (name === 'console') this.events.push(payload as ConsoleInfo);
      },
      stream: (id, data) => {
        const list = this.bytes.get(id) ?? [];
        list.push(Buffer.from(data));
        this.bytes.set(id, list);
      },
    });
  }

  get ctx(): CallContext {
    return { clientId: this.connection.clientId };
  }

  text(id: string): string {
    return Buffer.concat(this.bytes.get(id) ?? []).toString('utf8');
  }

  byteCount(id: string): number {
    return (this.bytes.get(id) ?? []).reduce((n, b) => n + b.length, 0);
  }

  last(id: string): ConsoleInfo | undefined {
    return this.events.filter((e) => e.consoleId === id).at(-1);
  }

  type(id: string, text: string): void {
    this.connection.write(id, Buffer.from(text, 'utf8'));
  }

  async status(
    id: string,
    status: ConsoleInfo['status'],
    generation?: number,
  ): Promise<ConsoleInfo> {
    return waitFor(`console ${status}`, () => {
      const e = this.last(id);
      return e?.status === status && (generation === undefined || e.generation === generation)
        ? e
        : undefined;
    });
  }
}

export async function setup(demoOptions: DemoClusterOptions = {}) {
  const demo = await startDemoCluster({ ...DEMO_OPTIONS, ...demoOptions });
  demos.push(demo);
  const { core } = await createTestCore({
    demo,
    consoleTimings: { keepAliveMs: 500, pongTimeoutMs: 1000 },
  });
  cores.push(core);
  return { demo, core };
}

export async function guests(core: Core, profile: ProfileInfo): Promise<GuestResource[]> {
  return vi.waitFor(
    async () => {
      const s = await core.handlers['resources.snapshot']({ profileId: profile.id });
      const list = s.items.filter(isGuest);
      if (list.length === 0) throw new Error('no guests');
      return list;
    },
    { timeout: 5_000, interval: 25 },
  );
}

export function pick(list: GuestResource[], type: 'lxc' | 'qemu', status: string): GuestResource {
  const g = list.find(
    (r) => r.type === type && r.status === status && !r.template && !r.lock && r.node !== 'pve3',
  );
  if (!g) throw new Error(`demo has no ${status} ${type}`);
  return g;
}

export function targetOf(profile: ProfileInfo, g: GuestResource, kind: ConsoleTarget['kind']) {
  return { profileId: profile.id, node: g.node, kind, vmid: g.vmid };
}

/** A profile logging in with the demo's API token (root@pam!deckhand). */
export function addTokenProfile(core: Core, demo: DemoCluster): Promise<ProfileInfo> {
  return core.handlers['profiles.add']({
    name: 'token',
    url: demo.url,
    fingerprint: demo.fingerprint,
    auth: { mode: 'token', ...demo.credentials.token },
  });
}

/** The demo profile's node shell in a new window, once connected. */
export async function openNodeShell(core: Core, demo: DemoCluster) {
  const profile = await core.handlers['profiles.addDemo']();
  const w = new Window(core);
  const { consoleId: id } = await core.handlers['console.open'](
    { profileId: profile.id, node: demo.localNode, kind: 'shell' },
    w.ctx,
  );
  await w.status(id, 'connected');
  return { w, id, profile };
}

export async function typeAndRead(w: Window, id: string, command: string, expected: RegExp) {
  w.type(id, `${command}\r`);
  return waitFor(`output ${String(expected)}`, () => expected.exec(w.text(id)) ?? undefined);
}
