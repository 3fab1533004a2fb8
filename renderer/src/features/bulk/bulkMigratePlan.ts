// Which of many guests can go to a node, and why not, from each guest's migration precondition
// (GET …/migrate): PVE's refused nodes with their reasons, blocking local resources, a node that
// is offline, a running guest when online/restart mode is off, a running VM with local disks
// when they are not to be copied. A guest already on the node is left out (PVE's bulk migrate
// skips it too).

import type { MigratePrecondition } from '../../../../shared/migrate';
import type { GuestResource } from '../../../../shared/model';

export interface PlanGuest {
  guest: GuestResource;
  /** undefined while it is read; an Error's text when it could not be */
  pre?: MigratePrecondition | string;
}

export interface NodeInfo {
  node: string;
  online: boolean;
}

export type Verdict = { go: true } | { go: false; reason: string; here?: boolean };

export interface PlanOptions {
  online: boolean;
  /** with-local-disks */
  copyDisks: boolean;
}

function hasLocalDisks(pre: MigratePrecondition): boolean {
  return pre.localDisks.some((d) => !d.cdrom);
}

export function verdict(p: PlanGuest, target: NodeInfo, o: PlanOptions): Verdict {
  const { guest, pre } = p;
  if (guest.node === target.node) return { go: false, reason: 'already there', here: true };
  if (!target.online) return { go: false, reason: 'node offline' };
  if (pre === undefined) return { go: false, reason: 'checking…' };
  if (typeof pre === 'string') return { go: false, reason: pre };
  if (pre.localResources.length > 0) {
    return { go: false, reason: `local resources: ${pre.localResources.join(', ')}` };
  }
  const refused = pre.notAllowed.find((x) => x.node === target.node);
  if (refused) return { go: false, reason: refused.reasons.join('; ') };
  if (pre.allowedNodes && !pre.allowedNodes.includes(target.node)) {
    return { go: false, reason: 'not allowed by the cluster' };
  }
  if (pre.running && !o.online) {
    return {
      go: false,
      reason:
        guest.type === 'qemu'
          ? 'running: PVE migrates it only online'
          : 'running: PVE migrates it only in restart mode',
    };
  }
  if (pre.running && guest.type === 'qemu' && !o.copyDisks && hasLocalDisks(pre)) {
    return { go: false, reason: 'running with local disks: PVE live-migrates them only copied' };
  }
  return { go: true };
}

/** How many can go to each node (the node choices' counts). */
export function goingTo(guests: readonly PlanGuest[], node: NodeInfo, o: PlanOptions): number {
  return guests.filter((g) => verdict(g, node, o).go).length;
}

/** The node to offer first: the one most can go to (all, ideally), by name on a tie. */
export function bestNode(
  guests: readonly PlanGuest[],
  nodes: readonly NodeInfo[],
  o: PlanOptions,
): string | null {
  let best: string | null = null;
  let most = 0;
  for (const n of nodes) {
    const c = goingTo(guests, n, o);
    if (c > most) {
      most = c;
      best = n.node;
    }
  }
  return best;
}

/** Local disks (no CD-ROMs) of the guests that have them: the VMs whose disks are copied. */
export function withLocalDisks(guests: readonly PlanGuest[]): PlanGuest[] {
  return guests.filter((g) => typeof g.pre === 'object' && hasLocalDisks(g.pre));
}
