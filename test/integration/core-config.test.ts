// Guest options through the contract against the demo: edit memory (one PUT, the digest read
// sent), a change by another client answered as a conflict with the fresh config and what changed,
// re-applied on it; a running VM's change kept pending until reboot, reverted, or applied by a
// reboot; a lost reply never sent again.

import { describe, expect, it } from 'vitest';
import { ended, firstGuests, pickArgs as pick, useDemoProfile } from './demo-profile';
import { failure } from './helpers';

const { open, demos, count } = useDemoProfile();

describe('guest options through the contract', () => {
  it('edits a container’s memory with one PUT carrying the digest read', async () => {
    const c = await open();
    const g = pick(c, (x) => x.type === 'lxc' && x.status === 'stopped');
    const read = await c.api['config.get'](g);
    expect(read.digest).toMatch(/^[0-9a-f]{40}$/);
    expect(read.pending).toEqual([]);
    const res = await c.api['config.update']({
      ...g,
      changes: { memory: read.values.memory + 256 },
      digest: read.digest,
    });
    expect(res.outcome).toBe('saved');
    if (res.outcome !== 'saved') return;
    expect(res.config.values.memory).toBe(read.values.memory + 256);
    expect(res.config.current.memory).toBe(read.values.memory + 256);
    expect(res.config.digest).not.toBe(read.digest);
    expect(count('PUT', `/nodes/${g.node}/lxc/${g.vmid}/config`)).toBe(1);
    // Limits are checked before anything is sent.
    const bad = await failure(
      c.api['config.update']({ ...g, changes: { cores: 0 }, digest: res.config.digest }),
    );
    expect(bad.message).toBe(
      'Invalid changes.cores for config.update: Whole number from 1 to 8192',
    );
    expect(count('PUT', `/nodes/${g.node}/lxc/${g.vmid}/config`)).toBe(1);
  });

  it('a change by someone else: conflict with PVE’s text, what changed, re-applied on the fresh config', async () => {
    const c = await open();
    const g = pick(c, (x) => x.type === 'qemu' && x.status === 'stopped');
    const read = await c.api['config.get'](g);
    demos[0]!.editConfig(g.vmid, { description: 'edited by another admin', onboot: '1' });
    const res = await c.api['config.update']({
      ...g,
      changes: { memory: 3072 },
      digest: read.digest,
    });
    expect(res.outcome).toBe('conflict');
    if (res.outcome !== 'conflict') return;
    expect(res.message).toBe('checksum mismatch (file change by other user?)');
    expect(res.changed).toEqual([
      { key: 'description', before: read.values.description, after: 'edited by another admin' },
      { key: 'onboot', before: false, after: true },
    ]);
    expect(res.fresh.values.memory).toBe(read.values.memory);
    const again = await c.api['config.update']({
      ...g,
      changes: { memory: 3072 },
      digest: res.fresh.digest,
    });
    expect(again.outcome).toBe('saved');
    if (again.outcome !== 'saved') return;
    expect(again.config.values).toMatchObject({
      memory: 3072,
      description: 'edited by another admin',
      onboot: true,
    });
    // Two PUTs: the refused one and the re-applied one; nothing sent behind the user's back.
    expect(count('PUT', `/nodes/${g.node}/qemu/${g.vmid}/config`)).toBe(2);
  });

  it('a running VM keeps memory pending until reboot; revert drops it', async () => {
    const c = await open();
    const g = pick(c, (x) => x.type === 'qemu' && x.status === 'running');
    const read = await c.api['config.get'](g);
    const res = await c.api['config.update']({
      ...g,
      changes: { memory: read.values.memory * 2, cores: read.values.cores + 1, tags: ['edited'] },
      digest: read.digest,
    });
    expect(res.outcome).toBe('saved');
    if (res.outcome !== 'saved') return;
    expect(res.config.pending).toEqual(['cores', 'memory']);
    expect(res.config.values.memory).toBe(read.values.memory * 2);
    expect(res.config.current.memory).toBe(read.values.memory);
    expect(res.config.current.tags).toEqual(['edited']);
    const reverted = await c.api['config.revert']({ ...g, keys: ['cores'] });
    expect(reverted.pending).toEqual(['memory']);
    expect(reverted.values.cores).toBe(read.values.cores);
    // The change and the revert: one PUT each.
    expect(count('PUT', `/nodes/${g.node}/qemu/${g.vmid}/config`)).toBe(2);
  });

  it('a running VM’s pending memory and cores apply when it reboots; each write sent once', async () => {
    const c = await open();
    const g = pick(c, (x) => x.type === 'qemu' && x.status === 'running');
    const read = await c.api['config.get'](g);
    const memory = read.values.memory * 2;
    const cores = read.values.cores + 1;
    const res = await c.api['config.update']({
      ...g,
      changes: { memory, cores },
      digest: read.digest,
    });
    expect(res.outcome === 'saved' && res.config.pending).toEqual(['cores', 'memory']);
    const reboot = await c.api['guest.action']({ ...g, action: 'reboot' });
    expect(await ended(c, reboot)).toMatchObject({ ok: true });
    const after = await c.api['config.get'](g);
    expect(after.pending).toEqual([]);
    expect([after.current.memory, after.current.cores]).toEqual([memory, cores]);
    expect(count('PUT', `/nodes/${g.node}/qemu/${g.vmid}/config`)).toBe(1);
    expect(count('POST', `/nodes/${g.node}/qemu/${g.vmid}/status/reboot`)).toBe(1);
  });

  it('a lost reply is not sent again: the config read back shows it saved', async () => {
    const c = await open();
    const g = pick(c, (x) => x.type === 'lxc' && x.status === 'running');
    const path = `/nodes/${g.node}/lxc/${g.vmid}/config`;
    const read = await c.api['config.get'](g);
    demos[0]!.addFault({
      kind: 'drop-reply',
      method: 'PUT',
      path: new RegExp(`${path}$`),
      times: 1,
    });
    const res = await c.api['config.update']({
      ...g,
      changes: { memory: 1024 },
      digest: read.digest,
    });
    expect(res.outcome).toBe('saved');
    expect(count('PUT', path)).toBe(1);
  }, 20_000);

  it('removes a VM’s stale lock (root only, as PVE rules); a container’s is pct unlock on its node', async () => {
    const c = await open();
    const locked = firstGuests(c).find((r) => r.type === 'qemu' && !!r.lock)!;
    const g = {
      profileId: c.profileId,
      node: locked.node,
      type: 'qemu' as const,
      vmid: locked.vmid,
    };
    expect((await c.api['config.get'](g)).lock).toBe(locked.lock);
    const after = await c.api['config.unlock'](g);
    expect(after.lock).toBeUndefined();
    expect(count('PUT', `/nodes/${g.node}/qemu/${g.vmid}/config`)).toBe(1);
    const ct = pick(c, (x) => x.type === 'lxc');
    const refused = await failure(c.api['config.unlock'](ct));
    expect(refused.message).toBe(
      `PVE removes a container's lock only on its node: run 'pct unlock ${ct.vmid}' as root on ${ct.node}.`,
    );
  });
});
