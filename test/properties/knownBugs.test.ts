// What the properties found, each as its smallest reproduction. A fixed
// finding is an ordinary test that guards the fix; an open one is `it.fails`:
// it passes while the bug is there and fails once it is fixed, telling the
// fixer to turn it into a plain `it`. The property files leave exactly the
// open findings' inputs out (each place says so), so they stay green and keep
// searching.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import * as w from '../../src/index.js';
import * as promises from '../../src/promises.js';
import { valuesOf } from './drawInvariants.js';
import { asyncOutcomeOf, firstNaN, numbersIn, outcomeOf } from './outcome.js';

const finite = (t: w.Tensor): boolean => valuesOf(t).every(Number.isFinite);
/** A typed error, or a tensor whose every value is finite. */
const refusedOrFinite = (draw: () => w.Tensor): boolean => {
  const result = outcomeOf(draw);
  return !result.ok || finite(result.value);
};

describe('fixed: shapes', () => {
  it('a shape with holes ([, 2]) is refused, not read as [2] with an undefined dim', () => {
    expect(() => w.normal([, 2] as never, { seed: 1 })).toThrow(/normal: shape\[0\] must be a non-negative integer, got undefined/);
  });

  it('dims whose product overflows before a 0 give an empty tensor, not an engine RangeError from NaN', () => {
    const shape = [...Array(20).fill(2 ** 53 - 1), 0];
    expect(w.normal(shape, { seed: 1, shard: { world: 2, rank: 1 } }).data.length).toBe(0);
    expect(w.normal(shape, { seed: 1, offset: 0 }).data.length).toBe(0);
  });
});

describe('fixed: parts', () => {
  it('a shard that is the whole tensor along a later axis draws schemes computed whole as a whole (not row by row)', () => {
    const whole = { world: 1, rank: 0, axis: -1 };
    expect([...w.identity([3, 4], { shard: whole }).data]).toEqual([...w.identity([3, 4]).data]);
    expect([...w.orthogonal([3, 4], { seed: 1, shard: whole }).data]).toEqual([...w.orthogonal([3, 4], { seed: 1 }).data]);
    expect([...w.dirac([2, 2, 3, 3], { convention: 'pytorch', shard: { world: 1, rank: 0, axis: 1 } }).data]).toEqual([...w.dirac([2, 2, 3, 3], { convention: 'pytorch' }).data]);
  });
});

describe('fixed: shard()', () => {
  it('a Shard passed back with a shape that cannot be printed is refused with a RangeError, not an engine TypeError', () => {
    expect(() => w.shard([2], { world: 1, rank: 0, shape: Object.create(null) } as never)).toThrow(/shard: shard.shape must be \[2\]/);
  });
});

describe('fixed: values beyond the dtype\'s range are refused with a RangeError, never stored as Infinity', () => {
  it('constant({ value: 1e39 }) (finite as a double, beyond float32)', () => {
    expect(refusedOrFinite(() => w.constant([2], { value: 1e39 }))).toBe(true);
  });
  it('identity({ gain: 1e39 })', () => {
    expect(refusedOrFinite(() => w.identity([2, 2], { gain: 1e39 }))).toBe(true);
  });
  it('orthogonal({ gain: 1e39 }) (and deltaOrthogonal)', () => {
    expect(refusedOrFinite(() => w.orthogonal([2, 2], { gain: 1e39, seed: 1 }))).toBe(true);
  });
  it('normal({ std: 1e38 }): std fits float32 but std * z does not (so do truncatedNormal, sparse, varianceScaling with a huge scale)', () => {
    expect(refusedOrFinite(() => w.normal([64], { std: 1e38, seed: 1 }))).toBe(true);
  });
  it("constant({ value: 1e5, dtype: 'float16' }): beyond float16's 65504, stored as +Infinity", () => {
    expect(refusedOrFinite(() => w.constant([2], { value: 1e5, dtype: 'float16' }))).toBe(true);
  });
});

describe('fixed: diagnostics', () => {
  it("diagnose of a zero-initialized network is a diagnosis (the signal vanishes at layer 1), not a RangeError naming meanFieldPropagation's weightVariance", () => {
    const d = w.diagnose({ depth: 2, width: 4, activation: 'tanh', init: 'zeros' }, { batch: 2, seed: 1 });
    expect(d.layers).toHaveLength(2);
    expect(d.layers.map((l) => l.weightVariance)).toEqual([0, 0]);
    for (const v of [d.verdict.forward, d.verdict.backward, d.verdict.meanFieldForward, d.verdict.meanFieldBackward]) {
      expect(v).toMatchObject({ verdict: 'vanishing', meanFactor: 0, log10Change: null, limitDepth: 1, limitDepthMeasured: true });
    }
    // Every number is finite: a second moment of exactly 0 has no log10 (null), a ratio 0/0 is null.
    expect([...numbersIn(d)].filter(([, n]) => !Number.isFinite(n))).toEqual([]);
    expect(d.layers[0]!.meanField.log10OutputSecondMoment).toBeNull();
    // tanh without bias is critical at sigma_w^2 = 1: std 1/sqrt(4).
    expect(d.fix).toMatchObject({ fanIn: 4 });
    expect((d.fix as w.Fix).std).toBeCloseTo(0.5, 12);
    expect(d.summary).toMatch(/^forward vanishing .*; backward vanishing .*; fix: weight std 0\.5000 /);
  });

  it('jacobianSpectrum of zero weights: E[s^2] = 0 and relativeSpread null (0/0), not NaN', () => {
    const j = w.jacobianSpectrum({ depth: 2, width: 4, activation: 'tanh', init: 'zeros' }, { seed: 1 });
    expect(j).toEqual({ meanSquaredSingularValue: 0, relativeSpread: null, sample: 0 });
  });

  it('a leaky_relu slope beyond float32 (-1e300) is a RangeError naming the param and the range, not NaN in forward.meanFactor', () => {
    const layers = (param: number) => [{ activation: 'leaky_relu', param, weightVariance: 1 }, { activation: 'linear', weightVariance: 1 }];
    expect(() => w.meanFieldPropagation(layers(-1e300))).toThrow(RangeError);
    expect(() => w.meanFieldPropagation(layers(-1e300))).toThrow(/layers\[0\]\.param must be a finite number of magnitude at most 3\.4028234663852886e\+38/);
    expect(() => w.diagnose({ depth: 2, width: 4, activation: { name: 'leaky_relu', param: -1e300 }, init: 'heNormal' }, { batch: 2 })).toThrow(
      /diagnose: network\.activation\.param must be a finite number of magnitude at most 3\.4028234663852886e\+38/,
    );
    // At the bound itself every number is finite (the unit tests check the values).
    expect(firstNaN(w.meanFieldPropagation(layers(-3.4028234663852886e38)))).toBeUndefined();
  });

  it('a bigint among an init\'s options is described ("3n") or refused by the scheme, never a TypeError from JSON.stringify', () => {
    const oneLayer = (weights: object) => [{ in: 1, out: 1, activation: 'linear', weights }] as never;
    expect(w.diagnose(oneLayer({ scheme: 'normal', std: 1, stream: 3n }), { batch: 2, seed: 1 }).layers[0]!.weights).toBe('{"scheme":"normal","std":1,"stream":"3n"}');
    expect(() => w.diagnose(oneLayer({ scheme: 'orthogonal', gain: 1n }), { batch: 2, seed: 1 })).toThrow(/^orthogonal: gain must be a finite number, got 1n$/);
  });

  it('a depth or layer count past 100,000 is a RangeError before any layer is built, not "Invalid array length" from the engine', () => {
    expect(() => w.diagnose({ depth: 1e15, width: 1, activation: 'linear', init: 'heNormal' }, { batch: 2, seed: 1 })).toThrow(/diagnose: network\.depth must be at most 100000, got 1000000000000000/);
    // A depth of 2^31 used to start building 2^31 layers.
    expect(() => w.diagnose({ depth: 2 ** 31, width: 1, activation: 'linear', init: 'heNormal' }, { batch: 2, seed: 1 })).toThrow(/network\.depth must be at most 100000/);
    const layer = { in: 1, out: 1, activation: 'linear', weights: 'heNormal' };
    expect(() => w.diagnose(Array(100_001).fill(layer), { batch: 2, seed: 1 })).toThrow(/diagnose: network\.length must be at most 100000 layers, got 100001/);
  });

  it('a layer whose units are all dead on the batch has growth factors of null where they are 0/0, never NaN', () => {
    const d = w.diagnose({ depth: 2, width: 1, activation: 'relu', init: 'heNormal' }, { batch: 2, seed: 1 });
    expect(firstNaN(d)).toBeUndefined();
    // With this seed layer 1's one unit is negative on the whole batch, so layer 2 sees only zeros and is dead too:
    // both output second moments and layer 1's gradient are 0, so layer 2's forward growth and layer 1's backward
    // growth are 0/0 (null), while layer 1's forward growth (0 over the input's) and layer 2's backward growth are 0.
    expect(d.layers.map((l) => l.empirical!.deadFraction)).toEqual([1, 1]);
    expect(d.layers.map((l) => [l.empirical!.forwardGrowth, l.empirical!.backwardGrowth])).toEqual([[0, null], [null, 0]]);
  });

  it('an array with holes is refused by diagnose, a hole being a missing layer (not a TypeError from the engine)', () => {
    expect(() => w.diagnose([, ] as never, { batch: 2 })).toThrow(/^diagnose: layer 1 must be \{ in, out, activation, weights, bias\? \}, got undefined$/);
  });

  it('an array with holes is refused by meanFieldPropagation, a hole being a missing layer', () => {
    expect(() => w.meanFieldPropagation([, ] as never)).toThrow(/^meanFieldPropagation: layers\[0\] must be \{ activation, param\?, weightVariance, biasVariance\? \}, got undefined$/);
  });

  it('calibrate refuses options that are not an object (5, null) with a TypeError, as diagnose does', () => {
    const network = { depth: 2, width: 4, activation: 'tanh', init: 'heNormal' } as const;
    expect(() => w.calibrate(network, 5 as never)).toThrow(/^calibrate: options must be an object, got 5$/);
    expect(() => w.calibrate(network, null as never)).toThrow(/^calibrate: options must be an object, got null$/);
  });
});

describe('fixed: Promise forms and files', () => {
  it('a Promise form refuses a resizable-buffer out with the same TypeError at every size, on both backends (native once refused it only from 2^17 elements)', async () => {
    const outcome = async (n: number) => {
      const out = new Float32Array(new (ArrayBuffer as unknown as new (n: number, o: object) => ArrayBuffer)(4 * n, { maxByteLength: 8 * n }));
      const r = await asyncOutcomeOf(() => promises.normal([n], { seed: 1, out }));
      return r.ok ? 'ok' : `${r.error.constructor.name}: ${r.error.message}`;
    };
    const small = await outcome(8);
    expect(small).toMatch(/^TypeError: normal: out must not be a view on a resizable ArrayBuffer in a Promise form/);
    expect(await outcome(1 << 17)).toBe(small);
  });

  it('writeSafetensors with a memoryBudget past one typed array (1e15) writes the file: its buffers are sized by the data, not the budget', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weightinit-budget-'));
    try {
      const result = await asyncOutcomeOf(() => promises.writeSafetensors(join(dir, 'w.safetensors'), { w: w.zeros([1]) }, { memoryBudget: 1e15 }), true);
      expect(result.ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writeNpy into a missing directory: the ENOENT names the path given, not the temporary '.partial' file", async () => {
    const error = await promises.writeNpy('/nonexistent-weightinit/dir/w.npy', w.zeros([2])).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'ENOENT', path: '/nonexistent-weightinit/dir/w.npy' });
    expect(String((error as Error).message)).toContain("cannot write '/nonexistent-weightinit/dir/w.npy'");
  });
});

describe('fixed: Promise forms and files, resizable outs', () => {
  // Found when the agreement property in draws.test.ts took resizable outs again: a raw-bytes out off the
  // dtype's alignment is filled through a private copy (output.ts), and the resizable check looked at the
  // copy's buffer, so a shrink of the caller's buffer while the fill ran went unnoticed.
  it('a Promise form refuses a resizable-buffer out at every byte offset, aligned or not', async () => {
    const outcome = async (byteOffset: number) => {
      const buffer = new (ArrayBuffer as unknown as new (n: number, o: object) => ArrayBuffer)(17, { maxByteLength: 64 });
      const r = await asyncOutcomeOf(() => promises.normal([4], { seed: 1, out: new Uint8Array(buffer, byteOffset, 16) }));
      return r.ok ? 'ok' : `${r.error.constructor.name}: ${r.error.message}`;
    };
    expect(await outcome(0)).toMatch(/^TypeError: normal: out must not be a view on a resizable ArrayBuffer/);
    expect(await outcome(1)).toBe(await outcome(0));
  });
});
