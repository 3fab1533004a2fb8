// One wording per error kind, shared by every view that shows an error. Core already writes whole
// sentences ("Node pve2 is unreachable: No route to host"), so its message is shown as it is; a
// kind's clause is put in front only when the message lacks it, and a parameter error is added
// only when the message does not already name it. Each thing is said once.

import { DeckhandError } from '../../../shared/errors';
import type { ErrorKind } from '../../../shared/model';

/** The clause a message of each kind must carry, and how to recognise that it already does. */
const CLAUSE: Partial<Record<ErrorKind, { has: RegExp; prefix: (err: DeckhandError) => string }>> =
  {
    permission: { has: /permission|privilege/i, prefix: () => 'You lack permission: ' },
    auth: {
      has: /login|logged|credential|password|token|ticket|authenticat|session/i,
      prefix: () => 'Authentication failed: ',
    },
    tls: { has: /certificate|secure connection|tls|ssl/i, prefix: () => 'Certificate problem: ' },
    network: { has: /reach|connect/i, prefix: () => "Can't reach the server: " },
    timeout: { has: /in time|timed out|timeout/i, prefix: () => 'No answer in time: ' },
    unreachable: {
      has: /unreachable|cannot be reached/i,
      prefix: (err) => (err.node ? `Node ${err.node} is unreachable: ` : 'Unreachable: '),
    },
  };

/** Parameter errors (`vmid: …`) the message does not already carry. */
function missingFields(err: DeckhandError): string[] {
  return Object.entries(err.errors ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .filter((field) => !err.message.includes(field));
}

/** The one wording of each error kind the UI shows. */
export function describeError(err: unknown): string {
  if (!(err instanceof DeckhandError)) return err instanceof Error ? err.message : String(err);
  const clause = CLAUSE[err.kind];
  let text = err.message;
  if (clause && !clause.has.test(text)) text = `${clause.prefix(err)}${text}`;
  if (err.kind === 'tls' && err.fingerprint && !text.includes(err.fingerprint)) {
    text = `${text} (server presents ${err.fingerprint})`;
  }
  const fields = missingFields(err);
  return fields.length > 0 ? `${text} (${fields.join('; ')})` : text;
}
