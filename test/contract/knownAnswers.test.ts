// Philox4x32-10 against Random123's published known-answer vectors, through
// the public randomBits on whichever backend and SIMD level this project runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { backend, randomBits } from '../../src/index.js';

interface Vector { ctr: number[]; key: number[]; expected: number[] }

// Lines "philox4x32 10 CTR0..3 KEY0..1 OUT0..3" of Random123's tests/kat_vectors.
function philox4x32Vectors(): Vector[] {
  const text = readFileSync(join(__dirname, '..', 'fixtures', 'philox_kat.txt'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.startsWith('philox4x32 10 '))
    .map((line) => {
      const words = line.trim().split(/\s+/).slice(2).map((h) => parseInt(h, 16));
      return { ctr: words.slice(0, 4), key: words.slice(4, 6), expected: words.slice(6, 10) };
    });
}

const u64 = (lo: number, hi: number): bigint => (BigInt(hi) << 32n) | BigInt(lo);

describe(`Philox4x32-10 known answers (${backend().kind}, ${backend().simd})`, () => {
  const vectors = philox4x32Vectors();

  it('reads the three published 10-round vectors', () => {
    expect(vectors).toHaveLength(3);
  });

  // key = (seed lo, seed hi); counter = (block lo, block hi, stream lo, stream hi); block b is words 4b..4b+3.
  it.each(vectors.map((v, i) => [i, v] as const))('vector %i', (_, v) => {
    const out = new Uint32Array(4);
    randomBits(out, { seed: u64(v.key[0]!, v.key[1]!), stream: u64(v.ctr[2]!, v.ctr[3]!), offset: 4n * u64(v.ctr[0]!, v.ctr[1]!) });
    expect([...out]).toEqual(v.expected);
  });

  it('gives the same words through a long fill that passes over the vector (SIMD body, not only the scalar edges)', () => {
    for (const v of vectors) {
      const block = u64(v.ctr[0]!, v.ctr[1]!);
      const lastStart = (1n << 64n) - 200n;
      const start = block < 37n ? 0n : block - 37n > lastStart ? lastStart : block - 37n;
      const out = new Uint32Array(4 * 200);
      randomBits(out, { seed: u64(v.key[0]!, v.key[1]!), stream: u64(v.ctr[2]!, v.ctr[3]!), offset: 4n * start });
      const at = Number(block - start) * 4;
      expect([...out.subarray(at, at + 4)]).toEqual(v.expected);
    }
  });
});
