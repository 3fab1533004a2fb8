// The one rule for profile names, used by the contract's schema (shared/ipc-schema.ts) and by the
// forms: no control characters and no invisible bidirectional marks or overrides, which make a
// name display reversed or hide what it says.

/** C0 and C1 controls (DEL included), line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/u;
/** Bidi marks, embeddings, overrides and isolates: ALM, LRM, RLM, LRE…RLO, LRI…PDI. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

const PROFILE_NAME_MAX = 100;

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why a (trimmed) profile name is refused, or undefined when it is fine. */
export function profileNameProblem(name: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return 'Enter a name';
  if (trimmed.length > PROFILE_NAME_MAX) return `A name has at most ${PROFILE_NAME_MAX} characters`;
  const control = CONTROL.exec(trimmed);
  if (control) return `A name cannot contain control characters (${codePoint(control[0])})`;
  const bidi = BIDI.exec(trimmed);
  if (bidi)
    return `A name cannot contain invisible text-direction characters (${codePoint(bidi[0])}), which make it display reversed`;
  return undefined;
}
