// Connection state bookkeeping: what the UI shows about a profile's link, emitted only when
// something a user would see changes (not on every successful tick).

import type { ConnectionState, ConnectionStatus, ErrorKind, Resource } from '../../../shared/model';
import type { TfaOptions } from '../../../shared/tfa';

/** Nodes the cluster itself reports as not online. */
export function offlineNodesOf(items: Iterable<Resource>): string[] {
  const out: string[] = [];
  for (const r of items) if (r.type === 'node' && r.status !== 'online') out.push(r.node);
  return out.sort();
}

function plural(nodes: string[], what: string): string {
  return nodes.length === 1
    ? `Node ${nodes[0]} is ${what}`
    : `Nodes ${nodes.join(', ')} are ${what}`;
}

/** "Node pve3 is offline", "Node pve2 is unreachable", or both, joined. */
export function degradedReason(offline: string[], unreachable: string[]): string | undefined {
  const parts: string[] = [];
  if (offline.length) parts.push(plural(offline, 'offline'));
  const onlyUnreachable = unreachable.filter((n) => !offline.includes(n));
  if (onlyUnreachable.length) parts.push(plural(onlyUnreachable, 'unreachable'));
  return parts.length ? parts.join('; ') : undefined;
}

export interface StateChange {
  status: ConnectionStatus;
  reason?: string;
  errorKind?: ErrorKind;
  /** tls: presented and pinned fingerprints, so the UI can show what changed */
  fingerprint?: string;
  expectedFingerprint?: string;
  /** tls: the cluster node whose certificate was refused (not the profile's own server) */
  certificateNode?: { name: string; url: string };
  /** failed over: the node spoken to instead of the profile's own server */
  via?: string;
  offlineNodes?: string[];
  /** tfa: the second factors the server offers */
  tfa?: TfaOptions;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Holds one profile's ConnectionState; `update` reports whether a listener should hear of it. */
export class ConnectionTracker {
  private state: ConnectionState;

  constructor(
    profileId: string,
    private readonly now: () => number,
  ) {
    this.state = { profileId, status: 'connecting', since: now(), offlineNodes: [] };
  }

  get current(): ConnectionState {
    return { ...this.state, offlineNodes: [...this.state.offlineNodes] };
  }

  /** Set identity facts learnt at login; returns true when they changed. */
  identify(facts: {
    identity?: string;
    clusterName?: string;
    version?: string;
    standalone?: boolean;
  }): boolean {
    const s = this.state;
    const changed =
      s.identity !== facts.identity ||
      s.clusterName !== facts.clusterName ||
      s.version !== facts.version ||
      s.standalone !== facts.standalone;
    const next: ConnectionState = { ...s };
    delete next.identity;
    delete next.clusterName;
    delete next.version;
    delete next.standalone;
    if (facts.identity !== undefined) next.identity = facts.identity;
    if (facts.clusterName !== undefined) next.clusterName = facts.clusterName;
    if (facts.version !== undefined) next.version = facts.version;
    if (facts.standalone) next.standalone = true;
    this.state = next;
    return changed;
  }

  /** Facts of the last run (the profile cache): last refresh, cluster name, version, standalone. */
  remember(facts: {
    lastRefresh: number;
    clusterName?: string;
    version?: string;
    standalone?: boolean;
  }): void {
    this.state.lastRefresh = facts.lastRefresh;
    if (facts.clusterName !== undefined) this.state.clusterName = facts.clusterName;
    if (facts.version !== undefined) this.state.version = facts.version;
    if (facts.standalone) this.state.standalone = true;
  }

  markRefreshed(): void {
    this.state.lastRefresh = this.now();
  }

  update(change: StateChange): boolean {
    const prev = this.state;
    const offlineNodes = change.offlineNodes ?? prev.offlineNodes;
    const changed =
      prev.status !== change.status ||
      prev.reason !== change.reason ||
      prev.errorKind !== change.errorKind ||
      prev.fingerprint !== change.fingerprint ||
      prev.expectedFingerprint !== change.expectedFingerprint ||
      JSON.stringify(prev.certificateNode) !== JSON.stringify(change.certificateNode) ||
      prev.via !== change.via ||
      JSON.stringify(prev.tfa) !== JSON.stringify(change.tfa) ||
      !sameList(prev.offlineNodes, offlineNodes);
    if (!changed) return false;
    const next: ConnectionState = {
      profileId: prev.profileId,
      status: change.status,
      since: prev.status === change.status ? prev.since : this.now(),
      offlineNodes,
    };
    if (change.reason !== undefined) next.reason = change.reason;
    if (change.errorKind !== undefined) next.errorKind = change.errorKind;
    if (change.fingerprint !== undefined) next.fingerprint = change.fingerprint;
    if (change.expectedFingerprint !== undefined)
      next.expectedFingerprint = change.expectedFingerprint;
    if (change.tfa !== undefined) next.tfa = { ...change.tfa };
    if (change.certificateNode !== undefined) next.certificateNode = { ...change.certificateNode };
    if (change.via !== undefined) next.via = change.via;
    if (prev.lastRefresh !== undefined) next.lastRefresh = prev.lastRefresh;
    if (prev.clusterName !== undefined) next.clusterName = prev.clusterName;
    if (prev.standalone) next.standalone = true;
    if (prev.version !== undefined) next.version = prev.version;
    if (prev.identity !== undefined) next.identity = prev.identity;
    this.state = next;
    return true;
  }
}
