// PVE parameters on the wire: form-urlencoded, booleans exactly `1`/`0` (`true` fails PVE's type
// check), absent values left out, arrays as repeated keys (PVE turns those into lists).

export type PveParamValue = string | number | boolean | undefined | readonly (string | number)[];
export type PveParams = Record<string, PveParamValue>;

export function encodeParams(params: PveParams | undefined): string {
  const out = new URLSearchParams();
  if (!params) return '';
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (typeof value === 'boolean') out.append(key, value ? '1' : '0');
    else if (Array.isArray(value)) for (const v of value) out.append(key, String(v));
    else out.append(key, String(value));
  }
  return out.toString();
}
