// Nodes that answered 595/596 (the cluster could not reach them) while the cluster still lists
// them: shown unreachable until a request to the node succeeds again. Each refresh that lists such
// a node online re-checks it with one cheap GET, so the warning goes as soon as the node is back,
// and stays (without flapping) while it is not.

import { DeckhandError } from '../../../shared/errors';
import type { ErrorKind, Resource } from '../../../shared/model';

/** One request to a node; resolves when the node answered. */
export type NodeProbe = (node: string) => Promise<void>;

export class UnreachableNodes {
  private readonly nodes = new Set<string>();

  /** Remember a node that answered 595/596; true when it was not known yet. */
  add(node: string): boolean {
    if (this.nodes.has(node)) return false;
    this.nodes.add(node);
    return true;
  }

  /** A request to the node succeeded: it is reachable. True when it was marked. */
  delete(node: string): boolean {
    return this.nodes.delete(node);
  }

  clear(): void {
    this.nodes.clear();
  }

  list(): string[] {
    return [...this.nodes].sort();
  }

  /**
   * After a refresh: forget nodes the cluster no longer lists, and re-check those it lists online
   * (in parallel, one request each). A node that answers anything but 595/596 or a network failure
   * is reachable again. True when the set changed.
   */
  async recheck(items: Iterable<Resource>, probe: NodeProbe): Promise<boolean> {
    if (this.nodes.size === 0) return false;
    const listed = new Map<string, string>();
    for (const r of items) if (r.type === 'node') listed.set(r.node, r.status);
    let changed = false;
    for (const node of [...this.nodes]) {
      if (!listed.has(node)) changed = this.nodes.delete(node) || changed;
    }
    const online = [...this.nodes].filter((n) => listed.get(n) === 'online');
    const reachable = await Promise.all(online.map((node) => answers(probe, node)));
    online.forEach((node, i) => {
      if (reachable[i]) changed = this.nodes.delete(node) || changed;
    });
    return changed;
  }
}

const REACHABLE_KINDS: ReadonlySet<ErrorKind> = new Set(['api', 'not-found', 'protocol']);

async function answers(probe: NodeProbe, node: string): Promise<boolean> {
  try {
    await probe(node);
    return true;
  } catch (err) {
    // An answer from the node (an API error) means it is reachable; 595/596 or none means not.
    return err instanceof DeckhandError && REACHABLE_KINDS.has(err.kind);
  }
}
