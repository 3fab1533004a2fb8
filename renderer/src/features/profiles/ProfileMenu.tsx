import { ActionIcon, Menu } from '@mantine/core';
import {
  IconAdjustments,
  IconDots,
  IconKey,
  IconPencil,
  IconShieldExclamation,
  IconTrash,
} from '@tabler/icons-react';
import type { ConnectionState, ProfileInfo } from '../../../../shared/model';
import { useProfileDialogs } from './profileDialogs';

/** Rename, credentials, certificate and remove: everything a user can change about a profile. */
export function ProfileMenu({
  profile,
  connection,
}: {
  profile: ProfileInfo;
  connection: ConnectionState | undefined;
}) {
  const dialogs = useProfileDialogs();
  const certificateChanged = connection?.status === 'offline' && connection.errorKind === 'tls';
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" aria-label={`Actions for ${profile.name}`}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          leftSection={<IconPencil size={14} />}
          onClick={() => dialogs.open('rename', profile.id)}
        >
          Rename…
        </Menu.Item>
        <Menu.Item
          leftSection={<IconAdjustments size={14} />}
          onClick={() => dialogs.open('settings', profile.id)}
        >
          Colour, read-only, production…
        </Menu.Item>
        <Menu.Item
          leftSection={<IconKey size={14} />}
          onClick={() => dialogs.open('credentials', profile.id)}
        >
          Edit credentials…
        </Menu.Item>
        {certificateChanged && (
          <Menu.Item
            leftSection={<IconShieldExclamation size={14} />}
            onClick={() => dialogs.open('certificate', profile.id)}
          >
            Review certificate…
          </Menu.Item>
        )}
        <Menu.Divider />
        <Menu.Item
          color="red"
          leftSection={<IconTrash size={14} />}
          onClick={() => dialogs.open('remove', profile.id)}
        >
          Remove…
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
