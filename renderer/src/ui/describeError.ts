// One wording per error kind, shared by every view that shows an error.

import { DeckhandError } from '../../../shared/errors';

/** The one wording of each error kind the UI shows. */
export function describeError(err: unknown): string {
  if (!(err instanceof DeckhandError)) return err instanceof Error ? err.message : String(err);
  switch (err.kind) {
    case 'permission':
      return `You lack permission: ${err.message}`;
    case 'auth':
      return `Wrong credentials or expired login: ${err.message}`;
    case 'tls':
      return err.fingerprint
        ? `Certificate problem: ${err.message} (server presents ${err.fingerprint})`
        : `Certificate problem: ${err.message}`;
    case 'network':
      return `Can't reach the server: ${err.message}`;
    case 'timeout':
      return `No answer in time: ${err.message}`;
    case 'unreachable':
      return err.node ? `Node ${err.node} is unreachable: ${err.message}` : err.message;
    case 'validation': {
      const fields = Object.entries(err.errors ?? {}).map(([k, v]) => `${k}: ${v}`);
      return fields.length > 0 ? `${err.message} (${fields.join('; ')})` : err.message;
    }
    default: {
      const fields = Object.entries(err.errors ?? {}).map(([k, v]) => `${k}: ${v}`);
      return fields.length > 0 ? `${err.message} (${fields.join('; ')})` : err.message;
    }
  }
}
