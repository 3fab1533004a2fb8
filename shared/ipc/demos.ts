// The built-in demos: what this host offers (a simulated cluster, a standalone node, …) and adding
// them as profiles. Each demo is its own simulated server; its profile carries the demo's id.

import type { ProfileInfo } from '../model';

/** A demo this host can start (ProfileInfo.demo names it once added). */
export interface DemoOffer {
  id: string;
  /** The profile's name when added, e.g. "Demo standalone". */
  name: string;
  /** One line for the first-run screen, e.g. "one node in no cluster, Proxmox VE 8.4". */
  description: string;
}

export interface DemoCalls {
  /** The demos this host offers, the main one first; none where it can run none. */
  'demos.list': { args: void; result: DemoOffer[] };
  /**
   * Start the named demos (every one when `demos` is absent) and add their profiles, or point the
   * existing ones at the new servers. Those that started are added even when another failed; the
   * call then rejects with the first failure.
   */
  'demos.add': { args: { demos?: string[] }; result: ProfileInfo[] };
}

export const DEMO_CALL_NAMES = [
  'demos.list',
  'demos.add',
] as const satisfies readonly (keyof DemoCalls)[];
