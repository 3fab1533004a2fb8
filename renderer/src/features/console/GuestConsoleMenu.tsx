import { Button, Menu } from '@mantine/core';
import { IconChevronDown, IconDeviceDesktop, IconTerminal2 } from '@tabler/icons-react';
import type { GuestResource } from '../../../../shared/model';
import { useConsoles } from './ConsoleContext';
import { guestConsoleTarget } from './consoleTargets';

/** The guest toolbar's consoles: a container's console; a VM's screen or serial terminal. */
export function GuestConsoleMenu({
  profileId,
  guest,
}: {
  profileId: string;
  guest: GuestResource;
}) {
  const consoles = useConsoles();
  if (guest.type === 'lxc') {
    return (
      <Button
        size="compact-sm"
        variant="default"
        leftSection={<IconTerminal2 size={14} />}
        onClick={() => void consoles.open(guestConsoleTarget(profileId, guest, 'lxc'))}
      >
        Console
      </Button>
    );
  }
  return (
    <Menu position="bottom-start" shadow="md" withinPortal>
      <Menu.Target>
        <Button
          size="compact-sm"
          variant="default"
          leftSection={<IconDeviceDesktop size={14} />}
          rightSection={<IconChevronDown size={12} />}
        >
          Console
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          leftSection={<IconDeviceDesktop size={14} />}
          onClick={() => void consoles.open(guestConsoleTarget(profileId, guest, 'vnc'))}
        >
          Screen
        </Menu.Item>
        <Menu.Item
          leftSection={<IconTerminal2 size={14} />}
          onClick={() => void consoles.open(guestConsoleTarget(profileId, guest, 'serial'))}
        >
          Serial terminal
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
