// The bulk Philox generator of the TypeScript backend (interleaved blocks,
// rounds written out, a truncating high-word trick) against the one-block
// reference, which philox.test.ts checks against BigInt.
import { describe, expect, it } from 'vitest';

import { philox4x32_10, philoxBlocks } from '../../src/js/philox.js';

function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
}

function referenceBlocks(k0: number, k1: number, lo: number, hi: number, s0: number, s1: number, count: number): Uint32Array {
  const out = new Uint32Array(4 * count);
  for (let b = 0; b < count; b++) philox4x32_10(lo + b, hi, s0, s1, k0, k1, out, 4 * b);
  return out;
}

describe('philoxBlocks', () => {
  const extremes = [0, 1, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0xd2511f53, 0xcd9e8d57];

  it('equals philox4x32_10 block by block, for every count up to 13 and extreme counters and keys', () => {
    const next = lcg(7);
    for (let trial = 0; trial < 400; trial++) {
      const pick = (): number => (trial % 3 === 0 ? extremes[next() % extremes.length]! : next());
      const count = trial % 14;
      const k0 = pick(), k1 = pick(), hi = pick(), s0 = pick(), s1 = pick();
      // The low counter word must not wrap inside one call.
      const lo = Math.min(pick(), 2 ** 32 - count);
      // Written at an offset, into an array with room on both sides.
      const at = trial % 5;
      const out = new Uint32Array(4 * count + 8);
      philoxBlocks(k0, k1, lo, hi, s0, s1, count, out, at);
      const expected = referenceBlocks(k0, k1, lo, hi, s0, s1, count);
      expect([...out.subarray(at, at + 4 * count)], `trial ${trial}`).toEqual([...expected]);
      expect([...out.subarray(0, at), ...out.subarray(at + 4 * count)]).toEqual(new Array(8).fill(0));
    }
  });

  it('equals it over a long run that ends at the top of a 2^32-block segment', () => {
    const count = 4099;
    const lo = 2 ** 32 - count;
    const args = [0xdeadbeef, 0xcafef00d, lo, 0xffffffff, 0x01234567, 0x89abcdef] as const;
    const out = new Uint32Array(4 * count);
    philoxBlocks(...args, count, out, 0);
    expect(Buffer.from(out.buffer).equals(Buffer.from(referenceBlocks(...args, count).buffer))).toBe(true);
  });
});
