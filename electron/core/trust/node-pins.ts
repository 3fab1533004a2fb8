// Per-node pins of one profile. The user approves the first node's certificate (the profile's
// fingerprint); every other node's fingerprint is taken from the cluster itself, read over that
// pinned connection, and accepted for that node only. A node that joins later is vouched for the
// same way. A pin, once held, is never replaced by what the cluster says: a changed certificate
// is refused on connect and only the user's approval (approve) replaces it.

import { normalizeFingerprint } from '../pve/tls';
import type { ClusterNode } from './cluster-nodes';

export class NodePins {
  private readonly pins: Map<string, string>;

  constructor(stored: Readonly<Record<string, string>> = {}) {
    this.pins = new Map(Object.entries(stored).map(([n, fp]) => [n, normalizeFingerprint(fp)]));
  }

  get(node: string): string | undefined {
    return this.pins.get(node);
  }

  /**
   * Take the fingerprints the cluster vouches for, for nodes without a pin. Returns the nodes
   * whose reported fingerprint differs from their pin (left pinned as they were).
   */
  vouch(nodes: readonly ClusterNode[]): { added: string[]; differs: string[] } {
    const added: string[] = [];
    const differs: string[] = [];
    for (const n of nodes) {
      if (!n.fingerprint) continue;
      const pinned = this.pins.get(n.name);
      if (pinned === undefined) {
        this.pins.set(n.name, n.fingerprint);
        added.push(n.name);
      } else if (pinned !== n.fingerprint) {
        differs.push(n.name);
      }
    }
    return { added, differs };
  }

  /** The user approved this node's (new) certificate. */
  approve(node: string, fingerprint: string): void {
    this.pins.set(node, normalizeFingerprint(fingerprint));
  }

  toJSON(): Record<string, string> {
    return Object.fromEntries([...this.pins].sort(([a], [b]) => a.localeCompare(b)));
  }
}
