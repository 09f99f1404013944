// The diagnostics and the maths helpers over random arguments: networks
// (shorthand or layer lists) with any activation, init, width and depth,
// options of every type, activations and gains by name, fans, shards and
// scheme distributions. Each call returns a report without NaN whose layers
// are the network's, or throws a TypeError/RangeError. Networks stay small
// (width <= 12, depth <= 5, batch <= 8) so hundreds of runs take a second.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import * as w from '../../src/index.js';
import * as promises from '../../src/promises.js';
import { seedLike } from './drawCalls.js';
import { edgeNumber, hostileValue, mostly, notAnObject } from './hostileValues.js';
import { asyncOutcomeOf, firstNaN, outcomeOf } from './outcome.js';
import { runs } from './runs.js';
import { anyShape, smallShape } from './shapes.js';

// leaky_relu's slope or elu's alpha: in [0, 1], or of any magnitude float32 holds (beyond it, from mostly(), a refusal).
const FLOAT32_MAX = 3.4028234663852886e38;
const param = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 1, max: FLOAT32_MAX }), fc.double({ min: -FLOAT32_MAX, max: -1 }));
const activationName = fc.constantFrom('linear', 'relu', 'leaky_relu', 'elu', 'selu', 'gelu', 'silu', 'tanh', 'sigmoid', 'softplus');
// diagnose takes ~3 s for any GELU network (its fix search), so the network properties leave GELU out.
const activation = fc.oneof(
  { arbitrary: activationName.filter((a) => a !== 'gelu'), weight: 6 },
  { arbitrary: fc.record({ name: fc.constantFrom('leaky_relu', 'elu', 'relu'), param: mostly(param) }, { requiredKeys: ['name'] }), weight: 2 },
  { arbitrary: fc.constantFrom('mish', 'Relu', 'swish', ''), weight: 1 },
);
const init = fc.oneof(
  { arbitrary: fc.constantFrom('heNormal', 'glorotUniform', 'lecunNormal', 'orthogonal', 'he_uniform', 'xavierNormal'), weight: 6 },
  { arbitrary: fc.record({ scheme: fc.constantFrom('normal', 'uniform', 'truncatedNormal'), std: fc.double({ min: 0, max: 3, noNaN: true }) }), weight: 2 },
  { arbitrary: fc.record({ scheme: fc.constantFrom('heNormal', 'orthogonal'), gain: mostly(fc.double({ min: 0.1, max: 3, noNaN: true })), convention: mostly(fc.constantFrom('keras', 'pytorch')) }, { requiredKeys: ['scheme'] }), weight: 2 },
  { arbitrary: fc.constantFrom('sparse', 'identity', 'dirac', 'nope', 'ones'), weight: 1 },
  // All-zero weights: h = b, the signal and gradients vanish at the first zero layer.
  { arbitrary: fc.constant('zeros'), weight: 1 },
);
const bias = fc.option(fc.oneof(fc.constantFrom('zeros', 'ones'), fc.record({ scheme: fc.constant('normal'), std: fc.double({ min: 0, max: 1, noNaN: true }) })), { nil: undefined });
const width = fc.integer({ min: 1, max: 12 });
// Counts: small valid ones, else any hostile value but a valid count past 12, which asks for real work:
// seconds for a depth of 65504, gigabytes for a width of 65504 or a batch of 2^31 (memoryPressure.test.ts
// covers requests larger than the machine). Past `refusedPast` every count is refused before any work:
// widths and batches past 2^32 (their tensors hold more than one typed array), depths past diagnose's 100,000.
const count = (valid: fc.Arbitrary<number>, refusedPast = 2 ** 32): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: valid, weight: 19 }, { arbitrary: hostileValue.filter((v) => !(Number.isSafeInteger(v) && (v as number) > 12 && (v as number) <= refusedPast)), weight: 1 });

const shorthand = fc.record(
  { depth: count(fc.integer({ min: 1, max: 5 }), 100_000), width: count(width), activation: mostly(activation), init: mostly(init), bias: mostly(bias), inputWidth: count(width) },
  { requiredKeys: ['depth', 'width', 'activation', 'init'] },
);
const layerList = fc.array(fc.tuple(width, activation, init, bias), { minLength: 1, maxLength: 4 }).chain((layers) =>
  fc.tuple(width, fc.boolean()).map(([input, chained]) => {
    let previous = input;
    return layers.map(([out, act, weights, b], i) => {
      const layer = { in: chained || i === 0 ? previous : out + 1, out, activation: act, weights, ...(b === undefined ? {} : { bias: b }) };
      previous = out;
      return layer;
    });
  }),
);
// A hole is a missing layer, to be refused like any other (hostileValue's sparse arrays are too rare to count on).
const withHole = layerList.chain((layers) => fc.nat(layers.length - 1).map((at) => {
  const holey = [...layers];
  delete holey[at];
  return holey;
}));
const network = fc.oneof({ arbitrary: shorthand, weight: 5 }, { arbitrary: layerList, weight: 3 }, { arbitrary: hostileValue, weight: 1 }, { arbitrary: withHole, weight: 1 }, { arbitrary: fc.constant([]), weight: 1 });
const diagnoseOptions = fc.oneof(
  { arbitrary: fc.record({ batch: count(fc.integer({ min: 2, max: 8 })), seed: seedLike, input: mostly(fc.constantFrom('normal', 'uniform')), threads: mostly(fc.constantFrom(1, 2)) }, { requiredKeys: ['batch'] }), weight: 8 },
  { arbitrary: notAnObject, weight: 1 },
);

const depthOf = (net: unknown): number => (Array.isArray(net) ? net.length : (net as { depth: number }).depth);

describe('diagnostics over random networks and options', () => {
  it('diagnose (sync and Promise): a report of every layer without NaN, or a TypeError/RangeError', async () => {
    await fc.assert(
      fc.asyncProperty(network, diagnoseOptions, async (net, options) => {
        const sync = outcomeOf(() => w.diagnose(net as never, options as never));
        const viaPromise = await asyncOutcomeOf(() => promises.diagnose(net as never, options as never));
        expect(viaPromise.ok).toBe(sync.ok);
        if (!sync.ok) return;
        expect(sync.value.layers).toHaveLength(depthOf(net));
        expect(firstNaN(sync.value)).toBeUndefined();
      }),
      runs(250, 150),
    );
  });

  it('calibrate: every layer scaled to a finite variance, or a TypeError/RangeError', () => {
    const options = fc.oneof(
      { arbitrary: fc.record({ batch: count(fc.integer({ min: 2, max: 8 })), seed: seedLike, tolerance: mostly(fc.double({ min: 0.01, max: 0.9, noNaN: true })), maxIterations: mostly(fc.integer({ min: 1, max: 5 })) }, { requiredKeys: ['batch'] }), weight: 8 },
      { arbitrary: notAnObject, weight: 1 },
    );
    fc.assert(
      fc.property(network, options, (net, o) => {
        const result = outcomeOf(() => w.calibrate(net as never, o as never));
        if (!result.ok) return;
        expect(result.value.layers).toHaveLength(depthOf(net));
        expect(firstNaN(result.value)).toBeUndefined();
      }),
      runs(150, 100),
    );
  });

  it('jacobianSpectrum: moments of the singular values without NaN, a finite spread >= 0 or null (0/0), or a TypeError/RangeError', () => {
    fc.assert(
      fc.property(network, fc.oneof(fc.record({ seed: seedLike, batch: count(fc.integer({ min: 2, max: 4 })) }, { requiredKeys: [] }), notAnObject), (net, o) => {
        const result = outcomeOf(() => w.jacobianSpectrum(net as never, o as never));
        if (!result.ok) return;
        expect(firstNaN(result.value)).toBeUndefined();
        const spread = result.value.relativeSpread;
        if (spread !== null) expect(Number.isFinite(spread) && spread >= 0).toBe(true);
      }),
      runs(200, 150),
    );
  });

  it('meanFieldPropagation and criticalWeightVariance: finite predictions, or a TypeError/RangeError', () => {
    // 0 is a zero-initialized layer's weight variance (and an input second moment to refuse).
    const variance = fc.oneof({ arbitrary: fc.double({ min: 1e-3, max: 10, noNaN: true }), weight: 6 }, { arbitrary: fc.constant(0), weight: 1 }, { arbitrary: edgeNumber, weight: 1 });
    const layer = fc.record(
      { activation: mostly(activationName), param: mostly(param, 2), weightVariance: variance, biasVariance: mostly(fc.double({ min: 0, max: 1, noNaN: true })), backwardWeightVariance: variance },
      { requiredKeys: ['activation', 'weightVariance'] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.array(layer, { maxLength: 6 }), hostileValue), fc.oneof(fc.record({ inputSecondMoment: variance }, { requiredKeys: [] }), notAnObject), (layers, o) => {
        const result = outcomeOf(() => w.meanFieldPropagation(layers as never, o as never));
        if (result.ok) expect(firstNaN(result.value)).toBeUndefined();
      }),
      runs(400),
    );
    fc.assert(
      fc.property(mostly(activationName), fc.oneof(fc.record({ param: mostly(param), biasVariance: mostly(fc.double({ min: 0, max: 2, noNaN: true })) }, { requiredKeys: [] }), notAnObject), (a, o) => {
        const result = outcomeOf(() => w.criticalWeightVariance(a as never, o as never));
        if (result.ok) expect(firstNaN(result.value)).toBeUndefined();
      }),
      runs(60),
    );
  });

  it('gain, deriveGain, fans, shard, schemeDistribution: finite numbers, or a TypeError/RangeError', () => {
    const nonlinearity = fc.oneof(fc.constantFrom('relu', 'leaky_relu', 'tanh', 'selu', 'sigmoid', 'linear', 'conv2d', 'gelu', 'silu', 'mish', 'softplus', 'hardtanh'), hostileValue);
    fc.assert(
      fc.property(nonlinearity, fc.oneof(fc.double({ min: -1, max: 1, noNaN: true }), hostileValue), (name, param) => {
        const g = outcomeOf(() => w.gain(name as never, param as never));
        if (g.ok) expect(Number.isFinite(g.value)).toBe(true);
        const d = outcomeOf(() => w.deriveGain(name as never, { param } as never));
        if (d.ok) expect(firstNaN(d.value)).toBeUndefined();
      }),
      runs(300),
    );
    const layout = fc.oneof(fc.constantFrom('io', 'hwio', 'oi', 'oihw'), fc.record({ inAxis: fc.integer({ min: -3, max: 3 }), outAxis: fc.integer({ min: -3, max: 3 }) }), hostileValue);
    fc.assert(
      fc.property(anyShape, fc.record({ layout, convention: mostly(fc.constantFrom('keras', 'pytorch', 'jax')) }, { requiredKeys: [] }), fc.constantFrom('heNormal', 'glorotUniform', 'varianceScaling', 'truncatedNormal', 'orthogonal', 'nope'), (shape, o, name) => {
        const f = outcomeOf(() => w.fans(shape as never, o as never));
        if (f.ok) expect(firstNaN(f.value)).toBeUndefined();
        const s = outcomeOf(() => w.schemeDistribution(name, shape as never, o as never));
        if (s.ok) expect(firstNaN(s.value)).toBeUndefined();
      }),
      runs(400),
    );
    fc.assert(
      fc.property(anyShape, fc.record({ world: mostly(fc.integer({ min: 1, max: 9 })), rank: mostly(fc.integer({ min: 0, max: 9 })), axis: mostly(fc.integer({ min: -3, max: 3 })), shape: fc.oneof(smallShape, hostileValue), offset: hostileValue }, { requiredKeys: ['world', 'rank'] }), (shape, o) => {
        const s = outcomeOf(() => w.shard(shape as never, o as never));
        if (!s.ok) return;
        expect(s.value.length).toBe(s.value.shape.reduce((a, b) => a * b, 1));
        expect(s.value.end - s.value.start).toBe(s.value.shape[s.value.axis]);
      }),
      runs(400),
    );
  });
});
