import type { ErrorData, ErrorKind } from './model';

/**
 * The one error type that crosses the contract. Core throws it (or subclasses' data), hosts send
 * `toData()`, and the renderer rebuilds it with `DeckhandError.fromData`.
 */
export class DeckhandError extends Error {
  readonly kind: ErrorKind;
  readonly status?: number;
  readonly errors?: Record<string, string>;
  readonly fingerprint?: string;
  readonly expectedFingerprint?: string;
  readonly node?: string;
  readonly tfa?: ErrorData['tfa'];

  constructor(data: ErrorData, options?: { cause?: unknown }) {
    super(data.message, options);
    this.name = 'DeckhandError';
    this.kind = data.kind;
    this.status = data.status;
    this.errors = data.errors;
    this.fingerprint = data.fingerprint;
    this.expectedFingerprint = data.expectedFingerprint;
    this.node = data.node;
    this.tfa = data.tfa;
  }

  toData(): ErrorData {
    const data: ErrorData = { kind: this.kind, message: this.message };
    if (this.status !== undefined) data.status = this.status;
    if (this.errors !== undefined) data.errors = this.errors;
    if (this.fingerprint !== undefined) data.fingerprint = this.fingerprint;
    if (this.expectedFingerprint !== undefined) data.expectedFingerprint = this.expectedFingerprint;
    if (this.node !== undefined) data.node = this.node;
    if (this.tfa !== undefined) data.tfa = { ...this.tfa };
    return data;
  }

  static fromData(data: ErrorData): DeckhandError {
    return new DeckhandError(data);
  }
}

/** Turn anything thrown into ErrorData fit to cross the contract (never leaks a stack). */
export function toErrorData(err: unknown): ErrorData {
  if (err instanceof DeckhandError) return err.toData();
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'internal', message: message || 'Unexpected error' };
}

export function isDeckhandError(err: unknown, kind?: ErrorKind): err is DeckhandError {
  return err instanceof DeckhandError && (kind === undefined || err.kind === kind);
}
