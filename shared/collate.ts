// Natural order for names a user reads ("pve2" before "pve10", "web-9" before "web-10").
// `String.prototype.localeCompare` with options builds a new ICU collator on every call: sorting
// 10,000 guest names that way took over a second on this machine, against ~60 ms with one shared
// collator (BENCHMARKS.md, issue 11 pass 5). Plain `localeCompare(b)` without options stays fast.

const natural = new Intl.Collator(undefined, { numeric: true });

/** Compares two strings in natural order (digits as numbers), for `Array.prototype.sort`. */
export const compareNatural: (a: string, b: string) => number = natural.compare;
