// The one dispatch both hosts share (electron/host/dispatch.ts): names outside the contract and
// bad arguments are refused before any handler runs, with the field named; handlers get checked
// arguments; a notification with bad arguments is dropped and logged, never thrown.

import { describe, expect, it, vi } from 'vitest';
import {
  dispatchCall,
  dispatchNotification,
  type ContractCore,
} from '../../electron/host/dispatch';
import type { CallHandlers, NotificationHandlers } from '../../shared/ipc';

function fakeCore() {
  const calls: [string, unknown, unknown][] = [];
  const log = vi.fn();
  const record =
    (name: string) =>
    async (args: unknown, ctx: unknown): Promise<never> => {
      calls.push([name, args, ctx]);
      return `result of ${name}` as never;
    };
  const handlers = new Proxy({} as CallHandlers, { get: (_t, name) => record(String(name)) });
  const notifications: NotificationHandlers = {
    'console.resize': record('console.resize'),
    'console.ack': async (args, ctx) => {
      calls.push(['console.ack', args, ctx]);
      throw new Error('No open console c1');
    },
    'logs.ack': record('logs.ack'),
    'app.visibility': record('app.visibility'),
  };
  const core: Pick<ContractCore, 'handlers' | 'notifications' | 'log'> = {
    handlers,
    notifications,
    log,
  };
  return { core, calls, log };
}

const ctx = { clientId: 'w1' };

describe('dispatchCall', () => {
  it('refuses a name outside the contract, inherited names included', async () => {
    const { core, calls } = fakeCore();
    for (const name of ['fs.readFile', 'constructor', '__proto__', 42, undefined]) {
      const envelope = await dispatchCall(core, name, {}, ctx);
      expect(envelope).toMatchObject({ ok: false, error: { kind: 'validation' } });
      if (!envelope.ok) expect(envelope.error.message).toMatch(/^Unknown call: /);
    }
    expect(calls).toEqual([]);
  });

  it('refuses bad arguments with the field named, before the handler runs', async () => {
    const { core, calls } = fakeCore();
    const envelope = await dispatchCall(
      core,
      'guest.action',
      { profileId: 'p', node: 'pve1', type: 'qemu', vmid: 1.5, action: 'start' },
      ctx,
    );
    expect(envelope).toMatchObject({ ok: false, error: { kind: 'validation' } });
    if (!envelope.ok) expect(envelope.error.message).toMatch(/^Invalid vmid for guest\.action: /);
    expect(calls).toEqual([]);
  });

  it('hands the handler checked arguments and the caller, and wraps its result', async () => {
    const { core, calls } = fakeCore();
    const envelope = await dispatchCall(core, 'profiles.update', {
      profileId: 'p',
      name: '  Home lab  ',
    });
    expect(envelope).toEqual({ ok: true, value: 'result of profiles.update' });
    expect(calls).toEqual([['profiles.update', { profileId: 'p', name: 'Home lab' }, undefined]]);
    await dispatchCall(core, 'profiles.list', null, ctx);
    expect(calls.at(-1)).toEqual(['profiles.list', undefined, ctx]);
  });

  it('answers a notification sent as a call with its outcome', async () => {
    const { core } = fakeCore();
    expect(
      await dispatchCall(core, 'console.ack', { consoleId: 'c1', bytes: 5 }, ctx),
    ).toMatchObject({ ok: false, error: { message: 'No open console c1' } });
  });
});

describe('dispatchNotification', () => {
  it('delivers checked arguments with the caller', async () => {
    const { core, calls, log } = fakeCore();
    await dispatchNotification(
      core,
      'console.resize',
      { consoleId: 'c1', cols: 80, rows: 24 },
      ctx,
    );
    expect(calls).toEqual([['console.resize', { consoleId: 'c1', cols: 80, rows: 24 }, ctx]]);
    expect(log).not.toHaveBeenCalled();
  });

  it('drops and logs a bad notification, never throwing', async () => {
    const { core, calls, log } = fakeCore();
    await expect(
      dispatchNotification(core, 'console.resize', { consoleId: 'c1', cols: 0, rows: 24 }, ctx),
    ).resolves.toBeUndefined();
    await expect(dispatchNotification(core, 'console.explode', {}, ctx)).resolves.toBeUndefined();
    expect(calls).toEqual([]);
    expect(log).toHaveBeenCalledWith(
      'warn',
      expect.stringContaining('Invalid cols for console.resize'),
    );
    expect(log).toHaveBeenCalledWith('warn', expect.stringContaining('"console.explode"'));
  });

  it('drops and logs a notification its handler refuses', async () => {
    const { core, log } = fakeCore();
    await expect(
      dispatchNotification(core, 'console.ack', { consoleId: 'c1', bytes: 5 }, ctx),
    ).resolves.toBeUndefined();
    expect(log).toHaveBeenCalledWith('warn', 'Dropped console.ack: No open console c1');
  });
});
