// Fault injection: rules matched in the order added against `METHOD /api2/json/...`; a rule with
// `times` expires after that many hits.

import type { FaultRule } from './api';

interface Entry {
  rule: FaultRule;
  left: number;
}

export class FaultSet {
  private entries: Entry[] = [];

  add(rule: FaultRule): () => void {
    const entry: Entry = { rule, left: rule.times ?? Infinity };
    this.entries.push(entry);
    return () => {
      this.entries = this.entries.filter((e) => e !== entry);
    };
  }

  clear(): void {
    this.entries = [];
  }

  /** The first rule matching this request, counted as used. */
  take(method: string, path: string): FaultRule | undefined {
    for (const e of this.entries) {
      const r = e.rule;
      if (r.method && r.method.toUpperCase() !== method) continue;
      if (r.path) {
        r.path.lastIndex = 0;
        if (!r.path.test(path)) continue;
      }
      e.left--;
      if (e.left <= 0) this.entries = this.entries.filter((x) => x !== e);
      return r;
    }
    return undefined;
  }
}

// Reason phrases for the pseudo-statuses pveproxy relays from AnyEvent::HTTP (spec §2).
const PSEUDO: Record<number, string> = {
  595: 'No route to host',
  596: 'Errors during TLS negotiation, request sending and header processing: Connection timed out',
  597: 'Errors during receiving the body',
  599: 'Internal error',
};

export function faultReason(status: number, message: string | undefined, fallback: string): string {
  return message ?? PSEUDO[status] ?? fallback;
}

export function isPseudoStatus(status: number): boolean {
  return status >= 595 && status <= 599;
}
