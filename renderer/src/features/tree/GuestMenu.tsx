// The context menu of guest rows (right-click, Shift+F10, the context-menu key): for one guest its
// power actions that apply (Stop and Reset confirm first), for several marked guests the bulk
// ones, each saying how many guests it acts on.

import { useState } from 'react';
import { bulkActionLabel } from '../../../../shared/bulk';
import type { PowerAction } from '../../../../shared/model';
import type { AppState } from '../../store/appState';
import { useAppState, useController } from '../../store/hooks';
import { guestDisplayName, guestKindLabel } from '../../ui/status';
import { bulk } from '../bulk/bulkState';
import { ConfirmActionModal } from '../guest/ConfirmActionModal';
import { powerActionButtons } from '../guest/powerActions';
import { bulkChoices, guestsOf } from './bulkTargets';
import { PointMenu } from './PointMenu';
import type { TreeRow } from './treeRows';

type GuestRowData = Extract<TreeRow, { kind: 'guest' }>;

export interface MenuAt {
  row: TreeRow;
  x: number;
  y: number;
}

const selectResources = (s: AppState) => s.resources;

export function GuestMenu({
  at,
  rows,
  onClose,
}: {
  at: MenuAt;
  rows: GuestRowData[];
  onClose(): void;
}) {
  const controller = useController();
  const resources = useAppState(selectResources);
  const [confirming, setConfirming] = useState<PowerAction | null>(null);
  const guests = guestsOf(rows, resources);
  const single = guests.length === 1 ? guests[0] : undefined;

  const items: { key: string; label: string; danger: boolean; disabled?: string; run(): void }[] =
    [];
  if (single) {
    const { profileId, guest } = single;
    const run = (action: PowerAction) =>
      void controller.runAction(
        { profileId, node: guest.node, type: guest.type, vmid: guest.vmid, guestId: guest.id },
        action,
      );
    for (const b of powerActionButtons(guest, { nodeOffline: false })) {
      items.push({
        key: b.action,
        label: b.label,
        danger: b.action === 'stop' || b.action === 'reset',
        ...(b.enabled ? {} : { disabled: b.reason ?? 'Not now' }),
        run: () => (b.confirm ? setConfirming(b.action) : run(b.action)),
      });
    }
    if (confirming) {
      return (
        <ConfirmActionModal
          action={confirming}
          guestLabel={`${guestKindLabel(guest)} (${guestDisplayName(guest)})`}
          onConfirm={(a) => {
            run(a);
            setConfirming(null);
            onClose();
          }}
          onCancel={() => {
            setConfirming(null);
            onClose();
          }}
        />
      );
    }
  } else {
    for (const c of bulkChoices(guests)) {
      const n = c.targets.length;
      items.push({
        key: c.action,
        label: `${bulkActionLabel(c.action)} ${String(n)} guest${n === 1 ? '' : 's'}`,
        danger: c.action === 'stop',
        run: () => bulk.request(controller.api, c.action, c.targets),
      });
    }
  }

  return (
    <PointMenu
      x={at.x}
      y={at.y}
      label={
        single
          ? `${guestDisplayName(single.guest)} (${guestKindLabel(single.guest)})`
          : `${String(guests.length)} guests`
      }
      items={items.map((i) => ({
        key: i.key,
        label: i.label,
        danger: i.danger,
        ...(i.disabled !== undefined ? { disabled: i.disabled } : {}),
        run: () => {
          i.run();
          if (!(single && (i.key === 'stop' || i.key === 'reset'))) onClose();
        },
      }))}
      onClose={onClose}
    />
  );
}
