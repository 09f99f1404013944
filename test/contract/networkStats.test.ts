// The network pass behind the diagnostics (Kernels.networkStats), through the
// seam of whichever backend this project runs: forward h_l = x_{l-1} W_l + b_l,
// x_l = phi(h_l); backward from g_L = outputGradient, delta_l = g_l ⊙ phi'(h_l),
// g_{l-1} = delta_l W_l^T; statistics per layer in the layout of
// src/diagnostics/networkPass.ts. Weights and inputs come from the normal
// fill, the same bits on every backend.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

import { backend, kernels } from '../../src/backend.js';
import {
  NETWORK_PASS_ACTIVATIONS, type NetworkPass, type NetworkPassActivation, STAT, STATS_FIELDS, statsInputRow,
} from '../../src/diagnostics/networkPass.js';
import { jsKernels } from '../../src/js/kernels.js';
import { addonPath } from '../../src/native/binding.js';
import { finiteDifferenceGradient, float64Activations, gaussian, makePass } from '../helpers/networkPasses.js';
import { bytes } from '../helpers/reference.js';

const info = backend();
type Field = keyof typeof STAT;
const FIELDS = Object.keys(STAT) as Field[];

const at = (stats: Float64Array, row: number, field: Field): number => stats[row * STATS_FIELDS + STAT[field]]!;
const rowOf = (stats: Float64Array, row: number): Record<Field, number> =>
  Object.fromEntries(FIELDS.map((f) => [f, at(stats, row, f)])) as Record<Field, number>;

const DEPTH6 = [64, 200, 97, 150, 64, 180, 120];

function identity(n: number): Float32Array {
  const w = new Float32Array(n * n);
  for (let i = 0; i < n; i++) w[i * n + i] = 1;
  return w;
}

function expectNoNaN(stats: Float64Array): void {
  expect(stats.every((v) => !Number.isNaN(v)), 'no NaN in the result').toBe(true);
}

describe(`networkStats (${info.kind}, ${info.simd})`, () => {
  it('returns (layers + 1) x STATS_FIELDS float64s; networkStatsAsync the same', async () => {
    const pass = makePass({ batch: 8, widths: [5, 7, 3], activation: 'tanh', gain: 1, seed: 1 });
    const stats = kernels().networkStats(pass, 1);
    expect(stats).toBeInstanceOf(Float64Array);
    expect(stats.length).toBe(3 * STATS_FIELDS);
    expect(await kernels().networkStatsAsync(pass, 2)).toEqual(stats);
  });

  // One linear layer with W = I and no bias: h_1 = x_1 = x_0, and
  // g_0 = g_1 I^T = g_1. Every product is by 0 or 1, so h is x exactly, and
  // the layer's sums add the same numbers in the same order as the input's.
  it('1 layer, identity weights, linear: the layer statistics are the input\'s, and g_0 = g_1', () => {
    const batch = 5, width = 37;
    const input = gaussian(batch * width, 2, 3, 0);
    const outputGradient = gaussian(batch * width, 1, 3, 1);
    const pass: NetworkPass = {
      batch, input, outputGradient,
      layers: [{ in: width, out: width, weights: identity(width), activation: 'linear', param: 0 }],
    };
    const stats = kernels().networkStats(pass, 1);
    const layer = rowOf(stats, 0);
    const inputRow = rowOf(stats, statsInputRow(1));
    for (const f of ['X_SUM', 'X_SUM_SQUARES', 'X_ZEROS', 'X_UNIT_VARIANCE', 'G_SUM', 'G_SUM_SQUARES'] as const) {
      expect(layer[f], f).toBe(inputRow[f]);
    }
    expect(layer.H_SUM).toBe(inputRow.X_SUM);
    expect(layer.H_SUM_SQUARES).toBe(inputRow.X_SUM_SQUARES);
    // The input row's own definition, computed here in float64.
    let sum = 0, squares = 0, variance = 0;
    for (let u = 0; u < width; u++) {
      let s = 0, q = 0;
      for (let b = 0; b < batch; b++) {
        const x = input[b * width + u]!;
        s += x;
        q += x * x;
      }
      sum += s;
      squares += q;
      variance += q / batch - (s / batch) ** 2;
    }
    expect(inputRow.X_SUM).toBeCloseTo(sum, 12);
    expect(inputRow.X_SUM_SQUARES / squares).toBeCloseTo(1, 14);
    expect(inputRow.X_UNIT_VARIANCE / (variance / width)).toBeCloseTo(1, 12);
    expect(inputRow.H_SUM).toBe(0);
    expect(inputRow.X_ZEROS).toBe(0);
    expect(layer.OVERFLOW + layer.GRADIENT_OVERFLOW + inputRow.OVERFLOW + inputRow.GRADIENT_OVERFLOW).toBe(0);
  });

  // Rows b and b + batch/2 of the input are x and -x, so (no bias) h is h and
  // -h exactly: of each pair one relu output is 0, and sum relu(h)^2 is half
  // of sum h^2.
  it('relu on a symmetric batch: exactly half the outputs are 0, and sum x^2 = sum h^2 / 2', () => {
    const batch = 64, n = 100, m = 150;
    const half = gaussian((batch / 2) * n, 1, 4, 0);
    const input = new Float32Array(batch * n);
    input.set(half);
    for (let i = 0; i < half.length; i++) input[half.length + i] = -half[i]!;
    const pass: NetworkPass = {
      batch, input, outputGradient: gaussian(batch * m, 1, 4, 1),
      layers: [{ in: n, out: m, weights: gaussian(n * m, Math.sqrt(2 / n), 4, 2), activation: 'relu', param: 0 }],
    };
    const layer = rowOf(kernels().networkStats(pass, 2), 0);
    expect(layer.X_ZEROS).toBe((batch * m) / 2);
    expect(layer.X_SUM_SQUARES / (layer.H_SUM_SQUARES / 2)).toBeCloseTo(1, 12);
    expect(Math.abs(layer.H_SUM)).toBeLessThan(1e-12 * Math.sqrt(batch * m * layer.H_SUM_SQUARES));
  });

  // A layer of weights 1e38 (finite in float32) makes some h overflow to inf,
  // whatever the activation (bounded ones too: |sum x| > 3.4 somewhere).
  it.each(NETWORK_PASS_ACTIVATIONS)('%s: huge weights in layer 3 overflow there; later rows are flagged zeros, no NaN', (activation) => {
    const pass = makePass({ batch: 48, widths: DEPTH6, activation, gain: 1, biasStd: 0.1, seed: 5 });
    (pass.layers[2]!.weights as Float32Array).fill(1e38);
    const stats = kernels().networkStats(pass, 2);
    expectNoNaN(stats);
    const depth = pass.layers.length;
    for (let r = 0; r < 2; r++) {
      expect(at(stats, r, 'OVERFLOW'), `row ${r}`).toBe(0);
      expect(at(stats, r, 'X_SUM_SQUARES'), `row ${r}`).toBeGreaterThan(0);
    }
    for (let r = 2; r < depth; r++) {
      expect(rowOf(stats, r), `row ${r}`).toEqual({ ...rowOf(new Float64Array(STATS_FIELDS), 0), OVERFLOW: 1, GRADIENT_OVERFLOW: 1 });
    }
    // The backward pass never ran: no row has gradient statistics.
    for (let r = 0; r <= depth; r++) {
      expect(at(stats, r, 'GRADIENT_OVERFLOW')).toBe(1);
      expect(at(stats, r, 'G_SUM_SQUARES')).toBe(0);
    }
    expect(at(stats, statsInputRow(depth), 'OVERFLOW')).toBe(0);
  });

  // g_L = 3e38 is finite, but g_{L-1} = delta_L W_L^T sums 120 such terms
  // (times phi' and weights of std 1/sqrt(80)): most of them overflow.
  it.each(['linear', 'tanh'] as const)('%s: a huge output gradient overflows g_{L-1}; the rows below lose their gradients, no NaN', (activation) => {
    const pass = makePass({ batch: 32, widths: [64, 100, 80, 120], activation, gain: 1, seed: 6 });
    pass.outputGradient.fill(3e38);
    const stats = kernels().networkStats(pass, 2);
    expectNoNaN(stats);
    const top = rowOf(stats, 2);
    expect(top.GRADIENT_OVERFLOW).toBe(0);
    // g_L's own statistics: 32 x 120 copies of float32(3e38), exact multiples in float64.
    const g = Math.fround(3e38);
    expect(top.G_SUM).toBe(32 * 120 * g);
    expect(top.G_SUM_SQUARES / (32 * 120 * g * g)).toBeCloseTo(1, 12);
    for (const r of [0, 1, statsInputRow(3)]) {
      expect(at(stats, r, 'GRADIENT_OVERFLOW'), `row ${r}`).toBe(1);
      expect(at(stats, r, 'G_SUM'), `row ${r}`).toBe(0);
      expect(at(stats, r, 'G_SUM_SQUARES'), `row ${r}`).toBe(0);
    }
    for (let r = 0; r <= 3; r++) expect(at(stats, r, 'OVERFLOW')).toBe(0);
  });

  it('a NaN in the input flags every row, and the result holds no NaN', () => {
    const pass = makePass({ batch: 4, widths: [6, 5, 3], activation: 'relu', gain: 1, seed: 7 });
    pass.input[9] = NaN;
    const stats = kernels().networkStats(pass, 1);
    expectNoNaN(stats);
    for (let r = 0; r <= 2; r++) {
      expect(rowOf(stats, r)).toEqual({ ...rowOf(new Float64Array(STATS_FIELDS), 0), OVERFLOW: 1, GRADIENT_OVERFLOW: 1 });
    }
  });

  // g_k = dL/dx_k for L = sum(x_L ⊙ outputGradient) is the input gradient of
  // the network made of layers k+1..L, evaluated at x_k: central differences
  // of a float64 pass (error ~1e-10) check every row's G_SUM and
  // G_SUM_SQUARES; the kernels run in float32 (error ~1e-6 here).
  it.each(NETWORK_PASS_ACTIVATIONS)('%s: every g_k agrees with finite differences of L = sum(x_L ⊙ outputGradient)', (activation) => {
    const pass = makePass({ batch: 3, widths: [4, 6, 5, 3], activation, gain: 1.3, biasStd: 0.2, seed: 8 });
    const stats = kernels().networkStats(pass, 1);
    const depth = pass.layers.length;
    const xs = float64Activations(pass.layers, pass.batch, Float64Array.from(pass.input));
    for (let k = 0; k <= depth; k++) {
      const g = finiteDifferenceGradient(pass.layers.slice(k), pass.batch, xs[k]!, pass.outputGradient);
      let sum = 0, absolute = 0, squares = 0;
      for (const v of g) {
        sum += v;
        absolute += Math.abs(v);
        squares += v * v;
      }
      const row = k === 0 ? statsInputRow(depth) : k - 1;
      expect(Math.abs(at(stats, row, 'G_SUM') - sum), `g_${k} sum`).toBeLessThanOrEqual(1e-4 * absolute);
      expect(Math.abs(at(stats, row, 'G_SUM_SQUARES') / squares - 1), `g_${k} sum of squares`).toBeLessThanOrEqual(1e-4);
    }
  });

  // parallelGemmThen cuts every GEMM into blocks of whole rows (a layer's
  // units); each unit's statistics are added up by one thread in sample
  // order and the units in order, so the bits do not depend on the threads.
  it.each(['relu', 'gelu', 'sigmoid'] as const)('%s: the same bits for 1, 2, 3 and 7 threads, sync and async', async (activation) => {
    const pass = makePass({ batch: 64, widths: [150, 200, 130, 200, 70], activation, gain: 1.5, biasStd: 0.1, seed: 9 });
    const reference = bytes(kernels().networkStats(pass, 1));
    for (const threads of [2, 3, 7]) {
      expect(bytes(kernels().networkStats(pass, threads)).equals(reference), `threads ${threads}`).toBe(true);
    }
    expect(bytes(await kernels().networkStatsAsync(pass, 3)).equals(reference)).toBe(true);
  });
});

// The TypeScript kernel adds its dot products in float64 and rounds h, x,
// delta and g to float32 once; the native one accumulates the GEMMs in
// float32 (with FMA), so they differ by the native rounding, ~1e-6 relative
// here. Each field must agree within 1e-4 relative to its scale: squares and
// counts to themselves; a sum of terms of both signs to sqrt(n sum t^2) (the
// bound on |sum t| by Cauchy-Schwarz: the sum itself can be ~0); a unit
// variance E[x^2] - E[x]^2 to the larger of itself and E[x^2], the size of
// what cancels. Flags must be equal.
const SCALE: Partial<Record<Field, (row: Record<Field, number>, n: number) => number>> = {
  H_SUM: (r, n) => Math.sqrt(n * r.H_SUM_SQUARES),
  X_SUM: (r, n) => Math.sqrt(n * r.X_SUM_SQUARES),
  G_SUM: (r, n) => Math.sqrt(n * r.G_SUM_SQUARES),
  X_UNIT_VARIANCE: (r, n) => Math.max(r.X_UNIT_VARIANCE, r.X_SUM_SQUARES / n),
};
const FLAGS: Field[] = ['OVERFLOW', 'GRADIENT_OVERFLOW'];

function expectAgreement(native: Float64Array, js: Float64Array, pass: NetworkPass): void {
  const depth = pass.layers.length;
  for (let r = 0; r <= depth; r++) {
    const n = pass.batch * (r === depth ? pass.layers[0]!.in : pass.layers[r]!.out);
    const a = rowOf(native, r), b = rowOf(js, r);
    for (const f of FIELDS) {
      if (FLAGS.includes(f)) {
        expect(a[f], `row ${r} ${f}`).toBe(b[f]);
        continue;
      }
      const scale = SCALE[f]?.(b, n) ?? Math.abs(b[f]);
      const error = a[f] === b[f] ? 0 : Math.abs(a[f] - b[f]) / scale;
      expect(error, `row ${r} ${f}: native ${a[f]}, js ${b[f]}`).toBeLessThanOrEqual(1e-4);
    }
  }
}

describe.runIf(info.kind === 'native')(`native (${info.simd}) agrees with the TypeScript kernel`, () => {
  const SHAPES = [
    { batch: 48, widths: DEPTH6, biasStd: 0.1 },
    { batch: 32, widths: [128, 64, 200, 64, 200, 64, 128], biasStd: 0 },
    { batch: 64, widths: [200, 150, 100, 75, 100, 150, 200], biasStd: 0.5 },
  ];
  const cases: Array<[NetworkPassActivation, number]> = NETWORK_PASS_ACTIVATIONS.flatMap((a) => [[a, 1], [a, 3]] as Array<[NetworkPassActivation, number]>);

  it.each(cases)('%s, gain %d: depth 6, widths 64..200, batch 32..64, every field', (activation, gain) => {
    SHAPES.forEach((shape, s) => {
      const pass = makePass({ ...shape, activation, gain, seed: 100 + s });
      expectAgreement(kernels().networkStats(pass, 2), jsKernels.networkStats(pass, 1), pass);
    });
  });

  // Near float32's largest value the two can differ (a float32 partial sum
  // can overflow where the float64 sum does not), so these overflow by far:
  // weights 1e38 in layer 4; an output gradient of 3e38, of which g_5 sums
  // 120 terms (no overflow for sigmoid, whose phi' <= 1/4: the large finite
  // gradients must then agree).
  it.each(NETWORK_PASS_ACTIVATIONS)('%s: the same overflow flags and statistics when a layer or the gradient overflows', (activation) => {
    const forward = makePass({ batch: 40, widths: DEPTH6, activation, gain: 1, biasStd: 0.1, seed: 200 });
    (forward.layers[3]!.weights as Float32Array).fill(1e38);
    const backward = makePass({ batch: 40, widths: DEPTH6, activation, gain: 1, biasStd: 0.1, seed: 201 });
    backward.outputGradient.fill(3e38);
    for (const pass of [forward, backward]) {
      const native = kernels().networkStats(pass, 3);
      expectNoNaN(native);
      expectAgreement(native, jsKernels.networkStats(pass, 1), pass);
    }
  });
});

describe.runIf(info.kind === 'native')('the raw native networkStats checks what would otherwise crash', () => {
  const raw = (): Record<string, (...args: unknown[]) => unknown> => createRequire(__filename)(addonPath);
  const good = (): NetworkPass => makePass({ batch: 2, widths: [3, 4, 2], activation: 'relu', gain: 1, seed: 11 });
  const withLayer = (l: number, change: Record<string, unknown>): unknown => {
    const pass = good();
    return { ...pass, layers: pass.layers.map((layer, i) => (i === l ? { ...layer, ...change } : layer)) };
  };
  const detached = (): Float32Array => {
    const view = new Float32Array(12);
    structuredClone(view.buffer, { transfer: [view.buffer] });
    return view;
  };

  it.each([
    ['no arguments', () => [], /expected 2 arguments/],
    ['too many arguments', () => [good(), 1, 1], /expected 2 arguments/],
    ['pass null', () => [null, 1], /argument 0 \(pass\) must be an object/],
    ['pass an array', () => [[good()], 1], /argument 0 \(pass\) must be an object/],
    ['batch missing', () => [{ ...good(), batch: undefined }, 1], /\(pass\)\.batch must be a number/],
    ['batch 0', () => [{ ...good(), batch: 0 }, 1], /\(pass\)\.batch must be an integer from 1/],
    ['batch 1.5', () => [{ ...good(), batch: 1.5 }, 1], /\(pass\)\.batch must be an integer/],
    ['batch 2^32', () => [{ ...good(), batch: 2 ** 32 }, 1], /\(pass\)\.batch must be an integer/],
    ['batch a string', () => [{ ...good(), batch: '2' }, 1], /\(pass\)\.batch must be a number/],
    ['layers missing', () => [{ ...good(), layers: undefined }, 1], /\(pass\)\.layers must be a non-empty array/],
    ['layers empty', () => [{ ...good(), layers: [] }, 1], /\(pass\)\.layers must be a non-empty array/],
    ['a layer not an object', () => [{ ...good(), layers: [good().layers[0], 7] }, 1], /layers\[1\] must be an object/],
    ['in 0', () => [withLayer(0, { in: 0 }), 1], /layers\[0\]\.in must be an integer from 1/],
    ['out NaN', () => [withLayer(1, { out: NaN }), 1], /layers\[1\]\.out must be an integer from 1/],
    ['in of layer 1 not out of layer 0', () => [withLayer(1, { in: 5, weights: new Float32Array(10) }), 1], /layers\[1\]\.in \(5\) must equal layers\[0\]\.out \(4\)/],
    ['weights a Float64Array', () => [withLayer(0, { weights: new Float64Array(12) }), 1], /layers\[0\]\.weights must be a Float32Array/],
    ['weights a plain array', () => [withLayer(0, { weights: new Array(12).fill(0) }), 1], /layers\[0\]\.weights must be a Float32Array/],
    ['weights too short', () => [withLayer(0, { weights: new Float32Array(11) }), 1], /layers\[0\]\.weights must hold in \* out = 12 elements, got 11/],
    ['weights too long', () => [withLayer(1, { weights: new Float32Array(9) }), 1], /layers\[1\]\.weights must hold in \* out = 8 elements, got 9/],
    ['weights detached', () => [withLayer(0, { weights: detached() }), 1], /layers\[0\]\.weights must hold in \* out = 12 elements, got 0/],
    ['bias of the wrong length', () => [withLayer(0, { bias: new Float32Array(3) }), 1], /layers\[0\]\.bias must hold out = 4 elements, got 3/],
    ['bias null', () => [withLayer(0, { bias: null }), 1], /layers\[0\]\.bias must be a Float32Array/],
    ['activation unknown', () => [withLayer(1, { activation: 'swish' }), 1], /layers\[1\]\.activation must be one of 'linear', 'relu', .*'softplus'/],
    ['activation missing', () => [withLayer(0, { activation: undefined }), 1], /layers\[0\]\.activation must be one of/],
    ['param missing', () => [withLayer(0, { param: undefined }), 1], /layers\[0\]\.param must be a number/],
    ['input of the wrong length', () => [{ ...good(), input: new Float32Array(7) }, 1], /\(pass\)\.input must hold batch \* layers\[0\]\.in = 6 elements, got 7/],
    ['input a Uint8Array', () => [{ ...good(), input: new Uint8Array(6) }, 1], /\(pass\)\.input must be a Float32Array/],
    ['outputGradient missing', () => [{ ...good(), outputGradient: undefined }, 1], /\(pass\)\.outputGradient must be a Float32Array/],
    ['outputGradient too short', () => [{ ...good(), outputGradient: new Float32Array(3) }, 1], /outputGradient must hold batch \* layers\[L-1\]\.out = 4 elements, got 3/],
    ['threads 0', () => [good(), 0], /argument 1 \(threads\) must be an integer from 1 to 256/],
    ['threads 257', () => [good(), 257], /argument 1 \(threads\) must be an integer from 1 to 256/],
    ['threads 1.5', () => [good(), 1.5], /argument 1 \(threads\) must be an integer/],
    ['threads a string', () => [good(), '2'], /argument 1 \(threads\) must be a number/],
  ] as Array<[string, () => unknown[], RegExp]>)('%s', (_, args, message) => {
    for (const fn of ['networkStats', 'networkStatsAsync']) {
      let error: unknown;
      try {
        raw()[fn]!(...args());
      } catch (e) {
        error = e;
      }
      expect(error, fn).toBeInstanceOf(Error);
      expect((error as Error).message, fn).toMatch(/^weightinit native: /);
      expect((error as Error).message, fn).toMatch(message);
    }
  });

  // h_1 would be 2^24 x 2^24 floats (4 PiB), past any address space; one
  // 2^24-element array serves as input, both weight matrices and gradient.
  it('a pass whose activations cannot be allocated is an exception, not a crash', async () => {
    const n = 2 ** 24;
    const data = new Float32Array(n);
    const pass: NetworkPass = {
      batch: n, input: data, outputGradient: data,
      layers: [
        { in: 1, out: n, weights: data, activation: 'relu', param: 0 },
        { in: n, out: 1, weights: data, activation: 'linear', param: 0 },
      ],
    };
    expect(() => raw()['networkStats']!(pass, 1)).toThrow(/^weightinit native: not enough memory/);
    await expect(raw()['networkStatsAsync']!(pass, 1)).rejects.toThrow(/^weightinit native: not enough memory/);
  });

  it('accepts a pass without biases and returns the float64 statistics', async () => {
    const stats = raw()['networkStats']!(good(), 1) as Float64Array;
    expect(stats).toBeInstanceOf(Float64Array);
    expect(stats.length).toBe(3 * STATS_FIELDS);
    expect(await (raw()['networkStatsAsync']!(good(), 2) as Promise<Float64Array>)).toEqual(stats);
  });
});
