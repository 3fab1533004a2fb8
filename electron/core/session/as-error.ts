// What failed, as the DeckhandError the session reports: a DeckhandError as it is, anything else
// (a bug, a library's own error) as an internal error keeping its message.

import { DeckhandError } from '../../../shared/errors';

export function asDeckhandError(err: unknown): DeckhandError {
  if (err instanceof DeckhandError) return err;
  return new DeckhandError(
    { kind: 'internal', message: err instanceof Error ? err.message : String(err) },
    { cause: err },
  );
}
