// Parameter verification as pve-common JSONSchema.pm does it, driven by the table that
// scripts/gen-demo-params.ts derives from the official schema. Texts match PVE's so clients that
// show `errors` to users (the field name and what is wrong with it) behave as with a real server.

import { API_PARAMS, type ParamFact } from './generated/api-params';
import { paramError } from './errors';

export type ParamValue = string | number | boolean | readonly string[];
export type Params = Record<string, ParamValue>;

/** Raw input: strings from forms and query strings, anything from JSON bodies. */
export type RawParams = Record<string, unknown>;

// Named formats the demo checks; other formats are accepted after the type check.
const FORMATS: Record<string, (v: string) => string | undefined> = {
  'pve-node': (v) =>
    /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(v)
      ? undefined
      : 'value does not look like a valid node name',
  'pve-vmid': (v) =>
    /^[1-9][0-9]{2,8}$/.test(v) ? undefined : 'value does not look like a valid VM ID',
  'pve-realm': (v) =>
    /^[A-Za-z][A-Za-z0-9.\-_]+$/.test(v) ? undefined : 'value does not look like a valid realm',
  'pve-configid': (v) =>
    /^[a-z][a-z0-9_-]+$/i.test(v) ? undefined : `invalid configuration ID '${v}'`,
  'pve-storage-id': (v) =>
    /^[a-z][a-z0-9\-_.]*[a-z0-9]$/i.test(v)
      ? undefined
      : `storage ID '${v}' contains illegal characters`,
  // JSONSchema.pm pve_verify_dns_name / pve_verify_urlencoded
  'dns-name': (v) =>
    /^([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)(\.([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?))*$/.test(
      v,
    )
      ? undefined
      : 'value does not look like a valid DNS name',
  urlencoded: (v) =>
    /^[-%a-zA-Z0-9_.!~*'()]*$/.test(v) ? undefined : `invalid urlencoded string: ${v}`,
  'pve-task-status-type-list': (v) => {
    for (const s of v.split(/[,; ]+/).filter(Boolean)) {
      if (!['ok', 'warning', 'error', 'unknown'].includes(s)) {
        return `value '${s}' does not have a value in the enumeration 'ok, warning, error, unknown'`;
      }
    }
    return undefined;
  },
};

const INTEGER_RE = /^[+-]?\d+$/;
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'ARRAY';
  if (v !== null && typeof v === 'object') return 'HASH';
  return String(v);
}

/** Coerce one value to the schema type, or return the PVE error text. */
function coerce(
  fact: ParamFact,
  raw: unknown,
  fromJson: boolean,
): { value: ParamValue } | { error: string } {
  let v = raw;
  // JSON arrays for list formats are joined with commas (RESTHandler normalize_legacy_param_formats).
  if (Array.isArray(v) && fact.format?.endsWith('-list')) v = v.map(String).join(',');
  const typeError = { error: `type check ('${fact.type}') failed - got '${describe(v)}'` };
  switch (fact.type) {
    case 'boolean': {
      if (fromJson && typeof v === 'boolean') return { value: v };
      if (v === 1 || v === '1') return { value: true };
      if (v === 0 || v === '0') return { value: false };
      return typeError;
    }
    case 'integer': {
      if (typeof v === 'number' && Number.isInteger(v)) return { value: v };
      if (typeof v === 'string' && INTEGER_RE.test(v)) return { value: parseInt(v, 10) };
      return typeError;
    }
    case 'number': {
      if (typeof v === 'number' && Number.isFinite(v)) return { value: v };
      if (typeof v === 'string' && NUMBER_RE.test(v)) return { value: Number(v) };
      return typeError;
    }
    case 'array': {
      // Repeated form keys (or a JSON array); one key alone is a list of one.
      if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) {
        return { value: v.map(String) };
      }
      if (typeof v === 'string') return { value: [v] };
      return typeError;
    }
    default: {
      if (typeof v === 'string') return { value: v };
      if (typeof v === 'number' || typeof v === 'boolean') return { value: String(v) };
      return typeError;
    }
  }
}

function check(fact: ParamFact, value: ParamValue): string | undefined {
  if (typeof value === 'string') {
    if (fact.maxLength !== undefined && value.length > fact.maxLength) {
      return `value may only be ${fact.maxLength} characters long`;
    }
    if (fact.minLength !== undefined && value.length < fact.minLength) {
      return `value must be at least ${fact.minLength} characters long`;
    }
    const format = fact.format ? FORMATS[fact.format] : undefined;
    const formatError = format?.(value);
    if (formatError) return formatError;
    if (fact.pattern !== undefined && !new RegExp(`^(?:${fact.pattern})$`).test(value)) {
      return 'value does not match the regex pattern';
    }
  }
  if (typeof value === 'number') {
    if (fact.format === 'pve-vmid') {
      const e = FORMATS['pve-vmid']!(String(value));
      if (e) return e;
    }
    if (fact.minimum !== undefined && value < fact.minimum) {
      return `value must have a minimum value of ${fact.minimum}`;
    }
    if (fact.maximum !== undefined && value > fact.maximum) {
      return `value must have a maximum value of ${fact.maximum}`;
    }
  }
  if (fact.enum && !fact.enum.includes(String(value))) {
    return `value '${String(value)}' does not have a value in the enumeration '${fact.enum.join(', ')}'`;
  }
  return undefined;
}

/**
 * Verify the merged request parameters of `endpoint` ("METHOD /path/{template}") and return them
 * typed. Throws a 400 `Parameter verification failed.` with one text per bad parameter.
 */
export function verifyParams(endpoint: string, raw: RawParams, fromJson: boolean): Params {
  const facts = API_PARAMS[endpoint];
  if (!facts) throw new Error(`no parameter table for ${endpoint}`);
  const errors: Record<string, string> = {};
  const out: Params = {};
  for (const [name, value] of Object.entries(raw)) {
    if (name === '_dc') continue;
    // Indexed options (net0, scsi1, ipconfig0) are `net[n]` … in the schema.
    const fact = facts[name] ?? facts[name.replace(/\d+$/, '[n]')];
    if (!fact) {
      errors[name] =
        'property is not defined in schema and the schema does not allow additional properties';
      continue;
    }
    if (value === undefined || value === null) continue;
    const r = coerce(fact, value, fromJson);
    if ('error' in r) {
      errors[name] = r.error;
      continue;
    }
    const e = check(fact, r.value);
    if (e) errors[name] = e;
    else out[name] = r.value;
  }
  for (const [name, fact] of Object.entries(facts)) {
    const present = raw[name] !== undefined && raw[name] !== null;
    if (!present && !fact.optional && !errors[name]) {
      errors[name] = 'property is missing and it is not optional';
    }
    if (
      present &&
      fact.requires &&
      (raw[fact.requires] === undefined || raw[fact.requires] === null)
    ) {
      errors[fact.requires] ??= `missing property - '${name}' requires this property`;
    }
  }
  if (Object.keys(errors).length > 0) throw paramError(errors);
  return out;
}
