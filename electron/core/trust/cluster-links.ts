// The ways one cluster profile can reach its cluster: the profile's own server ("home") and every
// other node at the address `/cluster/status` gives, each with its own pin (node-pins.ts). When the
// node spoken to stops answering (refused, reset, timed out: not an HTTP error) the session moves
// to another online node; it says so (reason) and moves back when asked (moveTo). The nodes'
// addresses are kept in the profile cache: when the profile's own server is down from the start,
// the nodes known from the last run are tried, each only with the pin it was vouched for with.

import { DeckhandError } from '../../../shared/errors';
import { normalizeServerUrl, type PveEndpoint } from '../../../shared/server-url';
import type { PveClient } from '../pve/client';
import type { KnownNodes } from '../cache/cached-state';
import type { Logger } from '../session/logger';
import { readClusterNodes, type ClusterNode } from './cluster-nodes';
import { NodePins } from './node-pins';

export interface ClusterLinksOptions {
  client: PveClient;
  /** The profile's own server and the fingerprint the user approved for it. */
  home: PveEndpoint;
  homePin?: string;
  /** Pins learnt before (the profile's `nodeFingerprints`). */
  stored?: Readonly<Record<string, string>>;
  /** The cluster's nodes as the last run knew them (the profile cache): ways in before `learn`. */
  known?: KnownNodes;
  signal: AbortSignal;
  log: Logger;
  /** The pins changed (a node was vouched for): save them with the profile. */
  onPins(pins: Record<string, string>): void;
}

/** A request that got no answer at all: the server is down or cut off, not refusing. */
export function notAnswering(err: unknown): boolean {
  return (
    err instanceof DeckhandError &&
    (err.kind === 'network' || err.kind === 'timeout') &&
    err.status === undefined
  );
}

function urlHost(ip: string): string {
  return ip.includes(':') ? `[${ip}]` : ip;
}

export class ClusterLinks {
  readonly pins: NodePins;
  private nodes: ClusterNode[] = [];
  private nodeSet = '';
  /** The node the profile's URL reaches, once /cluster/status said so. */
  private homeNode: string | undefined;
  /** The node spoken to instead of home, while failed over. */
  private viaNode: string | undefined;

  constructor(private readonly opts: ClusterLinksOptions) {
    this.pins = new NodePins(opts.stored);
    if (opts.known) this.remember(opts.known);
  }

  /**
   * The last run's nodes, until the cluster is read again: only those with a pin (vouched for by
   * the cluster over a pinned connection then) when the profile itself is pinned; a profile
   * trusted through the system's CAs checks every node the same way.
   */
  private remember(known: KnownNodes): void {
    const vouched = (name: string): boolean =>
      this.opts.homePin === undefined || this.pins.get(name) !== undefined;
    this.homeNode = known.home;
    this.nodes = known.list
      .filter((n) => n.name === known.home || vouched(n.name))
      .map((n) => ({ name: n.name, ip: n.ip, online: true, local: false }));
  }

  /** The nodes' addresses as last read, for the profile cache (no pin: those live in settings). */
  known(): KnownNodes | undefined {
    const list = this.nodes.flatMap((n) => (n.ip ? [{ name: n.name, ip: n.ip }] : []));
    if (list.length === 0) return undefined;
    return { ...(this.homeNode ? { home: this.homeNode } : {}), list };
  }

  /** The node spoken to now, when it is not the profile's own server. */
  get via(): string | undefined {
    return this.viaNode;
  }

  get home(): string {
    return this.homeNode ?? this.opts.home.hostPort;
  }

  /** "pve1 is not answering; connected through pve2", while failed over. */
  reason(): string | undefined {
    return this.viaNode
      ? `${this.home} is not answering; connected through ${this.viaNode}`
      : undefined;
  }

  /** Read the cluster's nodes and vouch for new ones (at connect, and when the node set changes). */
  async learn(): Promise<void> {
    const nodes = await readClusterNodes(this.opts.client, this.opts.signal);
    if (nodes.length === 0) return;
    this.nodes = nodes;
    this.nodeSet = nodes
      .map((n) => n.name)
      .sort()
      .join(' ');
    const local = nodes.find((n) => n.local)?.name;
    if (local && !this.viaNode) this.homeNode = local;
    const { added, differs } = this.pins.vouch(nodes);
    for (const n of differs) {
      this.opts.log(
        'warn',
        `The cluster reports a new certificate for ${n}; it stays pinned to the one approved`,
      );
    }
    if (added.length) {
      this.opts.log(
        'info',
        `Pinned the certificates of ${added.join(', ')} as the cluster reports them`,
      );
      this.opts.onPins(this.pins.toJSON());
    }
  }

  /** After each refresh: the node names /cluster/resources lists; a new set is read again. */
  async observe(names: Iterable<string>): Promise<void> {
    const set = [...new Set(names)].sort().join(' ');
    if (set && set !== this.nodeSet) await this.learn();
  }

  /** Where a node is reached, and with which pin. */
  private target(node: string | undefined): { endpoint: PveEndpoint; pin?: string; node?: string } {
    const pinOf = (fp: string | undefined): { pin?: string } => (fp ? { pin: fp } : {});
    if (node === undefined || node === this.homeNode) {
      return { endpoint: this.opts.home, ...pinOf(this.opts.homePin) };
    }
    const ip = this.nodes.find((n) => n.name === node)?.ip;
    if (!ip)
      throw new DeckhandError({ kind: 'not-found', message: `No address known for ${node}` });
    const endpoint = normalizeServerUrl(`https://${urlHost(ip)}:${this.opts.home.port}`);
    return { endpoint, ...pinOf(this.pins.get(node)), node };
  }

  private async speakTo(node: string | undefined): Promise<void> {
    const t = this.target(node);
    await this.opts.client.transport.retarget(t.endpoint, t.pin, t.node);
    this.viaNode = t.node;
  }

  /**
   * The node spoken to stopped answering: try home, then every other node the cluster listed
   * online, each once. Resolves true when one answered (the client stays on it); false when none
   * did (back on home, for the caller's back-off). A changed certificate is thrown: that node's
   * traffic stops and the user decides.
   */
  async failover(): Promise<boolean> {
    const current = this.viaNode ?? this.homeNode;
    const others = this.nodes.filter((n) => n.online && n.ip && n.name !== current);
    const order: (string | undefined)[] = [
      ...(this.viaNode ? [undefined] : []),
      ...others.filter((n) => n.name !== this.homeNode).map((n) => n.name),
    ];
    for (const node of order) {
      await this.speakTo(node);
      try {
        await this.opts.client.request('GET', '/version', undefined, this.opts.signal, {
          retries: 0,
        });
        this.opts.log(
          'warn',
          node
            ? `${this.home} is not answering; connected through ${node}`
            : `Back on ${this.home}`,
        );
        return true;
      } catch (err) {
        if (err instanceof DeckhandError && err.kind === 'tls' && err.expectedFingerprint)
          throw err;
        if (!notAnswering(err) && !(err instanceof DeckhandError && err.kind === 'tls')) throw err;
      }
    }
    await this.speakTo(undefined);
    return false;
  }

  /** Speak to `node` (default: the profile's own server) from the next request on. */
  async moveTo(node?: string): Promise<void> {
    await this.speakTo(node === this.homeNode ? undefined : node);
  }
}
