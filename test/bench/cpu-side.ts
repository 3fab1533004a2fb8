// 1b. The CPU side of a tick without the network: the same steps the session runs on a reply, each
// timed alone, on two real /cluster/resources replies one refresh interval (3 s) apart.

import { serialize } from 'node:v8';
import { z } from 'zod';
import { diffResources } from '../../electron/core';
import { normalizeResources } from '../../electron/core/pve/resources';
import type { Resource, ResourceEvent } from '../../shared/model';
import type { Row } from './report';
import { summarize, timeSync } from './stats';

/** What PveClient.get('/cluster/resources') checks before normalising. */
const resourcesData = z.array(z.unknown());

function dataOf(text: string): unknown[] {
  const envelope = JSON.parse(text) as { data: unknown };
  const r = resourcesData.safeParse(envelope.data);
  if (!r.success) throw new Error('reply has no data array');
  return r.data;
}

function normalize(text: string): Resource[] {
  const { items, invalid } = normalizeResources(dataOf(text));
  if (invalid > 0) throw new Error(`${invalid} invalid items in the demo's reply`);
  return items;
}

export function benchCpuSide(before: string, after: string, runs: number): Row[] {
  const section = 'main process: CPU side of one tick (no network), 3 s of live change';
  const prevItems = normalize(before);
  const previous = new Map(prevItems.map((r) => [r.id, r]));
  const raw = (JSON.parse(after) as { data: unknown[] }).data;
  const items = normalize(after);
  const diff = diffResources(previous, items);
  const event: ResourceEvent = { kind: 'delta', profileId: 'bench', seq: 2, ...diff };

  const whole = (): unknown => {
    const next = normalize(after);
    const d = diffResources(previous, next);
    const index = new Map(next.map((r) => [r.id, r]));
    return [d, index];
  };
  return [
    {
      section,
      label: 'JSON.parse of the reply',
      unit: 'ms',
      summary: summarize(timeSync(() => JSON.parse(after), runs)),
    },
    {
      section,
      label: 'validate + normalise (normalizeResources, hand-written checks)',
      unit: 'ms',
      summary: summarize(
        timeSync(() => {
          const r = resourcesData.safeParse(raw);
          return r.success ? normalizeResources(r.data) : r;
        }, runs),
      ),
    },
    {
      section,
      label: 'diffResources (all live changes)',
      unit: 'ms',
      summary: summarize(timeSync(() => diffResources(previous, items), runs)),
    },
    {
      section,
      label: 'index the new list (new Map)',
      unit: 'ms',
      summary: summarize(timeSync(() => new Map(items.map((r) => [r.id, r])), runs)),
    },
    {
      section,
      label: 'parse + normalise + diff + index, together',
      unit: 'ms',
      summary: summarize(timeSync(whole, runs)),
    },
    {
      section,
      label: 'JSON.stringify of the delta (browser host)',
      unit: 'ms',
      summary: summarize(timeSync(() => JSON.stringify(event), runs)),
    },
    {
      section,
      label: 'v8.serialize of the delta (~Electron IPC)',
      unit: 'ms',
      summary: summarize(timeSync(() => serialize(event), runs)),
    },
  ];
}

export function replyBytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
