// Seeded randomness. The cluster layout comes from a sequential PRNG; stats use a stateless hash of
// (seed, object, time bucket) so they can be computed lazily at request time in any order and still
// be the same for the same seed and clock.

/** mulberry32: small, fast, good enough for fixtures. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform number in [0, 1) determined by the integers given. */
export function hash01(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x85ebca6b, 0xcc9e2d51) ^ Math.imul(b ^ 0xc2b2ae35, 0x1b873593);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) ^ Math.imul(c ^ 0x27d4eb2f, 0x297a2d39);
  h ^= h >>> 12;
  h = Math.imul(h, 0x9e3779b1);
  h ^= h >>> 15;
  return (h >>> 0) / 4294967296;
}

export function pick<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

export function randomInt(rng: () => number, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}
