// The toolbar's Create menu: "Create CT…" and "Create VM…" on the profile (and node) open in the
// detail pane, or the first writable profile; disabled for a read-only profile.

import { ActionIcon, Menu, Tooltip } from '@mantine/core';
import { IconBox, IconDeviceDesktop, IconSquarePlus } from '@tabler/icons-react';
import type { AppState } from '../../store/appState';
import { useAppState } from '../../store/hooks';
import { selectProfiles } from '../../store/selectors';
import { createWizard } from './createState';

const selectOpenedTarget = (s: AppState): string => {
  const o = s.opened;
  if (!o) return '';
  if (o.kind === 'node') return `${o.profileId}\n${o.node}`;
  if (o.kind === 'guest') {
    const r = s.resources[o.profileId]?.byId.get(o.id);
    return `${o.profileId}\n${r && r.type !== 'pool' && 'node' in r ? r.node : ''}`;
  }
  return `${o.profileId}\n`;
};

export function CreateMenu() {
  const profiles = useAppState(selectProfiles) ?? [];
  const [openedProfile, openedNode] = useAppState(selectOpenedTarget).split('\n');
  const writable = profiles.filter((p) => !p.readOnly);
  const target = writable.find((p) => p.id === openedProfile) ?? writable[0];
  const node = target?.id === openedProfile && openedNode ? openedNode : undefined;
  return (
    <Menu position="bottom-end" shadow="md" withinPortal>
      <Menu.Target>
        <Tooltip label={target ? `Create a guest on ${target.name}` : 'No writable cluster'}>
          <ActionIcon
            variant="subtle"
            aria-label="Create"
            disabled={!target}
            data-testid="create-menu"
          >
            <IconSquarePlus size={18} />
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {target?.name}
          {node ? ` · ${node}` : ''}
        </Menu.Label>
        <Menu.Item
          leftSection={<IconBox size={14} />}
          onClick={() => target && createWizard.open(target.id, 'lxc', node)}
        >
          Create CT…
        </Menu.Item>
        <Menu.Item
          leftSection={<IconDeviceDesktop size={14} />}
          onClick={() => target && createWizard.open(target.id, 'qemu', node)}
        >
          Create VM…
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
