// What the application log never holds: every line is passed through `redact` before it is
// written, masking anything that looks like a PVE ticket, a CSRF token, an API token secret, a
// password or secret parameter, an Authorization or Cookie header, or credentials in a URL. Core's
// messages never carry a secret on purpose; this is the net under them.

const MASK = '<redacted>';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const RULES: readonly [RegExp, string | ((...m: string[]) => string)][] = [
  // Whole header lines: `Authorization: PVEAPIToken=…`, `Cookie: PVEAuthCookie=…`, `Set-Cookie: …`.
  [
    /\b(authorization|proxy-authorization|set-cookie|cookie)(["']?\s*[:=]\s*)[^\r\n]*/gi,
    `$1$2${MASK}`,
  ],
  // An API token as PVE's Authorization header spells it: PVEAPIToken=user@realm!name=secret.
  [/\bPVEAPIToken[=\s]+\S+/gi, `PVEAPIToken=${MASK}`],
  // The login cookie, anywhere.
  [/\bPVEAuthCookie=[^\s;,"']+/gi, `PVEAuthCookie=${MASK}`],
  // Tickets: PVE:user@realm:HEX::signature and PVEVNC:…, PVETFA:…
  [/\bPVE(?:VNC|TFA)?:[^\s"',;&]+/g, `PVE:${MASK}`],
  // CSRF token as header, JSON key or parameter.
  [/\b(CSRFPreventionToken)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi, `$1$2${MASK}`],
  // JSON or header-ish `"password": "…"`, `secret: …`, `ticket=…` (quotes kept).
  [
    /\b(password|passwd|new-password|secret|token-?secret|ticket|vncticket)(["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s&;,]+)/gi,
    (_m: string, key: string, sep: string, value: string) => {
      const quote = value.startsWith('"') || value.startsWith("'") ? value[0] : '';
      return `${key}${sep}${quote}${MASK}${quote}`;
    },
  ],
  // Credentials in a URL: https://user:pass@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, `$1${MASK}@`],
  // A bare UUID is what a token secret looks like; profile ids are UUIDs too, and keep their name
  // only where core writes them as one ("profile <id>").
  [
    new RegExp(`(profile\\s+)?\\b${UUID}\\b`, 'gi'),
    (match: string, profile: string | undefined) => (profile ? match : MASK),
  ],
];

/** The text with every secret-looking part replaced by `<redacted>`. */
export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) {
    out =
      typeof replacement === 'string'
        ? out.replace(pattern, replacement)
        : out.replace(pattern, replacement as (...m: string[]) => string);
  }
  return out;
}
