// The context menu of guest rows (right-click, Shift+F10, the context-menu key): for one guest its
// power actions that apply (Stop and Reset confirm first), for several marked guests the bulk
// ones, each saying how many guests it acts on.

import { useState } from 'react';
import { bulkActionLabel } from '../../../../shared/bulk';
import type { PowerAction } from '../../../../shared/model';
import type { AppState } from '../../store/appState';
import { useAppState, useController, useProfile } from '../../store/hooks';
import { guestDisplayName, guestKindLabel } from '../../ui/status';
import { bulk } from '../bulk/bulkState';
import { CloneDialog } from '../clone/CloneDialog';
import { TemplateDialog, templateBlocked } from '../clone/TemplateDialog';
import { ConfirmActionModal, needsConfirm } from '../guest/ConfirmActionModal';
import { powerActionButtons } from '../guest/powerActions';
import { writeTargets, bulkChoices, guestsOf } from './bulkTargets';
import { MENU_KEYS } from './menuKeys';
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
  rows: readonly GuestRowData[];
  onClose(): void;
}) {
  const controller = useController();
  const resources = useAppState(selectResources);
  const [confirming, setConfirming] = useState<PowerAction | null>(null);
  // Clone… and Convert to template… open their dialog in place of the menu.
  const [dialog, setDialog] = useState<'clone' | 'template' | null>(null);
  const guests = guestsOf(rows, resources);
  const single = guests.length === 1 ? guests[0] : undefined;
  const production = useProfile(single?.profileId)?.production === true;
  const asks = (action: PowerAction): boolean =>
    single !== undefined && needsConfirm(action, single.guest, { production });

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
        run: () => (asks(b.action) ? setConfirming(b.action) : run(b.action)),
      });
    }
    items.push({ key: 'clone', label: 'Clone…', danger: false, run: () => setDialog('clone') });
    const noTemplate = templateBlocked(guest);
    items.push({
      key: 'template',
      label: 'Convert to template…',
      danger: false,
      ...(noTemplate !== undefined ? { disabled: noTemplate } : {}),
      run: () => setDialog('template'),
    });
    if (dialog) {
      const Dialog = dialog === 'clone' ? CloneDialog : TemplateDialog;
      return <Dialog profileId={profileId} guest={guest} opened onClose={onClose} />;
    }
    if (confirming) {
      return (
        <ConfirmActionModal
          action={confirming}
          guest={guest}
          production={production}
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
    const targets = writeTargets(guests);
    if (targets.length > 0) {
      const n = `${String(targets.length)} guest${targets.length === 1 ? '' : 's'}`;
      items.push(
        {
          key: 'bulk-snapshot',
          label: `Snapshot ${n}…`,
          danger: false,
          run: () => bulk.askFor('snapshot', targets),
        },
        {
          key: 'bulk-backup',
          label: `Back up ${n}…`,
          danger: false,
          run: () => bulk.askFor('backup', targets),
        },
      );
      // Migration moves guests within one cluster.
      if (new Set(targets.map((t) => t.ref.profileId)).size === 1) {
        items.push({
          key: 'bulk-migrate',
          label: `Migrate ${n}…`,
          danger: false,
          run: () => bulk.askFor('migrate', targets),
        });
      }
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
        shortcut: MENU_KEYS[i.key as PowerAction],
        ...(i.disabled !== undefined ? { disabled: i.disabled } : {}),
        run: () => {
          i.run();
          if (!asks(i.key as PowerAction) && i.key !== 'clone' && i.key !== 'template') {
            onClose();
          }
        },
      }))}
      onClose={onClose}
    />
  );
}
