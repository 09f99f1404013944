// The reference results of deep signal propagation that a diagnosis must
// reproduce (width 1000/1024, batch 256, N(0,1) input, zero bias unless
// said). A single finite-width network fluctuates around the mean-field
// value (ln of a deep layer's second moment has sd ~0.3 at depth 50), so
// bands use several seeds or the depth, as derived in each comment.
import { describe, expect, it } from 'vitest';

import { backend, calibrate, diagnose, jacobianSpectrum } from '../../src/index.js';
import type { Diagnosis } from '../../src/index.js';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const geometricMean = (xs: number[]) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);

// Every number in the report is finite (unavailable values are null, never NaN or Infinity).
function finiteEverywhere(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (value === null || typeof value !== 'object') return true;
  return Object.values(value).every(finiteEverywhere);
}

function post(d: Diagnosis, layer: number): number {
  return d.layers[layer - 1]!.empirical!.outputSecondMoment;
}

describe(`reference results (${backend().kind}, ${backend().simd})`, () => {
  it('ReLU + He normal, depth 50: mean field q = 2 and E[x^2] = 1 at every layer; 8 seeds average near 1', () => {
    const runs = SEEDS.map((seed) => diagnose({ depth: 50, width: 1024, activation: 'relu', init: 'heNormal' }, { seed }));
    for (const layer of runs[0]!.layers) {
      // The prediction uses the drawn sigma_w^2 = 1024 E[W^2], within 0.5% of 2 (sd of a mean of 2^20 squares).
      expect(layer.meanField.preActivationSecondMoment).toBeGreaterThan(2 * 0.99 ** layer.layer);
      expect(layer.meanField.preActivationSecondMoment).toBeLessThan(2 * 1.01 ** layer.layer);
    }
    // ln of layer 50's second moment has sd sqrt(5L/N) = 0.5 per seed (docs/DIAGNOSTICS.md), 0.18 over 8:
    // [0.6, 1.6] is ln -0.51..+0.47, about 2.7 sd either side (a false failure about 1 run in 140).
    const g = geometricMean(runs.map((d) => post(d, 50)));
    expect(g).toBeGreaterThan(0.6);
    expect(g).toBeLessThan(1.6);
    // at depth 10 the sd is sqrt(50/1024) = 0.22: +-25% is about 1 sd for one seed; the issue fixes this band,
    // so it is checked on seed 1 only (a fixed draw), not as a statistical claim
    expect(Math.abs(post(runs[0]!, 10) - 1)).toBeLessThan(0.25);
    expect(runs[0]!.verdict.forward.verdict).toBe('healthy');
  });

  it('ReLU + Glorot normal on square layers halves the second moment per layer: slope of log2 -1 +- 0.05, vanishing', () => {
    const d = diagnose({ depth: 50, width: 1024, activation: 'relu', init: 'glorotNormal' }, { seed: 1 });
    const ys = d.layers.map((l) => Math.log2(l.empirical!.outputSecondMoment));
    const xs = d.layers.map((l) => l.layer);
    const mx = xs.reduce((a, b) => a + b) / xs.length;
    const my = ys.reduce((a, b) => a + b) / ys.length;
    const slope = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
    expect(Math.abs(slope + 1)).toBeLessThan(0.05);
    // mean field with the drawn sigma_w^2 (1 within ~0.01%, compounding over 50 layers to < 1%)
    expect(Math.abs(d.layers[49]!.meanField.outputSecondMoment / 2 ** -50 - 1)).toBeLessThan(0.01);
    expect(d.verdict.forward.verdict).toBe('vanishing');
    expect(d.verdict.forward.trend).toBe('exponential');
  });

  it('ReLU with N(0, 0.01^2) vanishes at ~0.05 per layer; with std 0.1 explodes at ~5.1, and overflow is reported without NaN', () => {
    const small = diagnose({ depth: 10, width: 1024, activation: 'relu', init: { scheme: 'normal', std: 0.01 } }, { seed: 1 });
    expect(small.verdict.forward.verdict).toBe('vanishing');
    expect(small.verdict.forward.meanFactor).toBeCloseTo(1024 * 1e-4 / 2, 2);
    const big = diagnose({ depth: 120, width: 1024, activation: 'relu', init: { scheme: 'normal', std: 0.1 } }, { seed: 1 });
    expect(big.verdict.forward.verdict).toBe('exploding');
    expect(Math.abs(big.verdict.forward.meanFactor / 5.12 - 1)).toBeLessThan(0.1);
    // the values' rms 5.12^(l/2) passes float32's 3.4e38 near layer 2 * ln(3.4e38) / ln(5.12) = 108
    expect(big.verdict.overflowLayer).toBeGreaterThan(100);
    expect(big.verdict.overflowLayer).toBeLessThan(115);
    expect(big.summary).toMatch(/overflowed float32 at layer \d+/);
    // No gradient survives the overflowed forward pass: the backward verdict is the mean field's, not a 'healthy' default.
    expect(big.verdict.gradientOverflowLayer).not.toBeNull();
    expect(big.verdict.backward.verdict).toBe('exploding');
    expect(JSON.stringify(big)).not.toMatch(/NaN|Infinity/);
    expect(finiteEverywhere(big)).toBe(true);
  });

  it('tanh with weight variance 1/N decays as a power law, not exponentially (mean field q_50 = 0.0104, l q_l -> 1/2)', () => {
    const d = diagnose({ depth: 50, width: 1000, activation: 'tanh', init: { scheme: 'varianceScaling', scale: 1, distribution: 'normal' } }, { seed: 1 });
    expect(d.layers[49]!.meanField.preActivationSecondMoment).toBeGreaterThan(0.0104 * 0.97);
    expect(d.layers[49]!.meanField.preActivationSecondMoment).toBeLessThan(0.0104 * 1.03);
    expect(d.verdict.meanFieldForward.trend).toBe('power-law');
    expect(d.verdict.forward.trend).toBe('power-law');
  });

  it('tanh at sigma_w^2 = 1.76, sigma_b^2 = 0.05 is critical: chi = 1 within 0.01', () => {
    const d = diagnose(
      { depth: 50, width: 1000, activation: 'tanh', init: { scheme: 'varianceScaling', scale: 1.76, distribution: 'normal' }, bias: { scheme: 'normal', std: Math.sqrt(0.05) } },
      { seed: 1 },
    );
    expect(Math.abs(d.layers[49]!.meanField.chi - 1)).toBeLessThan(0.01);
    expect(Math.abs(d.fix.weightVariance - 1.76)).toBeLessThan(0.01);
  });

  it('at that critical point the Jacobian spectrum is much narrower with orthogonal than with Gaussian weights (dynamical isometry)', () => {
    const bias = { scheme: 'normal', std: Math.sqrt(0.05) };
    const net = (init: object) => ({ depth: 32, width: 200, activation: 'tanh' as const, init: init as never, bias: bias as never });
    const gaussian = jacobianSpectrum(net({ scheme: 'normal', std: Math.sqrt(1.76 / 200) }), { seed: 1 });
    const orthogonal = jacobianSpectrum(net({ scheme: 'orthogonal', gain: Math.sqrt(1.76) }), { seed: 1 });
    // Pennington et al. 2017: Var(s^2)/E[s^2]^2 grows ~linearly with depth for Gaussian weights, stays O(1) for orthogonal
    expect(orthogonal.relativeSpread).toBeLessThan(gaussian.relativeSpread / 3);
  });

  it('SELU + LeCun normal, depth 50: output mean within 0.1 of 0, second moment near 1 over 8 seeds', () => {
    const runs = SEEDS.map((seed) => diagnose({ depth: 50, width: 1024, activation: 'selu', init: 'lecunNormal' }, { seed }));
    for (const d of runs) expect(Math.abs(d.layers[49]!.empirical!.outputMean)).toBeLessThan(0.1);
    const g = geometricMean(runs.map((d) => post(d, 50)));
    expect(g).toBeGreaterThan(0.7);
    expect(g).toBeLessThan(1.4);
  });

  it('reports when no weight variance is critical (SiLU without bias) instead of failing', () => {
    const d = diagnose({ depth: 8, width: 256, activation: 'silu', init: 'heNormal' }, { seed: 1 });
    expect('none' in d.fix && d.fix.none).toMatch(/silu/i);
    expect(d.summary).toMatch(/no weight variance makes silu exactly critical/);
  });

  it('LSUV brings a vanishing 30-layer ReLU network to pre-activation variance 1 +- 0.1, one rescale per layer without bias', () => {
    const before = diagnose({ depth: 30, width: 256, activation: 'relu', init: 'orthogonal' }, { seed: 1 });
    expect(before.verdict.forward.verdict).toBe('vanishing');
    const c = calibrate({ depth: 30, width: 256, activation: 'relu', init: 'orthogonal' }, { seed: 1 });
    expect(c.converged).toBe(true);
    for (const layer of c.layers) {
      expect(layer.variance).toBeGreaterThanOrEqual(0.9);
      expect(layer.variance).toBeLessThanOrEqual(1.1);
      expect(layer.rescales).toBeLessThanOrEqual(1);
    }
  });
});
