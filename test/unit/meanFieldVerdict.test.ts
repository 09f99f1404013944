// signalVerdict(): healthy / exploding / vanishing from per-layer growth
// factors, the exponential / power-law / levelling-off trend, and the depth
// at which the change reaches 1e6, on sequences whose answers are known in
// closed form.
import { describe, expect, it } from 'vitest';

import { signalVerdict, verdictFromLogFactors, VERDICT_THRESHOLDS } from '../../src/diagnostics/verdict.js';

/** Per-layer factors m_l / m_{l-1} of a second-moment sequence m_0..m_L. */
const factorsOf = (moments: (l: number) => number, depth: number): number[] =>
  Array.from({ length: depth }, (_, i) => moments(i + 1) / moments(i));

describe('thresholds', () => {
  it('are the documented ones (docs/DIAGNOSTICS.md derives each)', () => {
    expect(VERDICT_THRESHOLDS).toEqual({
      healthyChange: 10,
      limitChange: 1e6,
      noTrendChange: 1 + 1e-9,
      minLayersForTrend: 8,
      trendRatio: Math.SQRT2,
    });
  });

  it('healthy below a 10x change over the whole network, not at or above it', () => {
    // 20 layers of 10^(1/20) = 1.122: a total change of exactly 10x, nudged either way.
    const step = 10 ** (1 / 20);
    expect(signalVerdict(Array(20).fill(step * (1 - 1e-9))).verdict).toBe('healthy');
    expect(signalVerdict(Array(20).fill(step * (1 + 1e-9))).verdict).toBe('exploding');
    expect(signalVerdict(Array(20).fill(1 / (step * (1 + 1e-9)))).verdict).toBe('vanishing');
  });
});

describe('exponential change', () => {
  it('factor 0.5 over 50 layers: vanishing, mean factor 0.5, under 1e-6 at layer 20 (2^-20 = 9.5e-7), measured', () => {
    const v = signalVerdict(Array(50).fill(0.5));
    expect(v).toMatchObject({ verdict: 'vanishing', trend: 'exponential', limitDepth: 20, limitDepthMeasured: true, powerLawExponent: null });
    expect(v.meanFactor).toBeCloseTo(0.5, 15);
    expect(v.log10Change).toBeCloseTo(-50 * Math.log10(2), 12);
  });

  it('m_l = e^(-0.2 l) over 30 layers: exponential, 1e-6 extrapolated to layer ceil(ln 1e6 / 0.2) = 70', () => {
    const v = signalVerdict(factorsOf((l) => Math.exp(-0.2 * l), 30));
    expect(v).toMatchObject({ verdict: 'vanishing', trend: 'exponential', limitDepth: 70, limitDepthMeasured: false });
  });

  it('a healthy network still reports where its drift would reach 1e6: factor 1.1 over 10 layers (2.6x) -> 145', () => {
    // ceil(ln 1e6 / ln 1.1) = ceil(144.95).
    const v = signalVerdict(Array(10).fill(1.1));
    expect(v).toMatchObject({ verdict: 'healthy', trend: null, limitDepth: 145, limitDepthMeasured: false });
  });

  it('fewer than 8 layers: no trend; the limit is extrapolated from the mean factor, or measured', () => {
    // 0.2^4 = 1.6e-3: vanishing; ln 1e6 / ln 5 = 8.58 -> 9.
    expect(signalVerdict([0.2, 0.2, 0.2, 0.2])).toMatchObject({ verdict: 'vanishing', trend: null, limitDepth: 9, limitDepthMeasured: false });
    // 20^4 = 1.6e5 < 1e6 <= 20^5 = 3.2e6.
    expect(signalVerdict(Array(5).fill(20))).toMatchObject({ verdict: 'exploding', trend: null, limitDepth: 5, limitDepthMeasured: true });
  });
});

describe('power-law change', () => {
  it('m_l = (l + 1)^-2 over 100 layers: power-law with exponent ~ -2, 1e-6 near layer 1000 (not 300 as the mean factor says)', () => {
    const v = signalVerdict(factorsOf((l) => (l + 1) ** -2, 100));
    expect(v.verdict).toBe('vanishing');
    expect(v.trend).toBe('power-law');
    // d ln m / d ln l = -2 l / (l + 1): -1.98 over layers 50..100.
    expect(v.powerLawExponent).toBeGreaterThan(-2);
    expect(v.powerLawExponent).toBeLessThan(-1.97);
    // (l + 1)^-2 = 1e-6 at l = 999; along the fitted slope from layer 100: ~1013.
    expect(v.limitDepth).toBeGreaterThan(950);
    expect(v.limitDepth).toBeLessThan(1050);
    // The mean factor, (1/101^2)^(1/100) = 0.912, would extrapolate to ceil(ln 1e6 / 0.0923) = 150.
    expect(v.meanFactor).toBeCloseTo(101 ** (-2 / 100), 12);
  });

  it('linear growth m_l = 1 + l (a biased linear network): exploding, power-law, exponent ~ +1', () => {
    const v = signalVerdict(factorsOf((l) => 1 + l, 200));
    expect(v.verdict).toBe('exploding');
    expect(v.trend).toBe('power-law');
    expect(v.powerLawExponent).toBeGreaterThan(0.99);
    expect(v.powerLawExponent).toBeLessThan(1);
    // 1 + l = 1e6 at l = 999999; the fitted exponent (0.993 = d ln(1 + l) / d ln l over
    // layers 100..200) carried across 3.7 decades lands within ~6% of it.
    expect(Math.abs(v.limitDepth! / 999_999 - 1)).toBeLessThan(0.1);
  });
});

describe('the split between the kinds', () => {
  // m_l = exp(-l^p) has log-log slope -p l^p, so the late/early slope ratio is 2^p:
  // p = 0.35 gives 1.27 (< sqrt 2: power-law), p = 0.65 gives 1.57 (> sqrt 2: exponential).
  it.each([
    [0.35, 'power-law'],
    [0.65, 'exponential'],
  ])('m_l = exp(-l^%d) over 200 layers: %s', (p, trend) => {
    expect(signalVerdict(factorsOf((l) => Math.exp(-(l ** p)), 200)).trend).toBe(trend);
  });
});

describe('levelling off', () => {
  it('m_l = 0.01 + 0.99 * 0.5^l (an approach to a fixed point 100x lower): vanishing, levelling-off, no limit', () => {
    const v = signalVerdict(factorsOf((l) => 0.01 + 0.99 * 0.5 ** l, 40));
    expect(v).toMatchObject({ verdict: 'vanishing', trend: 'levelling-off', limitDepth: null, limitDepthMeasured: false });
  });
});

describe('a second moment that reaches exactly 0 (a zero-initialized layer, every unit dead)', () => {
  it('a factor of 0 (ln -Infinity) is a vanished signal: geometric mean 0, no log10 change, 1e-6 passed there, no trend', () => {
    const v = verdictFromLogFactors([Math.log(0.9), Math.log(0.9), -Infinity]);
    expect(v).toEqual({ verdict: 'vanishing', trend: null, meanFactor: 0, log10Change: null, powerLawExponent: null, limitDepth: 3, limitDepthMeasured: true });
  });

  it('the factors after the zero (0/0, or a bias restarting from nothing) are not judged', () => {
    const cut = verdictFromLogFactors([Math.log(2), -Infinity]);
    expect(verdictFromLogFactors([Math.log(2), -Infinity, NaN, Infinity, Math.log(5)])).toEqual(cut);
    // However deep the network, a cut is no trend.
    expect(verdictFromLogFactors([-Infinity, ...Array(49).fill(NaN)])).toMatchObject({ trend: null, limitDepth: 1 });
  });

  it('a signal that passed 1e-6 before it reached 0 keeps that layer as its limit depth', () => {
    expect(verdictFromLogFactors([...Array(25).fill(Math.log(0.5)), -Infinity]).limitDepth).toBe(20);
  });
});

describe('argument checks', () => {
  it.each([
    [[], RangeError, /at least one layer's factor/],
    ['0.5', TypeError, /factors must be an array/],
    [[0.5, '0.5'], TypeError, /factors\[1\] must be a finite number > 0/],
    [[0.5, 0], RangeError, /factors\[1\] must be a finite number > 0 .*got 0/],
    [[0.5, -1], RangeError, /factors\[1\]/],
    [[Infinity], RangeError, /factors\[0\] .*overflowed/],
    [[NaN], RangeError, /factors\[0\]/],
  ])('%j -> %s', (factors, type, message) => {
    expect(() => signalVerdict(factors as never)).toThrow(type);
    expect(() => signalVerdict(factors as never)).toThrow(message);
  });

  it('takes Float64Array and Float32Array', () => {
    expect(signalVerdict(new Float64Array(50).fill(0.5)).limitDepth).toBe(20);
    expect(signalVerdict(new Float32Array(50).fill(0.5)).limitDepth).toBe(20);
  });
});
