// Property strings of the create parameters as pve-common checks them (parse_property_string and
// the sub-schemas' formats): errors in PVE's `invalid format - format error\n<key>.<sub>: …` shape,
// IPv4 CIDRs, VLAN tags and new volumes (`<storage>:<size in GiB>`) on the node's storages.

import { fail, paramError } from './errors';
import type { DemoNode, Storage } from './model';

export type Props = Record<string, string>;

/** pve-common parse_property_string: `a=1,b=2`, a bare value goes to the default key. */
export function parseProps(
  key: string,
  text: string,
  defaultKey: string,
  known: readonly string[],
): Props {
  const out: Props = {};
  for (const part of text.split(',')) {
    if (part === '') continue;
    const i = part.indexOf('=');
    const [k, v] = i < 0 ? [defaultKey, part] : [part.slice(0, i), part.slice(i + 1)];
    if (!known.includes(k)) {
      throw paramError({
        [key]: `invalid format - format error\n${key}.${k}: property is not defined in schema and the schema does not allow additional properties`,
      });
    }
    out[k] = v;
  }
  return out;
}

export function subError(key: string, sub: string, text: string): never {
  throw paramError({ [key]: `invalid format - format error\n${key}.${sub}: ${text}` });
}

export const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export function checkCidr(key: string, sub: string, v: string, special: readonly string[]): void {
  if (special.includes(v)) return;
  const [addr, len, ...rest] = v.split('/');
  const n = Number(len);
  if (rest.length || !addr || !IPV4.test(addr) || !/^\d+$/.test(len ?? '') || n > 32) {
    subError(
      key,
      sub,
      'invalid format - value does not look like a valid ipv4 network configuration',
    );
  }
}

export function checkTag(key: string, tag: string | undefined): void {
  if (tag === undefined) return;
  if (!/^\d+$/.test(tag)) subError(key, 'tag', `type check ('integer') failed - got '${tag}'`);
  const n = Number(tag);
  if (n < 1) subError(key, 'tag', 'value must have a minimum value of 1');
  if (n > 4094) subError(key, 'tag', 'value must have a maximum value of 4094');
}

/** `<storage>:<size in GiB>` for a new volume; the storage must be the node's and hold `content`. */
export function newVolume(
  node: DemoNode,
  key: string,
  volume: string | undefined,
  content: 'rootdir' | 'images',
): { st: Storage; gib: number } {
  const m = /^([a-z][a-z0-9\-_.]*[a-z0-9]):(\d+(?:\.\d+)?)$/i.exec(volume ?? '');
  if (!m) subError(key, 'volume', 'invalid format - expected <storage>:<size in GiB>');
  const st = node.storages.find((s) => s.storage === m[1]);
  if (!st) throw fail(`storage '${m[1]}' does not exist`);
  if (!st.content.split(',').includes(content)) {
    throw fail(
      content === 'rootdir'
        ? `storage '${st.storage}' does not support container directories`
        : `storage '${st.storage}' does not support vm images`,
    );
  }
  const gib = Number(m[2]);
  if (gib <= 0) subError(key, 'size', 'value must have a minimum value of 1');
  return { st, gib };
}
