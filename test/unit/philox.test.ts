// The TypeScript Philox's 32x32->64 multiply, checked against BigInt.
import { describe, expect, it } from 'vitest';

import { philox4x32_10 } from '../../src/js/philox.js';

function referencePhilox(ctr: bigint[], key: bigint[]): bigint[] {
  const M = 0xffffffffn;
  let [c0, c1, c2, c3] = ctr as [bigint, bigint, bigint, bigint];
  let [k0, k1] = key as [bigint, bigint];
  for (let r = 0; r < 10; r++) {
    const p0 = 0xd2511f53n * c0;
    const p1 = 0xcd9e8d57n * c2;
    [c0, c1, c2, c3] = [((p1 >> 32n) ^ c1 ^ k0) & M, p1 & M, ((p0 >> 32n) ^ c3 ^ k1) & M, p0 & M];
    k0 = (k0 + 0x9e3779b9n) & M;
    k1 = (k1 + 0xbb67ae85n) & M;
  }
  return [c0, c1, c2, c3];
}

describe('philox4x32_10 (TypeScript)', () => {
  it('matches a BigInt transcription of the rounds on pseudo-random inputs, extremes included', () => {
    const words = [0, 1, 0xffffffff, 0x80000000, 0x7fffffff, 0xd2511f53, 0xcd9e8d57];
    let x = 0x12345678;
    for (let i = 0; i < 2000; i++) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      words.push(x);
    }
    const out = new Uint32Array(4);
    for (let i = 0; i + 6 <= words.length; i += 3) {
      const w = words.slice(i, i + 6);
      philox4x32_10(w[0]!, w[1]!, w[2]!, w[3]!, w[4]!, w[5]!, out, 0);
      const expected = referencePhilox(w.slice(0, 4).map(BigInt), w.slice(4, 6).map(BigInt));
      expect([...out].map(BigInt)).toEqual(expected);
    }
  });
});
