// What stays on the UI thread and answers the core thread's requests (core-worker.ts): the
// settings and secret stores (Electron's work only there) and, for tests, the demos they start
// themselves. Demos started here are closed with the core, not with a lost thread.

import type { DemoPort, DemoSpec, SecretStore, SettingsStore } from '../../core';
import type { SecretExtra, ServiceName, StartedDemo } from './protocol';

export class UiServices {
  private readonly demos = new Map<number, DemoPort>();
  private nextDemo = 1;

  constructor(
    private readonly settings: SettingsStore,
    private readonly secrets: SecretStore,
    private readonly demoSpecs: readonly DemoSpec[] = [],
  ) {}

  /** The optional methods of the secret store, for the worker's stand-in to offer. */
  secretExtras(): SecretExtra[] {
    const extras: SecretExtra[] = [];
    if (this.secrets.info) extras.push('info');
    if (this.secrets.setWeakPolicy) extras.push('setWeakPolicy');
    if (this.secrets.dismissProblem) extras.push('dismissProblem');
    return extras;
  }

  async serve(service: ServiceName, method: string, args: unknown[]): Promise<unknown> {
    if (service === 'demos') return this.serveDemo(method, args);
    const target = (service === 'settings' ? this.settings : this.secrets) as unknown as Record<
      string,
      unknown
    >;
    const fn = target[method];
    if (typeof fn !== 'function') throw new Error(`No ${service}.${method} on this host`);
    return (await (fn as (...a: unknown[]) => unknown).apply(target, args)) ?? undefined;
  }

  /** Close every demo started here. */
  async closeDemos(): Promise<void> {
    const demos = [...this.demos.values()];
    this.demos.clear();
    await Promise.all(demos.map((d) => d.close().catch(() => undefined)));
  }

  private async serveDemo(method: string, args: unknown[]): Promise<StartedDemo | undefined> {
    if (method === 'close') {
      const handle = args[0] as number;
      const demo = this.demos.get(handle);
      this.demos.delete(handle);
      await demo?.close();
      return undefined;
    }
    const spec = this.demoSpecs.find((d) => d.id === args[0]);
    if (!spec) throw new Error(`No demo ${String(args[0])} on this host`);
    const demo = await spec.start();
    const handle = this.nextDemo++;
    this.demos.set(handle, demo);
    const { username, realm, password } = demo.credentials;
    return {
      handle,
      url: demo.url,
      fingerprint: demo.fingerprint,
      credentials: { username, realm, password },
    };
  }
}
