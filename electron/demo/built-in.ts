// The built-in demos a host offers (the desktop app and the browser host pass this list to core):
// a 3-node PVE 9 cluster and a standalone PVE 8 node, each its own simulated server with its own
// seed, guests and certificate. Core sees only the shape (its `DemoSpec` port), never this file.
// This file is light: the server itself is imported when a demo starts.

import type { DemoCluster, DemoClusterOptions } from './api';
import { DEFAULT_PVE_VERSION } from './console/version';

/** The pve-manager version of the standalone demo: 8.x, without the 9.0.13 cluster bulk endpoints. */
export const STANDALONE_DEMO_VERSION = '8.4.1';

/** What the standalone demo is: one node in no cluster, a homelab's guests, PVE 8. */
export const STANDALONE_DEMO_OPTIONS: DemoClusterOptions = {
  standalone: true,
  version: STANDALONE_DEMO_VERSION,
  seed: 8,
  guests: 9,
  firstBlueprint: 15,
};

export interface BuiltInDemo {
  /** Stable id, kept on the profile (`ProfileInfo.demo`). */
  readonly id: string;
  /** The profile's name when added. */
  readonly name: string;
  /** One line for the first-run screen. */
  readonly description: string;
  start(): Promise<DemoCluster>;
}

/** The demos, the cluster first (what `profiles.addDemo` adds). `extra` is merged into each start. */
export function builtInDemos(extra: DemoClusterOptions = {}): BuiltInDemo[] {
  return [
    {
      id: 'cluster',
      name: 'Demo cluster',
      description: `3 nodes (one offline), Proxmox VE ${release(DEFAULT_PVE_VERSION)}`,
      start: () => startDemo({ ...extra }),
    },
    {
      id: 'standalone',
      name: 'Demo standalone',
      description: `one node in no cluster, Proxmox VE ${release(STANDALONE_DEMO_VERSION)}`,
      start: () => startDemo({ ...STANDALONE_DEMO_OPTIONS, ...extra }),
    },
  ];
}

/**
 * The simulated server is loaded only when a demo starts: a user whose profiles are all real
 * clusters never loads it (nor its certificate generator and PTY) on core's thread, whose start
 * it would slow by a third.
 */
async function startDemo(opts: DemoClusterOptions): Promise<DemoCluster> {
  const { startDemoCluster } = await import('./index');
  return startDemoCluster(opts);
}

/** 9.1.9 → 9.1 */
function release(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}
