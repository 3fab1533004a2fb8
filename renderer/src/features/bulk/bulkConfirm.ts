// What a bulk action's confirmation says and asks (pure, for BulkConfirm): which bulk actions ask
// first (Stop always; Shutdown and Reboot when a guest is on a production profile, as for one
// guest), the guests grouped by profile (each profile named, production ones marked), and what the
// user types before a Stop that reaches a production profile: that profile's name when there is
// one such profile, else the number of guests stopped on production profiles.

import { isDestructiveBulk, type BulkAction } from '../../../../shared/bulk';
import type { ProfileInfo } from '../../../../shared/model';
import type { BulkTarget } from './bulkState';

export interface BulkConfirmGroup {
  profileId: string;
  name: string;
  production: boolean;
  targets: BulkTarget[];
}

export interface BulkConfirmPlan {
  groups: BulkConfirmGroup[];
  /** guests on production profiles */
  productionCount: number;
  /** what the user types before the button turns on; undefined: a click is enough */
  typeToConfirm?: string;
  /** the sentence above the field saying what the typed text stands for */
  typeHint?: string;
}

const isProduction = (profiles: readonly ProfileInfo[], id: string) =>
  profiles.find((p) => p.id === id)?.production === true;

/** Whether this bulk action asks before it runs. */
export function bulkAsks(
  action: BulkAction,
  targets: readonly BulkTarget[],
  profiles: readonly ProfileInfo[],
): boolean {
  if (isDestructiveBulk(action)) return true;
  if (action !== 'shutdown' && action !== 'reboot') return false;
  return targets.some((t) => isProduction(profiles, t.ref.profileId));
}

function plural(n: number): string {
  return `${String(n)} guest${n === 1 ? '' : 's'}`;
}

export function bulkConfirmPlan(
  action: BulkAction,
  targets: readonly BulkTarget[],
  profiles: readonly ProfileInfo[],
): BulkConfirmPlan {
  const byProfile = new Map<string, BulkTarget[]>();
  for (const t of targets) {
    const list = byProfile.get(t.ref.profileId);
    if (list) list.push(t);
    else byProfile.set(t.ref.profileId, [t]);
  }
  // Production profiles first: what matters most is read first.
  const groups: BulkConfirmGroup[] = [...byProfile].map(([profileId, list]) => ({
    profileId,
    name: profiles.find((p) => p.id === profileId)?.name ?? profileId,
    production: isProduction(profiles, profileId),
    targets: list,
  }));
  groups.sort((a, b) => Number(b.production) - Number(a.production));
  const prod = groups.filter((g) => g.production);
  const productionCount = prod.reduce((n, g) => n + g.targets.length, 0);
  const plan: BulkConfirmPlan = { groups, productionCount };
  if (!isDestructiveBulk(action) || prod.length === 0) return plan;
  if (prod.length === 1) {
    const only = prod[0]!;
    return {
      ...plan,
      typeToConfirm: only.name,
      typeHint: `${plural(only.targets.length)} of the production profile ${only.name} will be stopped.`,
    };
  }
  return {
    ...plan,
    typeToConfirm: String(productionCount),
    typeHint: `${plural(productionCount)} on ${String(prod.length)} production profiles (${prod
      .map((g) => g.name)
      .join(', ')}) will be stopped.`,
  };
}
