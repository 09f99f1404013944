// The TypeScript backend's fills (tiles of Philox words, mapped in bulk)
// against the scalar reference: philox4x32_10 block by block and the
// samplers.ts function of each element, wherever a fill starts and ends. The
// thread pool's shares are checked against these in test/threads.
import { describe, expect, it } from 'vitest';

import { normalParams, truncatedNormalParams, uniformParams } from '../../src/distributionParams.js';
import { fillAsync, fillHere as fill } from '../../src/js/kernels.js';
import { philox4x32_10 } from '../../src/js/philox.js';
import { normalFromWord, truncatedNormalFromWord, uniformFromWord } from '../../src/js/samplers.js';
import type { Distribution } from '../../src/kernels.js';
import { position } from '../../src/stream.js';

const SEGMENT = 1n << 34n;
const STREAM_END = 1n << 66n;

function referenceWords(seed: bigint, stream: bigint, offset: bigint, n: number): Uint32Array {
  const p = position(seed, stream, offset);
  const out = new Uint32Array(n);
  const block = new Uint32Array(4);
  for (let i = 0; i < n; i++) {
    const word = offset + BigInt(i);
    if (i === 0 || (word & 3n) === 0n) {
      const b = word >> 2n;
      philox4x32_10(Number(b & 0xffffffffn), Number(b >> 32n), p[2]!, p[3]!, p[0]!, p[1]!, block, 0);
    }
    out[i] = block[Number(word & 3n)]!;
  }
  return out;
}

const maps: Record<Exclude<Distribution, 'bits'>, (w: number, params: Float32Array) => number> = {
  uniform: uniformFromWord,
  normal: normalFromWord,
  truncatedNormal: truncatedNormalFromWord,
};

const paramSets: Array<[Exclude<Distribution, 'bits'>, Float32Array]> = [
  ['uniform', uniformParams('t', -0.5, 0.75)],
  ['uniform', uniformParams('t', 0, 1)],
  ['uniform', uniformParams('t', -1e38, 2e38)],
  ['uniform', uniformParams('t', 1, 1.0000002)],
  ['normal', normalParams('t', 0, 1)],
  ['normal', normalParams('t', 0.25, 2)],
  ['normal', normalParams('t', -1e30, 1e-30)],
  ['truncatedNormal', truncatedNormalParams('t', 0.25, 2, -1, 3.5)],
  ['truncatedNormal', truncatedNormalParams('t', 0, 1, -2, 2)],
  // Windows in a tail (the quantile's tail and far-tail branches), mirrored or not.
  ['truncatedNormal', truncatedNormalParams('t', 0, 1, 3, 9)],
  ['truncatedNormal', truncatedNormalParams('t', 0, 1, -Infinity, -6)],
  ['truncatedNormal', truncatedNormalParams('t', 1, 0.5, 1 + 0.5 * 9, Infinity)],
  ['truncatedNormal', truncatedNormalParams('t', 0, 1, -Infinity, Infinity)],
  ['truncatedNormal', truncatedNormalParams('t', 2, 0, 1, 3)],
];

// Starts at every phase within a block, inside and at the ends of 2^32-block
// segments, and at the end of the stream; lengths around the tile (1024 words).
function cases(n: number): Array<[bigint, bigint, bigint]> {
  const big = (1n << 64n) - 1n;
  return [
    [0n, 0n, 0n],
    [1n, 0n, 1n],
    [42n, 7n, 2n],
    [123456789n, 1n, 3n],
    [big, big, 4097n],
    [0xdeadbeefcafef00dn, 0x0123456789abcdefn, SEGMENT - 2n],
    [987654321n, 99n, 5n * SEGMENT - BigInt(n) / 2n - 3n],
    [5n, big - 1n, STREAM_END - BigInt(n)],
  ].map(([s, t, o]) => [s!, t!, o! < 0n ? 0n : o!]);
}

const LENGTHS = [1, 2, 3, 5, 7, 8, 9, 17, 1021, 1023, 1024, 1025, 2051, 5000];

describe('js kernels equal the scalar reference', () => {
  it('bits', () => {
    for (const n of LENGTHS) {
      for (const [seed, stream, offset] of cases(n)) {
        const out = new Uint32Array(n);
        fill('bits', out, position(seed, stream, offset), new Float32Array(0));
        expect([...out], `n ${n} seed ${seed} offset ${offset}`).toEqual([...referenceWords(seed, stream, offset, n)]);
      }
    }
  });

  it.each(paramSets.map(([d, p], i) => [i, d, p] as const))('parameter set %i: %s', (_, d, params) => {
    for (const n of LENGTHS) {
      for (const [seed, stream, offset] of cases(n)) {
        const words = referenceWords(seed, stream, offset, n);
        const expected = Float32Array.from(words, (w) => maps[d](w, params));
        const f32 = new Float32Array(n);
        fill(d, f32, position(seed, stream, offset), params);
        const f64 = new Float64Array(n);
        fill(d, f64, position(seed, stream, offset), params);
        for (let i = 0; i < n; i++) {
          if (!Object.is(f32[i], expected[i]) || !Object.is(f64[i], expected[i])) {
            const got = `${f32[i]} / ${f64[i]}, expected ${expected[i]}`;
            throw new Error(`${d} n ${n} seed ${seed} offset ${offset} element ${i}: ${got}`);
          }
        }
      }
    }
  });

  it('over a million elements of each distribution', () => {
    const n = (1 << 20) + 3;
    const offset = 3n * SEGMENT - 1000n;
    const words = referenceWords(77n, 3n, offset, n);
    for (const [d, params] of [paramSets[0]!, paramSets[5]!, paramSets[7]!]) {
      const out = new Float32Array(n);
      fill(d, out, position(77n, 3n, offset), params);
      let mismatches = 0;
      for (let i = 0; i < n; i++) if (!Object.is(out[i], Math.fround(maps[d](words[i]!, params)))) mismatches++;
      expect(mismatches, d).toBe(0);
    }
  });

  it('fillAsync equals fill', async () => {
    const n = 200_003;
    const p = position(9n, 1n, 5n);
    const params = paramSets[5]![1];
    const sync = new Float32Array(n);
    fill('normal', sync, p, params);
    const async = new Float32Array(n);
    await fillAsync('normal', async, p, params, 1);
    expect(Buffer.from(async.buffer).equals(Buffer.from(sync.buffer))).toBe(true);
  });
});
