// "Create CT" and "Create VM" in a node's detail header: the wizard on this node; disabled while
// the node is offline or the profile is read-only.

import { Button } from '@mantine/core';
import { IconBox, IconDeviceDesktop } from '@tabler/icons-react';
import { useProfile } from '../../store/hooks';
import { createWizard } from './createState';

export function NodeCreateButtons({
  profileId,
  node,
  disabled,
}: {
  profileId: string;
  node: string;
  disabled: boolean;
}) {
  const readOnly = useProfile(profileId)?.readOnly === true;
  const off = disabled || readOnly;
  return (
    <>
      <Button
        size="compact-sm"
        variant="default"
        leftSection={<IconBox size={14} />}
        disabled={off}
        title={readOnly ? 'Read-only profile' : undefined}
        data-testid="node-create-ct"
        onClick={() => createWizard.open(profileId, 'lxc', node)}
      >
        Create CT
      </Button>
      <Button
        size="compact-sm"
        variant="default"
        leftSection={<IconDeviceDesktop size={14} />}
        disabled={off}
        title={readOnly ? 'Read-only profile' : undefined}
        data-testid="node-create-vm"
        onClick={() => createWizard.open(profileId, 'qemu', node)}
      >
        Create VM
      </Button>
    </>
  );
}
