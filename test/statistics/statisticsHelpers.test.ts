// The statistics tests are only as good as their reference values: these pin
// the helpers (erfc, Phi, truncated-normal moments, standard errors, KS) to
// values computed independently with SciPy 1.17.1 (scipy.special.erfc,
// scipy.stats.norm.cdf/.sf, scipy.stats.truncnorm.stats(a, b, moments='mvsk'))
// and cross-checked with mpmath at 40 digits (mpmath.ncdf, and mpmath.quad of
// (t - m)^k phi(t) / Z over the window), which agrees with SciPy to < 3e-14.
import { describe, expect, it } from 'vitest';

import {
  erfc, excessKurtosisOf, ksCriticalValue, ksStatistic, normalDistribution, skewnessOf,
  sortedFloat32, standardErrors, standardNormalCdf, standardNormalUpperTail, truncatedNormalDistribution,
  uniformDistribution, varianceOf,
} from './statisticsHelpers.js';

const relativeError = (x: number, ref: number): number => (ref === 0 ? Math.abs(x) : Math.abs(x - ref) / Math.abs(ref));

describe('statistics helpers', () => {
  it('erfc matches scipy.special.erfc to 1e-12 (relative)', () => {
    const scipy: [number, number][] = [
      [-1.5, 1.9661051464753108],
      [0.25, 0.7236736098317631],
      [1.0, 0.15729920705028516],
      [1.999, 0.0046984433486294865], // last point of the series branch
      [2.0, 0.004677734981047266], // first point of the continued fraction
      [3.7, 1.6715105790914599e-7],
      [10.0, 2.0884875837625446e-45],
      [26.0, 5.663192408856145e-296],
    ];
    for (const [z, ref] of scipy) expect(relativeError(erfc(z), ref), `erfc(${z})`).toBeLessThan(1e-12);
  });

  it('Phi matches scipy.stats.norm.cdf to 1e-12 (relative), far into the lower tail', () => {
    const scipy: [number, number][] = [
      [-37.5, 4.605353009581954e-308],
      [-20.0, 2.7536241186061556e-89], // mpmath: 2.7536241186062337e-89
      [-8.25, 7.919726314642476e-17],
      [-5.0, 2.866515718791933e-7],
      [-2.5, 0.006209665325776132],
      [-1.0, 0.15865525393145707],
      [-0.3, 0.3820885778110474],
      [0.0, 0.5],
      [0.7, 0.758036347776927],
      [1.9, 0.9712834401839981],
      [3.3, 0.9995165758576162],
    ];
    for (const [x, ref] of scipy) expect(relativeError(standardNormalCdf(x), ref), `Phi(${x})`).toBeLessThan(1e-12);
  });

  it('1 - Phi matches scipy.stats.norm.sf to 1e-12 (relative)', () => {
    const scipy: [number, number][] = [
      [1.0, 0.15865525393145707],
      [4.0, 3.167124183311986e-5],
      [6.5, 4.016000583859088e-11],
    ];
    for (const [x, ref] of scipy) expect(relativeError(standardNormalUpperTail(x), ref), `Q(${x})`).toBeLessThan(1e-12);
  });

  it('truncated-normal mean, variance, skewness, kurtosis match scipy.stats.truncnorm to 1e-12', () => {
    // [a, b] in standard units, then SciPy's (mean, var, skew, excess kurtosis).
    const scipy: [number, number, [number, number, number, number]][] = [
      [-2, 2, [0.0, 0.7737413035499232, 0.0, -0.6344632828703505]],
      [-0.75, 1.25, [0.17745138198386973, 0.28834196001188794, 0.14267757759208474, -1.0295793078914215]],
      [1, 4, [1.5245960921622643, 0.19767175721101282, 1.288759543970011, 1.7937178736247992]],
    ];
    for (const [a, b, [m, v, s, k]] of scipy) {
      const d = truncatedNormalDistribution(0, 1, a, b);
      const got = [d.mean, varianceOf(d), skewnessOf(d), excessKurtosisOf(d)];
      [m, v, s, k].forEach((ref, i) => {
        const err = ref === 0 ? Math.abs(got[i]!) : relativeError(got[i]!, ref);
        expect(err, `[${a}, ${b}] moment ${i + 1}: ${got[i]} vs ${ref}`).toBeLessThan(1e-12);
      });
    }
  });

  it('truncated-normal central moments up to the 8th match mpmath quadrature, and scale with std', () => {
    // mpmath (40 digits): quad((t - m)^k phi(t)/Z, [1, 4]) for k = 2..8.
    const mp = [0.19767175721101245, 0.1132632003772442, 0.18731032469222106, 0.25133139826684124,
      0.4143479087993733, 0.7139525068790414, 1.3147499173448442];
    const d = truncatedNormalDistribution(0, 1, 1, 4);
    mp.forEach((ref, i) => expect(relativeError(d.centralMoments[i + 2]!, ref), `mu_${i + 2}`).toBeLessThan(1e-10));
    // The same window in other units: mean 0.5, std 2, [-1, 3] is [-0.75, 1.25] in standard units.
    const scaled = truncatedNormalDistribution(0.5, 2, -1, 3);
    const unit = truncatedNormalDistribution(0, 1, -0.75, 1.25);
    expect(scaled.mean).toBeCloseTo(0.5 + 2 * unit.mean, 14);
    for (let k = 0; k <= 8; k++) expect(relativeError(scaled.centralMoments[k]!, 2 ** k * unit.centralMoments[k]!)).toBeLessThan(1e-13);
    // An unbounded window is the normal itself.
    const wide = truncatedNormalDistribution(0, 1, -Infinity, Infinity);
    const normal = normalDistribution(0, 1);
    for (let k = 0; k <= 8; k++) expect(wide.centralMoments[k]).toBeCloseTo(normal.centralMoments[k]!, 12);
  });

  it('the CDFs are 0 and 1 at the ends and agree with the closed forms inside', () => {
    const t = truncatedNormalDistribution(0, 1, 1, 4);
    expect(t.cdf(1)).toBe(0);
    expect(t.cdf(4)).toBe(1);
    const ref = (standardNormalCdf(2) - standardNormalCdf(1)) / (standardNormalCdf(4) - standardNormalCdf(1));
    expect(relativeError(t.cdf(2), ref)).toBeLessThan(1e-13);
    expect(uniformDistribution(-3, 2.5).cdf(0)).toBeCloseTo(3 / 5.5, 15);
    expect(normalDistribution(1.5, 0.02).cdf(1.5)).toBe(0.5);
  });

  it('standard errors reduce to the textbook normal-theory and uniform values', () => {
    const n = 1e6;
    const se = standardErrors(normalDistribution(3, 2), n);
    expect(se.mean).toBeCloseTo(2 / Math.sqrt(n), 15);
    expect(relativeError(se.variance, 4 * Math.sqrt(2 / n))).toBeLessThan(1e-14);
    expect(relativeError(se.skewness, Math.sqrt(6 / n))).toBeLessThan(1e-14);
    expect(relativeError(se.excessKurtosis, Math.sqrt(24 / n))).toBeLessThan(1e-14);
    // Uniform[0, 1): mu4 - sigma^4 = 1/80 - 1/144; skewness and kurtosis by the same delta method,
    // E[IF_skew^2] = mu6/mu2^3 - 6 mu4/mu2^2 + 9 = 15.43 - 10.8 + 9 (mu3 = 0), and
    // E[IF_kurt^2] = (mu8 - mu4^2 - 4 mu4 (mu6 - mu4 mu2)/mu2 + 4 mu4^2 (mu4 - mu2^2)/mu2^2) / mu2^4.
    const u = standardErrors(uniformDistribution(0, 1), n);
    expect(relativeError(u.variance, Math.sqrt((1 / 80 - 1 / 144) / n))).toBeLessThan(1e-14);
    const [m2, m4, m6, m8] = [1 / 12, 1 / 80, 1 / 448, 1 / 2304];
    expect(relativeError(u.skewness, Math.sqrt((m6 / m2 ** 3 - (6 * m4) / m2 ** 2 + 9) / n))).toBeLessThan(1e-13);
    const kurt = (m8 - m4 ** 2 - (4 * m4 * (m6 - m4 * m2)) / m2 + (4 * m4 ** 2 * (m4 - m2 ** 2)) / m2 ** 2) / m2 ** 4;
    expect(relativeError(u.excessKurtosis, Math.sqrt(kurt / n))).toBeLessThan(1e-13);
  });

  it('sortedFloat32 sorts like a numeric sort, signs, zeros and subnormals included', () => {
    const x = new Float32Array([3, -1, 0, -0, 1e-40, -1e-40, 2.5, -3.5e38, 3.4e38, 1, 1, -2, 0.5, -0.25]);
    const want = Float64Array.from(x).sort();
    expect(Array.from(sortedFloat32(x))).toEqual(Array.from(want));
    expect(x[0]).toBe(3); // input untouched
  });

  it('ksStatistic computes D exactly, ties included', () => {
    const cdf = (v: number): number => Math.min(1, Math.max(0, v));
    // ECDF of {0.1, 0.5, 0.5, 0.9}: the largest gap is just below 0.5 (F_n = 1/4, F = 0.5) or at 0.5 (3/4 vs 0.5).
    expect(ksStatistic([0.1, 0.5, 0.5, 0.9], cdf)).toBeCloseTo(0.25, 15);
    expect(ksStatistic([0.2, 0.4, 0.6, 0.8], cdf)).toBeCloseTo(0.2, 15);
    expect(ksStatistic([0.95], cdf)).toBeCloseTo(0.95, 15);
    // sqrt(-ln(5e-4)/2) = 1.9495...
    expect(ksCriticalValue(1e6, 1e-3)).toBeCloseTo(1.94947 / 1000, 6);
  });
});
