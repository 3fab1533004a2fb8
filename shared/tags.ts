// Guest tags as PVE stores them (pve-guest-common get_unique_tags, pve-common pve-tag):
// on input any of `;` `,` or space separates; stored lower-cased, de-duplicated, sorted, joined by `;`.

export const TAG_RE = /^[a-z0-9_][a-z0-9_\-+.]*$/i;

/** Split a PVE tag string (from /cluster/resources or config) into tags, dropping empties. */
export function parseTags(raw: string | undefined | null): string[] {
  if (!raw) return [];
  return raw.split(/[;, ]+/).filter((t) => t.length > 0);
}

/** Normalise tags as PVE stores them by default. Invalid tags are rejected, not silently dropped. */
export function normalizeTags(tags: readonly string[]): string[] {
  const out = new Set<string>();
  for (const tag of tags) {
    const t = tag.trim().toLowerCase();
    if (!t) continue;
    if (!TAG_RE.test(t)) throw new Error(`invalid tag '${tag}'`);
    out.add(t);
  }
  return [...out].sort();
}

export function joinTags(tags: readonly string[]): string {
  return normalizeTags(tags).join(';');
}

/** A stable colour index for a tag, so chips keep their colour across sessions. */
export function tagColorIndex(tag: string, palette: number): number {
  let h = 0;
  for (let i = 0; i < tag.length; i++) h = (h * 31 + tag.charCodeAt(i)) >>> 0;
  return h % palette;
}
