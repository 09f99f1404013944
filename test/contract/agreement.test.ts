// Native and TypeScript backends agree bit for bit: whatever the SIMD level,
// thread count, dtype, offset (block boundaries, the 2^34-word segment
// boundaries where the block's high word changes, the end of the stream) and
// length (inside one vector, around vector and block widths, many chunks).
// Tensors index at most 2^53 elements, so the stream's end is reached by the
// raw bits only; float draws take their offsets inside a 2^53-element tensor.
import { describe, expect, it } from 'vitest';

import { drawTensor } from '../../src/draw.js';
import { backend, normal, randomBits, truncatedNormal, uniform } from '../../src/index.js';
import { jsKernels } from '../../src/js/kernels.js';
import { SCHEMES } from '../../src/schemes/registry.js';
import { bytes, defaultOptions, referenceBits, referenceFloats, type FloatDistribution } from '../helpers/reference.js';

const draw = { uniform, normal, truncatedNormal };
const LENGTHS = [0, 1, 2, 3, 5, 7, 15, 16, 17, 1023, 65537];
const THREADS = [1, 2, 3, 7];
const STREAM_END = 1n << 66n;
const SEGMENT = 1n << 34n;

// (seed, stream, offset) triples: small, near 2^64, and offsets that straddle
// block, segment and stream-end boundaries for a draw of n elements.
function starts(n: number): Array<[bigint, bigint, bigint]> {
  const big = (1n << 64n) - 1n;
  const N = BigInt(n);
  return [
    [0n, 0n, 0n],
    [1n, 0n, 1n],
    [42n, 7n, 2n],
    [123456789n, 1n, 3n],
    [big, big, 5n],
    [0xdeadbeefcafef00dn, 0x0123456789abcdefn, SEGMENT - 2n],
    [987654321n, 99n, 7n * SEGMENT - N / 2n - 1n],
    [5n, big - 1n, STREAM_END - N],
  ].map(([s, t, o]) => [s, t, o < 0n ? 0n : o] as [bigint, bigint, bigint]);
}

const info = backend();
const LOGICAL = [2 ** 53 - 1];
const inTensor = ([, , offset]: [bigint, bigint, bigint]) => offset < 1n << 53n;

describe.runIf(info.kind === 'native')(`native (${info.simd}) equals the TypeScript reference`, () => {
  it.each(LENGTHS)('randomBits, %i words', (n) => {
    starts(n).forEach(([seed, stream, offset], i) => {
      const out = new Uint32Array(n);
      randomBits(out, { seed, stream, offset, threads: THREADS[i % THREADS.length]! });
      expect(bytes(out).equals(bytes(referenceBits(n, seed, stream, offset))), `seed ${seed} stream ${stream} offset ${offset}`).toBe(true);
    });
  });

  for (const d of ['uniform', 'normal', 'truncatedNormal'] as FloatDistribution[]) {
    it.each(LENGTHS)(`${d}, %i elements, float32 and float64`, (n) => {
      starts(n).filter(inTensor).forEach(([seed, stream, offset], i) => {
        const reference = referenceFloats(d, n, seed, stream, offset);
        const threads = THREADS[i % THREADS.length]!;
        const f32 = draw[d](LOGICAL, { ...defaultOptions[d], seed, stream, offset, threads, out: new Float32Array(n) }).data;
        expect(bytes(f32).equals(bytes(reference)), `seed ${seed} stream ${stream} offset ${offset} threads ${threads}`).toBe(true);
        const f64 = draw[d](LOGICAL, { ...defaultOptions[d], seed, stream, offset, threads, out: new Float64Array(n) }).data;
        expect(bytes(f64).equals(bytes(Float64Array.from(reference))), `float64, offset ${offset}`).toBe(true);
      });
    });
  }

  it('gives identical bytes for every thread count on a multi-chunk fill', () => {
    const n = (1 << 18) + 13;
    for (const d of ['uniform', 'normal', 'truncatedNormal'] as FloatDistribution[]) {
      const reference = referenceFloats(d, n, 77n, 3n, 11n);
      for (const threads of THREADS) {
        const got = draw[d](n + 11, { ...defaultOptions[d], seed: 77n, stream: 3n, offset: 11n, threads }).data;
        expect(bytes(got).equals(bytes(reference)), `${d}, threads ${threads}`).toBe(true);
      }
    }
  });
});

describe.runIf(info.kind === 'native')(`schemes: native (${info.simd}) equals the TypeScript backend`, () => {
  const cases: Array<[string, number[], Record<string, unknown>]> = [
    ['heNormal', [3, 3, 32, 64], { seed: 1 }],
    ['glorotUniform', [300, 200], { seed: 2, convention: 'pytorch', dtype: 'bfloat16' }],
    ['lecunNormal', [1000, 7], { seed: 3, dtype: 'float16', threads: 3 }],
    ['varianceScaling', [17, 33], { seed: 4, scale: 0.5, mode: 'fanAvg', distribution: 'uniform', dtype: 'float64' }],
    ['sparse', [200, 50], { seed: 5, sparsity: 0.3 }],
    ['truncatedNormal', [9999], { seed: 6, lower: 2, upper: 3 }],
  ];

  it.each(cases)('%s %j %o: identical bytes', (name, shape, options) => {
    const scheme = SCHEMES[name]!;
    const native = drawTensor(scheme, shape, options).data;
    const js = drawTensor(scheme, shape, options, jsKernels).data;
    expect(bytes(native).equals(bytes(js))).toBe(true);
  });

  // Both backends run Householder QR on the same Gaussian matrix; they differ
  // only by rounding (see test/contract/orthogonalize.test.ts for the bound).
  it.each([[[256, 256]], [[300, 120]], [[64, 3, 3, 3]]])('orthogonal %j agrees within 1e-4', (shape) => {
    const native = drawTensor(SCHEMES['orthogonal']!, shape, { seed: 7 }).data;
    const js = drawTensor(SCHEMES['orthogonal']!, shape, { seed: 7 }, jsKernels).data;
    let worst = 0;
    for (let i = 0; i < native.length; i++) worst = Math.max(worst, Math.abs(native[i]! - js[i]!));
    expect(worst).toBeLessThan(1e-4);
  });
});
