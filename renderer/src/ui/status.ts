import type { ConnectionStatus, GuestResource, NodeResource } from '../../../shared/model';

/** Mantine colour for a guest run state. */
export function guestStatusColor(status: GuestResource['status']): string {
  switch (status) {
    case 'running':
      return 'green';
    case 'stopped':
      return 'gray';
    case 'paused':
    case 'suspended':
    case 'prelaunch':
    case 'inmigrate':
    case 'postmigrate':
      return 'yellow';
    case 'unknown':
    case 'io-error':
      return 'red';
    default:
      return 'orange';
  }
}

export function nodeStatusColor(status: NodeResource['status']): string {
  return status === 'online' ? 'green' : 'red';
}

export function connectionStatusColor(status: ConnectionStatus): string {
  switch (status) {
    case 'online':
      return 'green';
    case 'connecting':
      return 'blue';
    case 'degraded':
      return 'yellow';
    case 'offline':
      return 'red';
  }
}

/** "CT 101" / "VM 100" */
export function guestKindLabel(guest: Pick<GuestResource, 'type' | 'vmid'>): string {
  return `${guest.type === 'lxc' ? 'CT' : 'VM'} ${guest.vmid}`;
}

export function guestDisplayName(guest: Pick<GuestResource, 'name' | 'type' | 'vmid'>): string {
  return guest.name ?? guestKindLabel(guest);
}
