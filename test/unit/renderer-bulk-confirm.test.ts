// What a bulk action's confirmation asks: Stop always, Shutdown and Reboot when a guest is on a
// production profile; a Stop reaching one production profile is confirmed by typing its name,
// one reaching several by typing how many guests on them stop; each profile named, production first.

import { describe, expect, it } from 'vitest';
import { bulkAsks, bulkConfirmPlan } from '../../renderer/src/features/bulk/bulkConfirm';
import type { BulkTarget } from '../../renderer/src/features/bulk/bulkState';
import type { ProfileInfo } from '../../shared/model';

const profile = (id: string, name: string, production = false) =>
  ({ id, name, ...(production ? { production: true } : {}) }) as ProfileInfo;

const target = (profileId: string, vmid: number): BulkTarget => ({
  ref: { profileId, node: 'pve1', type: 'lxc', vmid },
  name: `ct${String(vmid)} (CT ${String(vmid)})`,
});

const PROFILES = [
  profile('a', 'Lab'),
  profile('b', 'Prod EU', true),
  profile('c', 'Prod US', true),
];

describe('bulk confirmation', () => {
  it('asks for Stop always and for Shutdown and Reboot only on production profiles', () => {
    const lab = [target('a', 101)];
    const prod = [target('a', 101), target('b', 102)];
    expect(bulkAsks('stop', lab, PROFILES)).toBe(true);
    expect(bulkAsks('shutdown', lab, PROFILES)).toBe(false);
    expect(bulkAsks('reboot', lab, PROFILES)).toBe(false);
    expect(bulkAsks('shutdown', prod, PROFILES)).toBe(true);
    expect(bulkAsks('reboot', prod, PROFILES)).toBe(true);
    expect(bulkAsks('start', prod, PROFILES)).toBe(false);
    expect(bulkAsks('suspend', prod, PROFILES)).toBe(false);
  });

  it('types nothing for a Stop on profiles that are not production', () => {
    const plan = bulkConfirmPlan('stop', [target('a', 101), target('a', 102)], PROFILES);
    expect(plan.typeToConfirm).toBeUndefined();
    expect(plan.groups.map((g) => [g.name, g.targets.length])).toEqual([['Lab', 2]]);
  });

  it("types the production profile's name when one is reached, and lists it first", () => {
    const plan = bulkConfirmPlan('stop', [target('a', 101), target('b', 102)], PROFILES);
    expect(plan.typeToConfirm).toBe('Prod EU');
    expect(plan.typeHint).toBe('1 guest of the production profile Prod EU will be stopped.');
    expect(plan.groups.map((g) => [g.name, g.production])).toEqual([
      ['Prod EU', true],
      ['Lab', false],
    ]);
  });

  it('types the count of production guests when several production profiles are reached', () => {
    const plan = bulkConfirmPlan(
      'stop',
      [target('a', 101), target('b', 102), target('c', 103), target('c', 104)],
      PROFILES,
    );
    expect(plan.typeToConfirm).toBe('3');
    expect(plan.typeHint).toBe(
      '3 guests on 2 production profiles (Prod EU, Prod US) will be stopped.',
    );
  });

  it('types nothing for a Shutdown on a production profile (a click confirms it)', () => {
    const plan = bulkConfirmPlan('shutdown', [target('b', 102)], PROFILES);
    expect(plan.typeToConfirm).toBeUndefined();
    expect(plan.productionCount).toBe(1);
  });
});
