// Which power actions ask first: Stop and Reset always; Shutdown and Reboot on an HA-managed guest
// or a production profile; the typed name only for Stop and Reset on a production profile.

import { describe, expect, it } from 'vitest';
import {
  isHaManaged,
  needsConfirm,
  needsTypedName,
} from '../../renderer/src/features/guest/ConfirmActionModal';
import type { GuestResource, PowerAction } from '../../shared/model';

const guest = (over: Partial<GuestResource> = {}): GuestResource => ({
  id: 'lxc/101',
  type: 'lxc',
  node: 'pve1',
  vmid: 101,
  name: 'proxy01',
  status: 'running',
  template: false,
  tags: [],
  ...over,
});

const ACTIONS: PowerAction[] = [
  'start',
  'shutdown',
  'stop',
  'reboot',
  'suspend',
  'resume',
  'reset',
];
const asking = (g: GuestResource, production: boolean) =>
  ACTIONS.filter((a) => needsConfirm(a, g, { production }));

describe('confirmation policy', () => {
  it('asks before Stop and Reset; before Shutdown and Reboot only with HA or production', () => {
    expect(asking(guest(), false)).toEqual(['stop', 'reset']);
    expect(asking(guest({ hastate: 'started' }), false)).toEqual([
      'shutdown',
      'stop',
      'reboot',
      'reset',
    ]);
    expect(asking(guest(), true)).toEqual(['shutdown', 'stop', 'reboot', 'reset']);
  });

  it('wants the typed name for Stop and Reset on production profiles only', () => {
    expect(ACTIONS.filter((a) => needsTypedName(a, { production: true }))).toEqual([
      'stop',
      'reset',
    ]);
    expect(ACTIONS.filter((a) => needsTypedName(a, { production: false }))).toEqual([]);
  });

  it('reads hastate as PVE reports it', () => {
    expect(isHaManaged(guest({ hastate: 'stopped' }))).toBe(true);
    expect(isHaManaged(guest())).toBe(false);
    expect(isHaManaged(guest({ hastate: '' }))).toBe(false);
  });
});
