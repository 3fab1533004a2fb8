// Why a console is not, or no longer, connected, in words a user understands: pure functions from
// what happened (an error, what the last refresh saw, how the socket closed, the proxy task's exit
// status) to the reason, error kind and remedy shown. No sockets here, so each is unit-tested.

import { DeckhandError } from '../../../shared/errors';
import type { ConsoleRemedy, ConsoleTarget, ErrorKind, GuestResource } from '../../../shared/model';
import { tokenConsoleRefusal } from './token-consoles';

export interface ConsoleFailure {
  reason: string;
  errorKind?: ErrorKind;
  remedy?: ConsoleRemedy;
}

/** What is known before asking PVE for a proxy; read lazily, in the order the checks need. */
export interface PrecheckFacts {
  target: ConsoleTarget;
  /** Whether the last refresh saw the target's node online (undefined: not known). */
  nodeOnline(): boolean | undefined;
  /** The guest as the last refresh saw it (undefined for node shells or unknown guests). */
  guest(): GuestResource | undefined;
  /** True when the console would authenticate with an API token. */
  usesToken(): boolean;
  serverVersion(): string | undefined;
}

/** A reason not to try at all (offline node, template, stopped guest, token on an old server). */
export function precheckFailure(facts: PrecheckFacts): ConsoleFailure | undefined {
  const { target } = facts;
  if (facts.nodeOnline() === false) {
    // Its guests show as 'unknown' then: Start could not help, the node must come back.
    return {
      reason: `Node ${target.node} is offline: its consoles cannot be reached until it is back`,
      errorKind: 'unreachable',
    };
  }
  if (target.kind !== 'shell') {
    const guest = facts.guest();
    const what = target.kind === 'lxc' ? 'CT' : 'VM';
    const name = guest?.name ? ` (${guest.name})` : '';
    if (guest?.template) {
      return { reason: `${what} ${String(target.vmid)}${name} is a template: it has no console` };
    }
    if (guest && guest.status !== 'running' && guest.status !== 'unknown') {
      return {
        reason: `${what} ${String(target.vmid)}${name} is ${guest.status}. Start it to open its ${
          target.kind === 'vnc' ? 'screen' : 'console'
        }.`,
        remedy: 'start-guest',
      };
    }
  }
  if (facts.usesToken()) {
    return tokenConsoleRefusal(target, facts.serverVersion(), 'before');
  }
  return undefined;
}

/** Opening failed: the proxy POST, the login for the socket, or the socket itself. */
export function openFailure(err: unknown, target: ConsoleTarget): ConsoleFailure {
  if (!(err instanceof DeckhandError)) {
    return { reason: err instanceof Error ? err.message : String(err), errorKind: 'internal' };
  }
  const base: ConsoleFailure = { reason: err.message, errorKind: err.kind };
  switch (err.kind) {
    case 'permission':
      // PVE's text names the path and privilege: "Permission check failed (/vms/118, VM.Console)".
      return { ...base, reason: `No permission to open this console: ${err.message}` };
    case 'timeout':
      return { ...base, reason: `Opening the console timed out: ${err.message}` };
    case 'api':
      if (/does not look like a valid user name/i.test(err.message)) {
        return (
          tokenConsoleRefusal(target, undefined, 'refused') ?? {
            ...base,
            remedy: 'console-login',
          }
        );
      }
      if (/not running/i.test(err.message)) return { ...base, remedy: 'start-guest' };
      return base;
    default:
      return base;
  }
}

/** How a console that was up ended. `proxyExit`: the proxy task's exit status, if it ended. */
export function closeFailure(end: {
  terminal: boolean;
  where: string;
  code: number;
  reason: string;
  proxyExit: string | undefined;
}): ConsoleFailure {
  // pveproxy never sends a close frame (1006 either way): the proxy task tells a shell that
  // exited from a connection that broke.
  if (end.proxyExit !== undefined && /exit code|exited/i.test(end.proxyExit)) {
    return { reason: 'The session ended: the shell exited' };
  }
  if (end.code === 1006) return { reason: `Connection to ${end.where} lost`, errorKind: 'network' };
  const ended = end.terminal ? 'The session ended' : 'The console connection ended';
  return { reason: end.reason ? `${ended}: ${end.reason}` : ended };
}

/** The socket closed before anything came through: the proxy refused us. */
export function earlyCloseFailure(where: string, proxyExit: string | undefined): ConsoleFailure {
  if (proxyExit && proxyExit !== 'OK') {
    const failure: ConsoleFailure = {
      reason: `The console could not start: ${proxyExit}`,
      errorKind: 'api',
    };
    if (/not running/i.test(proxyExit)) failure.remedy = 'start-guest';
    return failure;
  }
  return {
    reason: `${where} closed the console before it was ready (the console ticket was refused or the proxy ended)`,
    errorKind: 'api',
  };
}

// Why our own dead-connection checks ended a connection (reported as network failures).

export function loginUnanswered(where: string): string {
  return `${where} did not answer the console login in time`;
}

export function loginRefused(where: string): string {
  return `${where} answered the console login with something other than OK`;
}

export function pingUnanswered(where: string, timeoutMs: number): string {
  return `${where} stopped answering (no reply to a ping for ${String(Math.round(timeoutMs / 1000))} s)`;
}
