// pve-common's size strings: format_size writes the largest unit that divides a size (`32G`,
// `33280M`); volume sizes in guest configs are written this way.

const UNITS = [
  ['T', 1024 ** 4],
  ['G', 1024 ** 3],
  ['M', 1024 ** 2],
  ['K', 1024],
] as const;

export function formatSize(bytes: number): string {
  for (const [u, n] of UNITS) if (bytes % n === 0) return `${bytes / n}${u}`;
  return String(bytes);
}

/** A disk's size string from GiB (which may be fractional after a resize). */
export function gibSize(gib: number): string {
  return formatSize(Math.round(gib * 1024 ** 3));
}
