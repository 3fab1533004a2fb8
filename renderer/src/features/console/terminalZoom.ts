// Terminal font zoom with the keys every terminal uses: Ctrl+= / Ctrl++ larger, Ctrl+- smaller,
// Ctrl+0 back to the default. Within a terminal they zoom its text, not the whole page.

export const DEFAULT_FONT_SIZE = 13;
const MIN_FONT_SIZE = 8;
const MAX_FONT_SIZE = 32;

type Keys = Pick<KeyboardEvent, 'ctrlKey' | 'altKey' | 'metaKey' | 'key'>;

/** The font size a key press asks for, or undefined when it is not a zoom key. */
export function zoomedFontSize(ev: Keys, current: number): number | undefined {
  if (!ev.ctrlKey || ev.altKey || ev.metaKey) return undefined;
  if (ev.key === '=' || ev.key === '+') return Math.min(MAX_FONT_SIZE, current + 1);
  if (ev.key === '-' || ev.key === '_') return Math.max(MIN_FONT_SIZE, current - 1);
  if (ev.key === '0') return DEFAULT_FONT_SIZE;
  return undefined;
}
