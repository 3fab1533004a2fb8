import type { ConsoleKind, ConsoleTarget, GuestResource } from '../../../../shared/model';

/** What a double-click opens: a container's console, a VM's screen. */
function defaultConsoleKind(guest: Pick<GuestResource, 'type'>): ConsoleKind {
  return guest.type === 'lxc' ? 'lxc' : 'vnc';
}

export function guestConsoleTarget(
  profileId: string,
  guest: Pick<GuestResource, 'type' | 'node' | 'vmid'>,
  kind: ConsoleKind = defaultConsoleKind(guest),
): ConsoleTarget {
  return { profileId, node: guest.node, kind, vmid: guest.vmid };
}

export function nodeShellTarget(profileId: string, node: string): ConsoleTarget {
  return { profileId, node, kind: 'shell' };
}
