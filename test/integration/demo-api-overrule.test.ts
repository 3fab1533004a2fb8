// The demo's Stop with overrule-shutdown as PVE answers it: refused for an HA-managed guest
// ("Not applicable for HA resources.") and, before PVE 8.2 (qemu-server 8.1.2, pve-container
// 5.0.10), as a property its schema does not have.

import { afterEach, describe, expect, it } from 'vitest';
import { pickGuest, power, startCluster, stopCluster } from './demo-api-kit';

describe('demo cluster: stop with overrule-shutdown', () => {
  afterEach(async () => {
    await stopCluster();
  });

  it('refuses it for an HA-managed guest', async () => {
    await startCluster();
    const ha = await pickGuest((g) => g.status === 'running' && Boolean(g.hastate));
    const r = await power(ha, 'stop', { 'overrule-shutdown': '1' });
    expect(r.status).toBe(400);
    expect((r.json as { errors?: unknown }).errors).toEqual({
      'overrule-shutdown': 'Not applicable for HA resources.',
    });
  });

  it('does not know it before PVE 8.2', async () => {
    await startCluster({ taskTimeScale: 0.05, version: '8.1.4' });
    const ct = await pickGuest((g) => g.type === 'lxc' && g.status === 'running' && !g.hastate);
    const r = await power(ct, 'stop', { 'overrule-shutdown': '1' });
    expect(r.status).toBe(400);
    expect((r.json as { errors?: unknown }).errors).toEqual({
      'overrule-shutdown':
        'property is not defined in schema and the schema does not allow additional properties',
    });
  });
});
