// The parameters each power action takes, checked before anything is sent: PVE would ignore or
// refuse the rest, and a container has no reset. Stop's `overrule-shutdown` (abort the guest's
// running qmshutdown/vzshutdown tasks first, logged "overruled vzshutdown tasks: UPID…") exists
// since qemu-server 8.1.2 / pve-container 5.0.10, i.e. PVE 8.2; an older server refuses it as a
// property not in its schema, and PVE refuses it for HA-managed guests ("Not applicable for HA
// resources."), whose stop goes through ha-manager: there it is left out.

import { DeckhandError } from '../../../shared/errors';
import type { GuestRef, PowerAction } from '../../../shared/model';
import { parseVersion } from '../console/token-consoles';
import type { PveParams } from '../pve/form';

const OVERRULE_SINCE = [8, 2] as const;

/** What decides whether Stop may overrule a shutdown: the server's version and HA. */
export interface OverruleFacts {
  /** pve-manager version; unknown: not sent */
  version: string | undefined;
  haManaged: boolean;
}

/** Does PVE take `overrule-shutdown` for this guest? */
export function overruleApplies(facts: OverruleFacts): boolean {
  if (facts.haManaged) return false;
  const v = parseVersion(facts.version);
  if (!v) return false;
  return v[0]! > OVERRULE_SINCE[0] || (v[0] === OVERRULE_SINCE[0] && v[1]! >= OVERRULE_SINCE[1]);
}

const SHUTDOWN_PARAMS = new Set(['timeout', 'forceStop']);
const REBOOT_PARAMS = new Set(['timeout']);
const STOP_PARAMS = new Set(['overruleShutdown']);

export function powerParams(
  ref: GuestRef,
  action: PowerAction,
  params: Record<string, unknown>,
  /** where Stop's overrule may not be sent (old server, HA); absent: the caller checked */
  overrule?: OverruleFacts,
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
  const send = overruleShutdown === true && (overrule === undefined || overruleApplies(overrule));
  return (send ? { ...rest, 'overrule-shutdown': true } : rest) as PveParams;
}
