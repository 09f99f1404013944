// A small seeded generator (mulberry32), so that a failing fuzz run replays
// exactly from its seed.
export interface Rng {
  /** A uniform 32-bit unsigned integer. */
  uint32(): number;
  /** An integer in [0, n). */
  below(n: number): number;
  /** A number in [0, 1). */
  unit(): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A standard normal number (Box-Muller). */
  gaussian(): number;
}

export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  const uint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const unit = (): number => uint32() / 2 ** 32;
  const below = (n: number): number => Math.floor(unit() * n);
  return {
    uint32,
    below,
    unit,
    chance: (p) => unit() < p,
    pick: (items) => items[below(items.length)]!,
    gaussian: () => Math.sqrt(-2 * Math.log(1 - unit())) * Math.cos(2 * Math.PI * unit()),
  };
}
