import type { ConsoleInfo, ConsoleKind, ConsoleStatus } from '../../../../shared/model';

export const STATUS_COLOR: Record<ConsoleStatus, string> = {
  connecting: 'yellow',
  connected: 'green',
  disconnected: 'red',
  closed: 'gray',
};

/** The state bar's words for a console. */
export function consoleStatusText(info: ConsoleInfo): string {
  switch (info.status) {
    case 'connecting':
      return info.generation > 1 ? 'Reconnecting…' : 'Connecting…';
    case 'connected':
      return 'Connected';
    case 'disconnected':
      return info.reason ? `Disconnected: ${info.reason}` : 'Disconnected';
    case 'closed':
      return info.reason ? `Closed: ${info.reason}` : 'Closed';
  }
}

/** The guest resource id a console belongs to (`qemu/100`), none for a node shell. */
export function consoleGuestId(target: { kind: ConsoleKind; vmid?: number }): string | undefined {
  if (target.vmid === undefined || target.kind === 'shell') return undefined;
  return `${target.kind === 'lxc' ? 'lxc' : 'qemu'}/${target.vmid}`;
}
