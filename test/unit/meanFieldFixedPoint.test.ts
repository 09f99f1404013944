// meanFieldFixedPoint() and criticalWeightVariance(): the fixed point q*,
// chi_1, the phase, the correlation fixed point and the depth scales of
// Schoenholz et al. (2017), against closed forms, mpmath and SciPy.
import { describe, expect, it } from 'vitest';

import { criticalWeightVariance } from '../../src/diagnostics/criticalWeightVariance.js';
import { meanFieldFixedPoint } from '../../src/diagnostics/meanFieldFixedPoint.js';

const relError = (actual: number, expected: number): number => Math.abs(actual / expected - 1);

describe('ReLU: closed forms (q -> sigma_w^2 q / 2 + sigma_b^2, chi = sigma_w^2 / 2)', () => {
  it('sigma_w^2 = 1.5, sigma_b^2 = 0.1: q* = 0.1 / (1 - 0.75) = 0.4, chi = chi_q = 0.75, ordered', () => {
    const f = meanFieldFixedPoint({ activation: 'relu', weightVariance: 1.5, biasVariance: 0.1 });
    expect(f.status).toBe('finite');
    expect(relError(f.q!, 0.4)).toBeLessThan(1e-13);
    expect(relError(f.chi, 0.75)).toBeLessThan(1e-14);
    expect(f.phase).toBe('ordered');
    expect(relError(f.lengthSlope!, 0.75)).toBeLessThan(1e-13);
    // xi_q = xi_c = xi_grad = -1 / ln 0.75 = 3.4760594967822085.
    expect(relError(f.lengthDepthScale!, -1 / Math.log(0.75))).toBeLessThan(1e-12);
    expect(f.correlation).toBe(1);
    expect(relError(f.correlationDepthScale!, -1 / Math.log(0.75))).toBeLessThan(1e-13);
    expect(relError(f.gradientDepthScale!, -1 / Math.log(0.75))).toBeLessThan(1e-13);
  });

  it('He (sigma_w^2 = 2, no bias): every q is fixed, so q* = q_1 = 2; critical, depth scales diverge (null)', () => {
    const f = meanFieldFixedPoint({ activation: 'relu', weightVariance: 2 });
    expect(f.status).toBe('finite');
    expect(relError(f.q!, 2)).toBeLessThan(1e-14);
    expect(f.phase).toBe('critical');
    expect(f.correlationDepthScale).toBeNull();
    expect(f.gradientDepthScale).toBeNull();
  });

  it('sigma_w^2 = 1 vanishes (q* = 0, chi = 1/2); sigma_w^2 = 3 explodes (no q*, chi = 3/2)', () => {
    const low = meanFieldFixedPoint({ activation: 'relu', weightVariance: 1 });
    expect([low.status, low.q, low.phase]).toEqual(['vanishes', 0, 'ordered']);
    expect(relError(low.chi, 0.5)).toBeLessThan(1e-14);
    expect(relError(low.gradientDepthScale!, 1 / Math.LN2)).toBeLessThan(1e-13);
    const high = meanFieldFixedPoint({ activation: 'relu', weightVariance: 3 });
    expect([high.status, high.q, high.phase, high.correlation]).toEqual(['explodes', null, 'chaotic', null]);
    expect(relError(high.chi, 1.5)).toBeLessThan(1e-14);
  });
});

describe('zero weights (sigma_w^2 = 0): the map is q -> sigma_b^2', () => {
  it('without bias q = 0 from the first layer on: vanishes, chi = 0, ordered; the gradient is gone in no layers at all', () => {
    const f = meanFieldFixedPoint({ activation: 'tanh', weightVariance: 0 });
    expect(f).toMatchObject({ status: 'vanishes', q: 0, chi: 0, phase: 'ordered', gradientDepthScale: 0 });
    // sigmoid(0) = 1/2 makes no q: the weights that would carry it are 0.
    expect(meanFieldFixedPoint({ activation: 'sigmoid', weightVariance: 0 })).toMatchObject({ status: 'vanishes', q: 0, chi: 0 });
  });

  it('with sigma_b^2 = 0.3: q* = 0.3 at once (the length map\'s slope is 0), chi = 0, and c* = 1', () => {
    const f = meanFieldFixedPoint({ activation: 'relu', weightVariance: 0, biasVariance: 0.3 });
    expect(f.status).toBe('finite');
    expect(relError(f.q!, 0.3)).toBeLessThan(1e-15);
    expect(f).toMatchObject({ chi: 0, phase: 'ordered', lengthSlope: 0, correlation: 1, correlationSlope: 0 });
  });
});

describe('tanh against mpmath', () => {
  // mpmath 1.3.0, mp.dps = 30: q* by mp.findroot of sigma_w^2 E[tanh(sqrt(q) z)^2] + sigma_b^2 - q
  // (mp.quad split at z = 0, +-1/sqrt(q), ..., +-8/sqrt(q)); chi = sigma_w^2 E[sech^4];
  // chi_q = sigma_w^2 E[sech^4 - 2 tanh^2 sech^2] (= sigma_w^2 E[phi'^2 + phi phi'']).
  it('sigma_w^2 = 1.76, sigma_b^2 = 0.05: q* = 0.56946, chi within 0.01 of 1 (0.99980), ordered, xi_c = 4912', () => {
    const f = meanFieldFixedPoint({ activation: 'tanh', weightVariance: 1.76, biasVariance: 0.05 });
    expect(relError(f.q!, 0.56946283985177632754)).toBeLessThan(1e-13);
    expect(relError(f.chi, 0.99979642420373521693)).toBeLessThan(1e-14);
    expect(Math.abs(f.chi - 1)).toBeLessThan(0.01);
    expect(f.phase).toBe('ordered');
    expect(relError(f.lengthSlope!, 0.51831495231475830588)).toBeLessThan(1e-13);
    expect(relError(f.lengthDepthScale!, 1.5216711719171257489)).toBeLessThan(1e-12);
    // xi_c = -1 / ln chi: ln chi = -2e-4 amplifies chi's rounding 5000-fold.
    expect(relError(f.correlationDepthScale!, 4911.6752924173535935)).toBeLessThan(1e-10);
  });

  it('sigma_w^2 = 2.5, sigma_b^2 = 0.05 is chaotic: c* = 0.4468, chi_c = 0.9187 (SciPy, nested quad)', () => {
    const f = meanFieldFixedPoint({ activation: 'tanh', weightVariance: 2.5, biasVariance: 0.05 });
    expect(relError(f.q!, 1.0639583774168115914)).toBeLessThan(1e-13);
    expect(relError(f.chi, 1.133515698704271671)).toBeLessThan(1e-14);
    expect(relError(f.lengthSlope!, 0.42846385094643819573)).toBeLessThan(1e-13);
    expect(f.phase).toBe('chaotic');
    // SciPy 1.17.1: brentq on C(c) - c, C by nested integrate.quad (epsrel 1e-13, split at the inner x = 0).
    expect(Math.abs(f.correlation! - 0.44680423234426947)).toBeLessThan(1e-12);
    expect(relError(f.correlationSlope!, 0.9187167749137737)).toBeLessThan(1e-12);
    expect(relError(f.correlationDepthScale!, -1 / Math.log(0.9187167749137737))).toBeLessThan(1e-10);
  });

  it('sigma_w^2 = 1.2, no bias: small q* = 0.10708, chaotic, c* = 0 (odd phi), chi_c = sigma_w^2 E[tanh\'(sqrt(q*) z)]^2', () => {
    const f = meanFieldFixedPoint({ activation: 'tanh', weightVariance: 1.2 });
    expect(relError(f.q!, 0.10707874797984705093)).toBeLessThan(1e-13);
    expect(relError(f.chi, 1.0093777959156476109)).toBeLessThan(1e-14);
    expect(Math.abs(f.correlation!)).toBeLessThan(1e-14);
    expect(relError(f.correlationSlope!, 0.99539738593108223055)).toBeLessThan(1e-13);
  });

  it('sigma_w^2 = 0.5, no bias: q -> 0, where chi -> sigma_w^2 tanh\'(0)^2 = 0.5', () => {
    const f = meanFieldFixedPoint({ activation: 'tanh', weightVariance: 0.5 });
    expect([f.status, f.q, f.phase]).toEqual(['vanishes', 0, 'ordered']);
    expect(relError(f.chi, 0.5)).toBeLessThan(1e-14);
  });

  it('the fixed point does not depend on where the map starts', () => {
    for (const inputSecondMoment of [1e-6, 0.01, 1, 100, 1e6]) {
      const f = meanFieldFixedPoint({ activation: 'tanh', weightVariance: 1.76, biasVariance: 0.05 }, { inputSecondMoment });
      expect(relError(f.q!, 0.56946283985177632754)).toBeLessThan(1e-13);
    }
  });
});

describe('SELU (Klambauer et al. 2017)', () => {
  it('LeCun (sigma_w^2 = 1): q* = 1; chi = E[selu\'(z)^2] = 1.0716, chaotic; c* = 0, chi_c = E[selu\'(z)]^2', () => {
    const f = meanFieldFixedPoint({ activation: 'selu', weightVariance: 1 });
    expect(Math.abs(f.q! - 1)).toBeLessThan(1e-14);
    expect(relError(f.chi, 1.0715749924557992576)).toBeLessThan(1e-14);
    expect(f.phase).toBe('chaotic');
    // E[selu'(z)] = lambda (1/2 + alpha e^(1/2) Phi(-1)) = 0.98523111618579640707 (mpmath), squared:
    expect(Math.abs(f.correlation!)).toBeLessThan(1e-14);
    expect(relError(f.correlationSlope!, 0.97068035230071025901)).toBeLessThan(1e-13);
    // The length map's slope at q* = 1 is E[z selu selu'] (mpmath, 30 digits).
    expect(relError(f.lengthSlope!, 0.78264788319681285)).toBeLessThan(1e-13);
  });

  it('sigma_w^2 = 1, sigma_b^2 = 0.1: c* = 0.989686, close to 1, through the kink (mpmath)', () => {
    const f = meanFieldFixedPoint({ activation: 'selu', weightVariance: 1, biasVariance: 0.1 });
    // SciPy 1.17.1, brentq + integrate.quad: q* = 1.4045833850012024, chi = 1.0078514529355398.
    expect(relError(f.q!, 1.4045833850012024)).toBeLessThan(1e-13);
    expect(relError(f.chi, 1.0078514529355398)).toBeLessThan(1e-13);
    // mpmath 1.3.0 (mp.dps = 20), with the pair rotated to u = sqrt(q) (a x +- b y),
    // a = sqrt((1 + c)/2), b = sqrt((1 - c)/2), and the inner integral split at both
    // kinks y = +-a x / b: at c = 0.9896857113186008, C(c) - c = -3.7e-16, so with
    // C'(c) - 1 = chi_c - 1 = -0.004 the root is within 1e-13 of it; chi_c there is
    // 0.9959811377942901118. (SciPy's nested quad in the unrotated coordinates gives
    // c* = 0.98944: at c = 0.98944 its C(c) is 1.4e-6 low, while mpmath agrees with
    // weightinit's value there to 1e-16.)
    expect(Math.abs(f.correlation! - 0.9896857113186008)).toBeLessThan(1e-12);
    expect(relError(f.correlationSlope!, 0.9959811377942901118)).toBeLessThan(1e-13);
  });
});

describe('criticalWeightVariance: the sigma_w^2 with chi_1 = 1 at q*', () => {
  it('tanh, sigma_b^2 = 0.05: 1.76095, the often-quoted ~1.76 (mpmath findroot of chi(q*(sigma_w^2)) = 1)', () => {
    const c = criticalWeightVariance('tanh', { biasVariance: 0.05 });
    expect(relError(c.weightVariance, 1.7609546396067391316)).toBeLessThan(1e-12);
    expect(relError(c.gain, 1.3270096607058816479)).toBeLessThan(1e-12);
    expect(relError(c.q!, 0.57004788164076414999)).toBeLessThan(1e-11);
    expect(Math.abs(c.weightVariance - 1.76)).toBeLessThan(0.01);
    expect(Math.abs(meanFieldFixedPoint({ activation: 'tanh', weightVariance: c.weightVariance, biasVariance: 0.05 }).chi - 1)).toBeLessThan(1e-12);
  });

  it.each([
    ['relu', {}, 2], // chi = sigma_w^2 / 2 at every q
    ['linear', {}, 1],
    ['leaky_relu', { param: 0.2 }, 2 / 1.04], // chi = sigma_w^2 (1 + a^2) / 2
    ['tanh', {}, 1], // Poole et al. 2016: without bias the transition is at sigma_w = 1 (q* -> 0)
  ] as const)('%s %j: %d', (activation, options, expected) => {
    const c = criticalWeightVariance(activation, options);
    expect(relError(c.weightVariance, expected)).toBeLessThan(1e-12);
    expect(relError(c.gain, Math.sqrt(expected))).toBeLessThan(1e-12);
  });

  it('SiLU without bias has none: its non-zero fixed point is unstable, so chi_1 jumps from sigma_w^2/4 to ~sigma_w^2/2', () => {
    // E[silu(sqrt(q) z)^2] / q rises from 1/4 to 1/2 (mpmath moments in meanFieldMoments.test.ts):
    // q_1 = sigma_w^2 sits on the unstable fixed point at sigma_w^2 = 2.4297.
    expect(() => criticalWeightVariance('silu')).toThrow(/silu with bias variance 0, chi_1 jumps from 0\.607\d* to 1\.\d+ at weight variance 2\.4297/);
  });

  it('softplus: 2, approached as q* -> infinity (a square-root cusp in chi_1, not a jump)', () => {
    const c = criticalWeightVariance('softplus', { biasVariance: 0.05 });
    expect(relError(c.weightVariance, 2)).toBeLessThan(1e-12);
  });

  it('rises with the bias variance along the critical line', () => {
    const line = [0.01, 0.05, 0.2].map((biasVariance) => criticalWeightVariance('tanh', { biasVariance }).weightVariance);
    expect(line[0]).toBeLessThan(line[1]!);
    expect(line[1]).toBeLessThan(line[2]!);
  });

  it('checks its arguments', () => {
    expect(() => criticalWeightVariance('tanhh')).toThrow(/criticalWeightVariance: activation must be one of/);
    expect(() => criticalWeightVariance('relu', { param: 0.1 })).toThrow(/options\.param applies only to leaky_relu and elu/);
    expect(() => criticalWeightVariance('tanh', { biasVariance: -0.1 })).toThrow(/options\.biasVariance must be a finite number >= 0/);
    expect(() => criticalWeightVariance('tanh', { bias: 0.1 } as never)).toThrow(/unknown option 'bias'/);
  });
});

describe('meanFieldFixedPoint argument checks', () => {
  it('refuses backwardWeightVariance (an infinite stack of square layers has none) and a bad start', () => {
    expect(() => meanFieldFixedPoint({ activation: 'relu', weightVariance: 2, backwardWeightVariance: 1 } as never)).toThrow(
      /unknown option 'backwardWeightVariance'/,
    );
    expect(() => meanFieldFixedPoint({ activation: 'relu', weightVariance: 2 }, { inputSecondMoment: -1 })).toThrow(RangeError);
  });
});
