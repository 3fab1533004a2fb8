// The context menu of node, profile and tag/pool group rows (right-click, Shift+F10, the
// context-menu key): the bulk power actions on every guest of that node, profile, tag or pool,
// each saying how many it acts on ("Shut down all (3)"), run as one bulk job with a row per
// guest. Stop asks first, as in the bar.

import { bulkActionLabel } from '../../../../shared/bulk';
import { isGuest, type GuestResource } from '../../../../shared/model';
import type { AppState } from '../../store/appState';
import { selectProfiles } from '../../store/selectors';
import { useAppState, useController, useProfile } from '../../store/hooks';
import { bulk } from '../bulk/bulkState';
import { createWizard } from '../create/createState';
import { bulkChoices, writeTargets, type ProfileGuest } from './bulkTargets';
import type { MenuAt } from './GuestMenu';
import { MENU_KEYS } from './menuKeys';
import { PointMenu, type PointMenuItem } from './PointMenu';
import { profileRowItems } from './profileRowItems';
import type { TreeRow } from './treeRows';
import { groupLabel, type GroupRowData } from './treeViews';

type ScopeRow = Extract<TreeRow, { kind: 'node' | 'profile' | 'group' }>;

const selectResources = (s: AppState) => s.resources;

/** A guest belongs to a tag or pool group (name null: the guests without one). */
function inGroup(r: GuestResource, g: GroupRowData): boolean {
  if (g.view === 'pools') return (r.pool ?? null) === g.name;
  return g.name === null ? r.tags.length === 0 : r.tags.includes(g.name);
}

/** Every guest (templates aside) of a node, a tag or pool group, or a whole profile. */
export function guestsInScope(resources: AppState['resources'], scope: ScopeRow): ProfileGuest[] {
  const res = resources[scope.profileId];
  if (!res) return [];
  const out: ProfileGuest[] = [];
  for (const r of res.byId.values()) {
    if (!isGuest(r) || r.template) continue;
    if (scope.kind === 'node' && r.node !== scope.node) continue;
    if (scope.kind === 'group' && !inGroup(r, scope)) continue;
    out.push({ profileId: scope.profileId, guest: r });
  }
  return out.sort((a, b) => a.guest.vmid - b.guest.vmid);
}

/** "Tag web", "Pool prod", or the catch-all "No tags" / "No pool". */
function groupMenuName(g: GroupRowData): string {
  if (g.name === null) return groupLabel(g);
  return `${g.view === 'tags' ? 'Tag' : 'Pool'} ${g.name}`;
}

export function ScopeMenu({
  at,
  scope,
  onClose,
}: {
  at: MenuAt;
  scope: ScopeRow;
  onClose(): void;
}) {
  const { api } = useController();
  const resources = useAppState(selectResources);
  const profile = useProfile(scope.profileId);
  const profileList = useAppState(selectProfiles);
  const guests = guestsInScope(resources, scope);
  const readOnly = profile?.readOnly === true;
  const items: PointMenuItem[] = bulkChoices(guests).map((c) => ({
    key: c.action,
    label: `${bulkActionLabel(c.action)} all (${String(c.targets.length)})`,
    danger: c.action === 'stop',
    shortcut: MENU_KEYS[c.action],
    ...(readOnly ? { disabled: 'Read-only profile' } : {}),
    run: () => {
      bulk.request(api, c.action, c.targets);
      onClose();
    },
  }));
  const targets = writeTargets(guests);
  if (targets.length > 0) {
    for (const kind of ['snapshot', 'backup', 'migrate'] as const) {
      const verb = kind === 'snapshot' ? 'Snapshot' : kind === 'backup' ? 'Back up' : 'Migrate';
      items.push({
        key: `bulk-${kind}`,
        label: `${verb} all (${String(targets.length)})…`,
        ...(readOnly ? { disabled: 'Read-only profile' } : {}),
        run: () => {
          onClose();
          bulk.askFor(kind, targets);
        },
      });
    }
  }
  if (scope.kind === 'node') {
    for (const type of ['lxc', 'qemu'] as const) {
      items.push({
        key: `create-${type}`,
        label: type === 'lxc' ? 'Create CT…' : 'Create VM…',
        ...(readOnly ? { disabled: 'Read-only profile' } : {}),
        run: () => {
          onClose();
          createWizard.open(scope.profileId, type, scope.node);
        },
      });
    }
  }
  if (scope.kind === 'profile' && profile) {
    items.push(...profileRowItems(api, profile, profileList ?? [], onClose));
  }
  const name =
    scope.kind === 'node'
      ? scope.node
      : scope.kind === 'group'
        ? groupMenuName(scope)
        : (profile?.name ?? scope.profileId);
  return (
    <PointMenu
      x={at.x}
      y={at.y}
      label={`${name}: ${String(guests.length)} guest${guests.length === 1 ? '' : 's'}`}
      items={items}
      onClose={onClose}
    />
  );
}
