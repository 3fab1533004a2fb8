// The parameters each power action takes, checked before anything is sent: PVE would ignore or
// refuse the rest, and a container has no reset.

import { DeckhandError } from '../../../shared/errors';
import type { GuestRef, PowerAction } from '../../../shared/model';
import type { PveParams } from '../pve/form';

const SHUTDOWN_PARAMS = new Set(['timeout', 'forceStop']);
const REBOOT_PARAMS = new Set(['timeout']);
const STOP_PARAMS = new Set(['overruleShutdown']);

export function powerParams(
  ref: GuestRef,
  action: PowerAction,
  params: Record<string, unknown>,
): PveParams {
  const allowed =
    action === 'shutdown'
      ? SHUTDOWN_PARAMS
      : action === 'reboot'
        ? REBOOT_PARAMS
        : action === 'stop'
          ? STOP_PARAMS
          : new Set();
  for (const key of Object.keys(params)) {
    if (!allowed.has(key)) {
      throw new DeckhandError({
        kind: 'validation',
        message: `'${key}' is not a parameter of ${action}`,
      });
    }
  }
  if (ref.type === 'lxc' && action === 'reset') {
    throw new DeckhandError({ kind: 'validation', message: 'Containers cannot be reset' });
  }
  const { overruleShutdown, ...rest } = params;
  // PVE's key (qemu-server and pve-container since 8.1): abort running shutdown tasks first.
  return (overruleShutdown === true ? { ...rest, 'overrule-shutdown': true } : rest) as PveParams;
}
