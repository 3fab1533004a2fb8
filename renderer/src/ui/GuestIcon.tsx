import { IconBox, IconDeviceDesktop, IconTemplate } from '@tabler/icons-react';
import type { GuestResource } from '../../../shared/model';
import { guestStatusColor } from './status';

export function GuestIcon({
  guest,
  size = 16,
}: {
  guest: Pick<GuestResource, 'type' | 'template' | 'status'>;
  size?: number;
}) {
  const color = `var(--mantine-color-${guestStatusColor(guest.status)}-6)`;
  const Icon = guest.template ? IconTemplate : guest.type === 'qemu' ? IconDeviceDesktop : IconBox;
  const label = guest.template
    ? 'template'
    : guest.type === 'qemu'
      ? 'virtual machine'
      : 'container';
  return <Icon size={size} stroke={1.8} color={color} aria-label={label} role="img" />;
}
