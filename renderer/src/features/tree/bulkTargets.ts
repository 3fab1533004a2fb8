// From marked tree rows to bulk targets: the guests an action applies to (by its state, as the
// detail's power toolbar decides), and a name for each.

import { BULK_ACTIONS, type BulkAction } from '../../../../shared/bulk';
import { isGuest, type GuestResource } from '../../../../shared/model';
import type { ResourcesState } from '../../store/resources';
import { guestDisplayName, guestKindLabel } from '../../ui/status';
import type { BulkTarget } from '../bulk/bulkState';
import { powerActionButtons } from '../guest/powerActions';
import type { TreeRow } from './treeRows';

type GuestRowData = Extract<TreeRow, { kind: 'guest' }>;

export interface ProfileGuest {
  profileId: string;
  guest: GuestResource;
}

export function guestsOf(rows: readonly GuestRowData[], resources: ResourcesState): ProfileGuest[] {
  const out: ProfileGuest[] = [];
  // A guest shown under two tags counts once.
  const seen = new Set<string>();
  for (const row of rows) {
    const key = `${row.profileId}\u0000${row.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const r = resources[row.profileId]?.byId.get(row.id);
    if (r && isGuest(r)) out.push({ profileId: row.profileId, guest: r });
  }
  return out;
}

function applies(guest: GuestResource, action: BulkAction): boolean {
  return powerActionButtons(guest, { nodeOffline: false }).some(
    (b) => b.action === action && b.enabled,
  );
}

/** Each bulk action with the guests it applies to (only actions that apply to one at least). */
export function bulkChoices(
  guests: readonly ProfileGuest[],
): { action: BulkAction; targets: BulkTarget[] }[] {
  return BULK_ACTIONS.map((action) => ({
    action,
    targets: guests
      .filter(({ guest }) => applies(guest, action))
      .map(({ profileId, guest: g }) => ({
        ref: { profileId, node: g.node, type: g.type, vmid: g.vmid },
        name: `${guestDisplayName(g)} (${guestKindLabel(g)})`,
      })),
  })).filter((c) => c.targets.length > 0);
}

/** The guests a snapshot or backup applies to: every marked guest but templates. */
export function writeTargets(guests: readonly ProfileGuest[]): BulkTarget[] {
  return guests
    .filter(({ guest }) => !guest.template)
    .map(({ profileId, guest: g }) => ({
      ref: { profileId, node: g.node, type: g.type, vmid: g.vmid },
      name: `${guestDisplayName(g)} (${guestKindLabel(g)})`,
    }));
}
