// ClusterLinks started from the last run's node addresses (the profile cache): failover tries only
// the nodes that hold a pin (vouched for by the cluster over a pinned connection before), each
// with that pin, never one the cluster did not vouch for; the addresses go back to the cache.

import { describe, expect, it } from 'vitest';
import { DeckhandError } from '../../shared/errors';
import { normalizeServerUrl, type PveEndpoint } from '../../shared/server-url';
import type { PveClient } from '../../electron/core/pve/client';
import { ClusterLinks } from '../../electron/core/trust/cluster-links';

const PIN1 = 'AA:'.repeat(31) + 'AA';
const PIN3 = 'CC:'.repeat(31) + 'CC';

/** A client whose every server is down but `answering`; it records where it was sent. */
function fakeClient(answering: string | undefined) {
  const tried: { host: string; pin: string | undefined; node: string | undefined }[] = [];
  let current: PveEndpoint = normalizeServerUrl('https://10.0.0.1:8006');
  const client = {
    transport: {
      async retarget(endpoint: PveEndpoint, pin?: string, node?: string) {
        current = endpoint;
        tried.push({ host: endpoint.hostPort, pin, node });
      },
    },
    async request() {
      if (current.hostPort === answering) return { data: {} };
      throw new DeckhandError({ kind: 'network', message: `${current.hostPort}: refused` });
    },
  };
  return { client: client as unknown as PveClient, tried };
}

function links(client: PveClient, stored: Record<string, string>, homePin?: string) {
  return new ClusterLinks({
    client,
    home: normalizeServerUrl('https://10.0.0.1:8006'),
    ...(homePin ? { homePin } : {}),
    stored,
    known: {
      home: 'pve1',
      list: [
        { name: 'pve1', ip: '10.0.0.1' },
        { name: 'pve2', ip: '10.0.0.2' },
        { name: 'pve3', ip: '10.0.0.3' },
      ],
    },
    signal: new AbortController().signal,
    log: () => undefined,
    onPins: () => undefined,
  });
}

describe('failover from the last run’s nodes', () => {
  it('tries only the nodes with a pin, with that pin, and says which it talks to', async () => {
    const { client, tried } = fakeClient('10.0.0.3:8006');
    const l = links(client, { pve1: PIN1, pve3: PIN3 }, PIN1);
    expect(await l.failover()).toBe(true);
    // pve2 has no pin: never tried (not even to see its certificate refused).
    expect(tried).toEqual([{ host: '10.0.0.3:8006', pin: PIN3, node: 'pve3' }]);
    expect(l.via).toBe('pve3');
    expect(l.reason()).toBe('pve1 is not answering; connected through pve3');
  });

  it('goes back to the profile’s own server when no vouched node answers', async () => {
    const { client, tried } = fakeClient(undefined);
    const l = links(client, { pve1: PIN1, pve3: PIN3 }, PIN1);
    expect(await l.failover()).toBe(false);
    expect(tried.map((t) => t.node)).toEqual(['pve3', undefined]);
    expect(l.via).toBeUndefined();
  });

  it('gives the nodes’ addresses (no pin) back for the cache', () => {
    const { client } = fakeClient(undefined);
    const l = links(client, { pve1: PIN1, pve2: PIN1, pve3: PIN3 }, PIN1);
    expect(l.known()).toEqual({
      home: 'pve1',
      list: [
        { name: 'pve1', ip: '10.0.0.1' },
        { name: 'pve2', ip: '10.0.0.2' },
        { name: 'pve3', ip: '10.0.0.3' },
      ],
    });
  });
});
