// The diagnostics run on every backend; the native and TypeScript network
// passes are compared field by field in networkStats.test.ts.
import { describe, expect, it } from 'vitest';

import { backend, calibrate, diagnose, jacobianSpectrum } from '../../src/index.js';
import * as promises from '../../src/promises.js';

const info = backend();

describe(`diagnose on ${info.kind} (${info.simd})`, () => {
  const network = { depth: 12, width: 96, activation: 'relu', init: 'glorotNormal' } as const;

  it('reports every layer, empirical beside mean field, with a verdict', () => {
    const d = diagnose(network, { seed: 3, batch: 64 });
    expect(d.backend.kind).toBe(info.kind);
    expect(d.layers).toHaveLength(12);
    for (const layer of d.layers) {
      // ReLU's dead fraction on symmetric pre-activations is 1/2. Deep inputs are correlated, so a unit is
      // dead for most of the batch or for little of it: the sd is that of 96 units, 1/(2 sqrt 96) = 0.051;
      // 0.25 is 5 of them.
      expect(Math.abs(layer.empirical!.deadFraction - 0.5)).toBeLessThan(0.25);
    }
    expect(d.verdict.forward.verdict).toBe('vanishing');
    expect(d.verdict.meanFieldForward.meanFactor).toBeCloseTo(0.5, 2);
  });

  it('gives the same report from the Promise form', async () => {
    const d = await promises.diagnose(network, { seed: 3, batch: 64 });
    expect(JSON.stringify(d)).toBe(JSON.stringify(diagnose(network, { seed: 3, batch: 64 })));
  });

  it('a zero-initialized network: h = 0, so the signal is exactly 0 from layer 1, measured and predicted alike', () => {
    const d = diagnose({ depth: 3, width: 4, activation: 'tanh', init: 'zeros' }, { seed: 1, batch: 4 });
    for (const layer of d.layers) {
      expect(layer).toMatchObject({ weightVariance: 0, empirical: { outputSecondMoment: 0 }, meanField: { outputSecondMoment: 0, chi: 0 } });
      // log10 of exactly 0 has no number: null, as in JSON.
      expect(layer.meanField.log10OutputSecondMoment).toBeNull();
    }
    // E[x_2^2] / E[x_1^2] = 0/0: null; E[x_1^2] / E[x_0^2] = 0.
    expect(d.layers.map((l) => l.empirical!.forwardGrowth)).toEqual([0, null, null]);
    // The gradient below a zero layer is 0: g_2 = g_1 = g_0 = 0, only the output gradient g_3 is not.
    expect(d.layers.map((l) => l.empirical!.gradientSecondMoment! > 0)).toEqual([false, false, true]);
    for (const v of [d.verdict.forward, d.verdict.backward, d.verdict.meanFieldForward, d.verdict.meanFieldBackward]) {
      expect(v).toMatchObject({ verdict: 'vanishing', trend: null, meanFactor: 0, log10Change: null, limitDepth: 1, limitDepthMeasured: true });
    }
  });

  it('a layer whose units are all dead on the batch: the measured signal vanished there (a factor of 0), not "healthy"', () => {
    // One ReLU unit, two inputs: with seed 1 both pre-activations of layer 1 are negative.
    const d = diagnose({ depth: 2, width: 1, activation: 'relu', init: 'heNormal' }, { batch: 2, seed: 1 });
    expect(d.layers[0]!.empirical!.deadFraction).toBe(1);
    expect(d.verdict.forward).toMatchObject({ verdict: 'vanishing', meanFactor: 0, limitDepth: 1, limitDepthMeasured: true });
    expect(d.layers[1]!.empirical!.forwardGrowth).toBeNull();
  });

  it('jacobianSpectrum: zero weights have E[s^2] = 0 and no spread (0/0: null)', () => {
    expect(jacobianSpectrum({ depth: 2, width: 4, activation: 'tanh', init: 'zeros' }, { seed: 1 })).toEqual({ meanSquaredSingularValue: 0, relativeSpread: null, sample: 0 });
  });

  it('jacobianSpectrum: the spread does not depend on the scale of J, even where s^4 is beyond double range', () => {
    // Identity weights of gain 2^100, three linear layers: J = 2^300 I, an isometry up to scale.
    expect(jacobianSpectrum({ depth: 3, width: 4, activation: 'linear', init: { scheme: 'identity', gain: 2 ** 100 } }, { seed: 1 })).toEqual({
      meanSquaredSingularValue: 2 ** 600,
      relativeSpread: 0,
      sample: 0,
    });
    // Identity weights and leaky_relu with negative slope a = 2^120: J = diag(a^3 or 1) by the sign of each input, so
    // s^2 = a^6 = 2^720 for the k negative inputs and 1 for the others (s^4 = 2^1440 overflows double).
    // E[s^2] = (k a^6 + 4 - k) / 4 and Var(s^2) / E[s^2]^2 = 4/k - 1, to 1e-200.
    const ks = [1, 2, 3, 4, 5].map((seed) => {
      const j = jacobianSpectrum({ depth: 3, width: 4, activation: { name: 'leaky_relu', param: 2 ** 120 }, init: 'identity' }, { seed });
      const k = Math.round((4 * j.meanSquaredSingularValue) / 2 ** 720);
      expect(j.relativeSpread).toBeCloseTo(4 / k - 1, 14);
      return k;
    });
    // The seeds cover a spread of 3, 1 and 1/3, not only the isometry (k = 4).
    expect(new Set(ks)).toEqual(new Set([1, 2, 3, 4]));
  });

  it('calibrates with LSUV', () => {
    const c = calibrate({ depth: 6, width: 64, activation: 'tanh', init: 'orthogonal', bias: { scheme: 'normal', std: 0.1 } }, { seed: 2, batch: 64 });
    expect(c.converged).toBe(true);
    for (const layer of c.layers) expect(Math.abs(layer.variance - 1)).toBeLessThanOrEqual(0.1);
  });
});
