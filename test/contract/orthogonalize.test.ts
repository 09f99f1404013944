// The orthogonalization kernel behind the orthogonal schemes, through the
// seam of whichever backend this project runs: Q of A = QR with the signs of
// diag(R) folded in (Mezzadri 2007), orthonormal columns for rows >= cols and
// orthonormal rows (the QR of A^T) otherwise. The input is what the schemes
// give it: a standard Gaussian from the normal fill, the same bits on every
// backend.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

import { backend, kernels } from '../../src/backend.js';
import { normalParams } from '../../src/distributionParams.js';
import { orthogonalize as float64Orthogonalize } from '../../src/js/orthogonalize.js';
import { addonPath } from '../../src/native/binding.js';
import { position } from '../../src/stream.js';
import { orthonormalityError, triangularFactor, vectorsOf } from '../helpers/qrChecks.js';
import { bytes } from '../helpers/reference.js';

const info = backend();
const EPS32 = 2 ** -23;
// The float64 checks of a 1024 x 1024 result take seconds (the TypeScript
// kernel's own QR too), beyond vitest's default per-test limit.
const SLOW = 120_000;

const SHAPES: Array<[number, number]> = [
  [1, 1], [2, 1], [1, 2], [7, 3], [3, 7], [64, 64], [1000, 37], [37, 1000], [1024, 1024], [1024, 512], [512, 1024],
];

function gaussian(rows: number, cols: number, seed: number): Float32Array {
  const a = new Float32Array(rows * cols);
  kernels().fill('normal', a, position(BigInt(seed), 0n, 0n), normalParams('test', 0, 1), 1);
  return a;
}

function orthogonalized(a: Float32Array, rows: number, cols: number, threads = 1): Float32Array {
  const q = a.slice();
  kernels().orthogonalize(q, rows, cols, threads);
  return q;
}

const seedOf = (rows: number, cols: number): number => rows * 4099 + cols;

describe(`orthogonalize (${info.kind}, ${info.simd})`, () => {
  // Householder QR in float32 is backward stable: Q is orthonormal to a few
  // hundred float32 ulps at n = 1024 and A = QR to as many (Higham,
  // "Accuracy and Stability of Numerical Algorithms", 2nd ed., Thm 19.4 and
  // 19.13); 1e-5 is about 84 eps32.
  it.each(SHAPES)('%i x %i: ||Q^T Q - I||max < 1e-5; R = Q^T A is upper triangular with a positive diagonal and QR = A', (rows, cols) => {
    const a = gaussian(rows, cols, seedOf(rows, cols));
    const q = vectorsOf(orthogonalized(a, rows, cols), rows, cols);
    expect(orthonormalityError(q)).toBeLessThan(1e-5);
    const r = triangularFactor(q, vectorsOf(a, rows, cols));
    expect(r.belowDiagonal).toBeLessThan(1e-5);
    expect(r.minDiagonal).toBeGreaterThan(0);
    expect(r.residual).toBeLessThan(1e-5);
  }, SLOW);

  it.each([[0, 0], [0, 5], [5, 0]])('%i x %i: an empty matrix is left alone', (rows, cols) => {
    expect(() => kernels().orthogonalize(new Float32Array(0), rows, cols, 1)).not.toThrow();
  });

  // A 1 x 1 matrix a = QR has Q = sign(a), R = |a|; for a = 0, R = 0 and the
  // fold keeps Q = +1.
  it.each([[-2.5, -1], [3, 1], [0, 1], [-0, 1], [1e-40, 1], [-3e38, -1]])('1 x 1: [%d] becomes [%d]', (x, expected) => {
    expect([...orthogonalized(new Float32Array([x]), 1, 1)]).toEqual([expected]);
  });

  // A single column or row has Q = a / ||a|| (R = ||a|| > 0).
  it.each([[1000, 1], [1, 1000], [17, 1], [1, 17]])('%i x %i: a vector becomes itself normalized', (rows, cols) => {
    const a = gaussian(rows, cols, seedOf(rows, cols));
    const norm = Math.sqrt(a.reduce((s, x) => s + x * x, 0));
    const q = orthogonalized(a, rows, cols);
    for (let i = 0; i < a.length; i++) expect(Math.abs(q[i]! - a[i]! / norm)).toBeLessThan(4 * EPS32);
  });

  // Threads split the trailing-matrix GEMMs by whole columns (or rows) of the
  // product, and each element's operations are the same whichever block holds
  // it, so the bytes do not depend on the thread count.
  it.each([[300, 200], [200, 300], [517, 517], [1000, 37]])('%i x %i: the same bytes on every run and for 1, 2, 3 and 7 threads', (rows, cols) => {
    const a = gaussian(rows, cols, seedOf(rows, cols));
    const reference = bytes(orthogonalized(a, rows, cols, 1));
    expect(bytes(orthogonalized(a, rows, cols, 1)).equals(reference)).toBe(true);
    for (const threads of [2, 3, 7]) {
      expect(bytes(orthogonalized(a, rows, cols, threads)).equals(reference), `threads ${threads}`).toBe(true);
    }
  }, SLOW);

  it.each([[130, 70], [70, 130]])('%i x %i: orthogonalizeAsync gives the bytes of orthogonalize', async (rows, cols) => {
    const a = gaussian(rows, cols, seedOf(rows, cols));
    const q = a.slice();
    await kernels().orthogonalizeAsync(q, rows, cols, 2);
    expect(bytes(q).equals(bytes(orthogonalized(a, rows, cols, 2)))).toBe(true);
  });
});

// The native kernel works in float32, the TypeScript one in float64, so the
// latter is exact to ~1e-15 before its final rounding (<= eps32 / 2 per
// element) and the difference is the native kernel's forward error. For a
// backward-stable QR that is, to first order, kappa2(A) times the backward
// error (Sun 1991, "Perturbation bounds for the Cholesky and QR
// factorizations"); column j depends only on A's first j columns, so the
// error gathers in the last columns. The float32 backward error grows like
// sqrt(n) u in practice (Higham & Mary 2019, probabilistic rounding error
// analysis), and one entry of a unit column of length m carries ~1/sqrt(m)
// of its error. A Gaussian m x n matrix has kappa2 ~ (sqrt m + sqrt n) /
// (sqrt m - sqrt n) when m > n, and ~n when square (Edelman 1988): so
// max|dQ| ~ n u for square shapes and a few u for the others, bounded by
// n eps32 = 2 n u. Measured on these inputs with the scalar, AVX2 and
// AVX-512 kernels: 0.5 n eps32 for n <= 3 (the final rounding), at most
// 0.06 n eps32 from 64 x 64 up (0.03 at 1024 x 1024), and under 2 eps32 for
// the rectangular shapes.
describe.runIf(info.kind === 'native')(`native (${info.simd}) agrees with the float64 TypeScript kernel`, () => {
  it.each(SHAPES)('%i x %i: max |Q_native - Q_js| <= min(rows, cols) eps32', (rows, cols) => {
    const a = gaussian(rows, cols, seedOf(rows, cols));
    const native = orthogonalized(a, rows, cols);
    const js = a.slice();
    float64Orthogonalize(js, rows, cols);
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(native[i]! - js[i]!));
    expect(worst).toBeLessThanOrEqual(Math.min(rows, cols) * EPS32);
  }, SLOW);
});

describe.runIf(info.kind === 'native')('the raw native orthogonalize checks what would otherwise crash', () => {
  const raw = (): Record<string, (...args: unknown[]) => unknown> => createRequire(__filename)(addonPath);

  it.each([
    ['no arguments', []],
    ['too many arguments', [new Float32Array(4), 2, 2, 1, 1]],
    ['a not a typed array', [[1, 2, 3, 4], 2, 2, 1]],
    ['a a Float64Array', [new Float64Array(4), 2, 2, 1]],
    ['a an Int32Array', [new Int32Array(4), 2, 2, 1]],
    ['a too short', [new Float32Array(5), 2, 3, 1]],
    ['a too long', [new Float32Array(7), 2, 3, 1]],
    ['rows a string', [new Float32Array(4), '2', 2, 1]],
    ['rows negative', [new Float32Array(4), -2, -2, 1]],
    ['rows fractional', [new Float32Array(4), 2.5, 1.6, 1]],
    ['rows NaN', [new Float32Array(4), NaN, 2, 1]],
    ['rows Infinity', [new Float32Array(0), Infinity, 0, 1]],
    ['rows 2^32', [new Float32Array(0), 2 ** 32, 0, 1]],
    ['cols missing', [new Float32Array(4), 2, undefined, 1]],
    ['cols 2^53', [new Float32Array(0), 0, 2 ** 53, 1]],
    ['rows * cols beyond any array', [new Float32Array(0), 2 ** 31, 2 ** 31, 1]],
    ['threads 0', [new Float32Array(4), 2, 2, 0]],
    ['threads 257', [new Float32Array(4), 2, 2, 257]],
    ['threads 1.5', [new Float32Array(4), 2, 2, 1.5]],
    ['threads NaN', [new Float32Array(4), 2, 2, NaN]],
    ['threads a string', [new Float32Array(4), 2, 2, '2']],
  ])('%s', (_, args) => {
    for (const fn of ['orthogonalize', 'orthogonalizeAsync']) {
      const a = args[0] instanceof Float32Array ? args[0].fill(7) : undefined;
      let error: unknown;
      try {
        raw()[fn]!(...args);
      } catch (e) {
        error = e;
      }
      expect(error, fn).toBeInstanceOf(Error);
      expect((error as Error).message, fn).toMatch(/^weightinit native: /);
      if (a) expect(a.every((x) => x === 7), `${fn} left a untouched`).toBe(true);
    }
  });

  it('treats an array whose buffer was detached as empty: 0 x 0 is accepted, 2 x 2 refused, nothing crashes', async () => {
    const view = new Float32Array(new ArrayBuffer(16));
    structuredClone(view.buffer, { transfer: [view.buffer] });
    expect(view.length).toBe(0);
    expect(() => raw()['orthogonalize']!(view, 0, 0, 1)).not.toThrow();
    await expect(raw()['orthogonalizeAsync']!(view, 0, 0, 1)).resolves.toBeUndefined();
    expect(() => raw()['orthogonalize']!(view, 2, 2, 1)).toThrow(/^weightinit native: argument 0 \(a\) must hold rows \* cols = 4 elements, got 0/);
  });
});
