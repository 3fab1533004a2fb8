// The guest header's "More" menu: Migrate…, Clone…, Convert to template… and Destroy…, each
// opening its dialog.

import { Button, Menu } from '@mantine/core';
import {
  IconArrowsRightLeft,
  IconChevronDown,
  IconCopy,
  IconTemplate,
  IconTrash,
} from '@tabler/icons-react';
import { useState } from 'react';
import type { GuestResource } from '../../../../shared/model';
import { CloneDialog } from '../clone/CloneDialog';
import { TemplateDialog, templateBlocked } from '../clone/TemplateDialog';
import { DeleteGuestDialog } from './DeleteGuestDialog';
import { MigrateDialog } from './MigrateDialog';

export function GuestManageMenu({
  profileId,
  guest,
  disabled,
}: {
  profileId: string;
  guest: GuestResource;
  disabled: boolean;
}) {
  const [open, setOpen] = useState<'migrate' | 'delete' | 'clone' | 'template' | null>(null);
  const noTemplate = templateBlocked(guest);
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            size="compact-sm"
            variant="default"
            rightSection={<IconChevronDown size={14} />}
            disabled={disabled}
            data-testid="guest-more"
          >
            More
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item
            leftSection={<IconArrowsRightLeft size={14} />}
            onClick={() => setOpen('migrate')}
          >
            Migrate…
          </Menu.Item>
          <Menu.Item leftSection={<IconCopy size={14} />} onClick={() => setOpen('clone')}>
            Clone…
          </Menu.Item>
          <Menu.Item
            leftSection={<IconTemplate size={14} />}
            onClick={() => setOpen('template')}
            disabled={noTemplate !== undefined}
            title={noTemplate}
          >
            Convert to template…
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item
            color="red"
            leftSection={<IconTrash size={14} />}
            onClick={() => setOpen('delete')}
          >
            Destroy…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <MigrateDialog
        profileId={profileId}
        guest={guest}
        opened={open === 'migrate'}
        onClose={() => setOpen(null)}
      />
      <CloneDialog
        profileId={profileId}
        guest={guest}
        opened={open === 'clone'}
        onClose={() => setOpen(null)}
      />
      <TemplateDialog
        profileId={profileId}
        guest={guest}
        opened={open === 'template'}
        onClose={() => setOpen(null)}
      />
      <DeleteGuestDialog
        profileId={profileId}
        guest={guest}
        opened={open === 'delete'}
        onClose={() => setOpen(null)}
      />
    </>
  );
}
