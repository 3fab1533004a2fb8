// The contract owns its argument schemas: a schema that drifts from its type in shared/ipc.ts
// (a field missing, extra, or optional on one side only) fails `tsc`. The `@ts-expect-error`
// lines below are the proof: `npx tsc` fails if any of them stops being an error.

import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  CALL_ARGS,
  NOTIFICATION_ARGS,
  nodeNameArg,
  parseCallArgs,
  type CallArgsMap,
  type ContractDrift,
  type NoDrift,
  type SchemaMap,
} from '../../shared/ipc-schema';
import type { ClientSink } from '../../electron/core';
import { EmitterMap } from '../../shared/emitter';
import {
  CALL_NAMES,
  NOTIFICATION_NAMES,
  type IpcBroadcastEvents,
  type IpcNotifications,
} from '../../shared/ipc';
import type { ConsoleInfo } from '../../shared/model';

type Example = { a: { x: string }; b: { y?: number }; c: void };

const _exact = {
  a: z.object({ x: z.string() }),
  b: z.object({ y: z.number().optional() }),
  c: z.undefined(),
} satisfies SchemaMap<Example>;

// A schema missing a required field: caught by `satisfies`.
const missing = {
  // @ts-expect-error `x` is missing from the schema
  a: z.object({}),
  b: z.object({ y: z.number().optional() }),
  c: z.undefined(),
} satisfies SchemaMap<Example>;

// An extra optional field, and a field required by the schema but optional in the type: both
// pass `satisfies`, and the drift check names them.
const _extra = {
  a: z.object({ x: z.string(), extra: z.string().optional() }),
  b: z.object({ y: z.number() }),
  c: z.undefined(),
} satisfies SchemaMap<Example>;

// The real contract, with one call's schema drifted.
const _drifted = {
  ...CALL_ARGS,
  'tasks.list': z.object({ profileId: z.string(), cursor: z.string().optional() }),
} satisfies SchemaMap<CallArgsMap>;

describe('the contract schemas', () => {
  it('fail to compile when they drift from the contract types', () => {
    expectTypeOf<ContractDrift<Example, typeof _exact>>().toEqualTypeOf<never>();
    expectTypeOf<ContractDrift<Example, typeof _extra>>().toEqualTypeOf<'a' | 'b'>();
    expectTypeOf<ContractDrift<CallArgsMap, typeof CALL_ARGS>>().toEqualTypeOf<never>();
    expectTypeOf<
      ContractDrift<IpcNotifications, typeof NOTIFICATION_ARGS>
    >().toEqualTypeOf<never>();
    expectTypeOf<ContractDrift<CallArgsMap, typeof _drifted>>().toEqualTypeOf<'tasks.list'>();

    // @ts-expect-error the drift check refuses a _drifted map
    type ExtraInSync = NoDrift<ContractDrift<Example, typeof _extra>>;
    // @ts-expect-error and names the _drifted call of the real contract
    type DriftedInSync = NoDrift<ContractDrift<CallArgsMap, typeof _drifted>>;
    expectTypeOf<ExtraInSync | DriftedInSync>().not.toBeAny();
    expect(missing.a).toBeDefined();
  });

  it('cover every call and notification by name', () => {
    expect(Object.keys(CALL_ARGS).sort()).toEqual([...CALL_NAMES].sort());
    expect(Object.keys(NOTIFICATION_ARGS).sort()).toEqual([...NOTIFICATION_NAMES].sort());
  });

  it('have one node-name rule for every call that names a node', () => {
    expect(nodeNameArg.safeParse('pve-1.lab').success).toBe(true);
    expect(nodeNameArg.safeParse('a'.repeat(63)).success).toBe(true);
    for (const bad of ['../etc', '-pve', '', 'a'.repeat(64), 'pve 1']) {
      expect(nodeNameArg.safeParse(bad).success, bad).toBe(false);
    }
    const guest = { profileId: 'p', type: 'qemu', vmid: 100, action: 'start' };
    const shell = { profileId: 'p', kind: 'shell' };
    expect(parseCallArgs('guest.action', { ...guest, node: 'pve1' })).toMatchObject({
      node: 'pve1',
    });
    expect(parseCallArgs('console.open', { ...shell, node: 'pve1' })).toMatchObject({
      node: 'pve1',
    });
    const long = 'a'.repeat(64);
    expect(() => parseCallArgs('guest.action', { ...guest, node: long })).toThrow(
      'Invalid node for guest.action: expected a node name',
    );
    expect(() => parseCallArgs('console.open', { ...shell, node: long })).toThrow(
      'Invalid node for console.open: expected a node name',
    );
  });

  it('turn a call without arguments into undefined, whatever empty form it came in', () => {
    for (const empty of [undefined, null, {}]) {
      expect(parseCallArgs('profiles.list', empty)).toBeUndefined();
    }
    expect(() => parseCallArgs('profiles.list', { _extra: 1 })).toThrow(/Invalid arguments/);
  });

  it('keep window events off the broadcast hub, and broadcast events out of a window sink', () => {
    const hub = new EmitterMap<IpcBroadcastEvents>();
    const seen: unknown[] = [];
    const sink: ClientSink = { event: (...e) => seen.push(e), stream: () => undefined };
    // @ts-expect-error 'console' goes to the owning window's sink, never to every window
    hub.fire('console', {} as ConsoleInfo);
    // @ts-expect-error a window's sink carries no broadcast event
    sink.event('profiles', []);
    expect(seen).toHaveLength(1);
    hub.dispose();
  });
});
