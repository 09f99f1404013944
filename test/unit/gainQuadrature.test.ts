// The quadrature behind deriveGain: Gauss rules from recurrences, the
// half-range Gauss–Hermite rule, and why expectations are split at 0 and at kinks.
import { describe, expect, it } from 'vitest';

import { gaussianNodes } from '../../src/gaussianQuadrature.js';
import { gaussLegendre, gaussRule, halfRangeGaussHermite, type QuadratureRule } from '../../src/gaussRules.js';

const expectation = (rule: QuadratureRule, f: (x: number) => number): number =>
  rule.nodes.reduce((sum, x, i) => sum + rule.weights[i]! * f(x), 0);
const relError = (actual: number, expected: number): number => Math.abs(actual / expected - 1);

/** Plain Gauss–Hermite for N(0, 1): probabilists' recurrence alpha_k = 0, beta_k = k. */
const plainGaussHermite = (n: number): QuadratureRule =>
  gaussRule(new Float64Array(n), Float64Array.from({ length: n }, (_, k) => (k === 0 ? 1 : k)));

/** integral_0^inf t^k phi(t) dt = 2^(k/2) Gamma((k+1)/2) / (2 sqrt(pi)), Gamma by its recurrence. */
function halfMoment(k: number): number {
  let gamma = k % 2 === 0 ? Math.sqrt(Math.PI) : 1;
  for (let s = k % 2 === 0 ? 0.5 : 1; s < (k + 1) / 2; s++) gamma *= s;
  return (2 ** (k / 2) * gamma) / (2 * Math.sqrt(Math.PI));
}

describe('Gauss rules', () => {
  it('Gauss–Legendre with n nodes integrates x^(2k) on [-1, 1] exactly for 2k < 2n', () => {
    const rule = gaussLegendre(24);
    for (let k = 0; k < 24; k++) expect(relError(expectation(rule, (x) => x ** (2 * k)), 2 / (2 * k + 1))).toBeLessThan(1e-14);
    expect(relError(expectation(rule, Math.exp), Math.E - 1 / Math.E)).toBeLessThan(1e-15);
  });

  it('plain Gauss–Hermite reproduces E[z^(2k)] = (2k-1)!!', () => {
    const rule = plainGaussHermite(40);
    let doubleFactorial = 1;
    for (let k = 0; k < 40; k++) {
      expect(relError(expectation(rule, (x) => x ** (2 * k)), doubleFactorial)).toBeLessThan(1e-13);
      doubleFactorial *= 2 * k + 1;
    }
  });

  it('half-range Gauss–Hermite with n nodes reproduces the half-line moments of the normal density for degree < 2n', () => {
    for (const n of [20, 64]) {
      const rule = halfRangeGaussHermite(n);
      expect(rule.nodes.every((t, i) => t > 0 && rule.weights[i]! > 0)).toBe(true);
      for (let k = 0; k < 2 * n; k++) expect(relError(expectation(rule, (t) => t ** k), halfMoment(k))).toBeLessThan(1e-13);
    }
  });
});

describe('gaussianNodes: expectations split at 0 and at kinks', () => {
  it('splitting at the kink: E[relu(z)] to 1e-15, where 400 plain Gauss–Hermite nodes are still off by 1e-3', () => {
    const relu = (x: number): number => Math.max(0, x);
    const exact = 1 / Math.sqrt(2 * Math.PI);
    expect(relError(expectation(gaussianNodes([]), relu), exact)).toBeLessThan(1e-15);
    // Across the kink plain Gauss–Hermite converges only like 1/n (0.41 / n for even n).
    const errors = [100, 400].map((n) => relError(expectation(plainGaussHermite(n), relu), exact));
    expect(errors[1]).toBeGreaterThan(1e-3);
    expect(errors[0]! / errors[1]!).toBeGreaterThan(3.9);
    expect(errors[0]! / errors[1]!).toBeLessThan(4.1);
  });

  it('softsign^2, smooth but for its second derivative at 0: 1e-15 split, 1e-5 with 320 plain nodes', () => {
    // mpmath 1.3.0, dps 40, quad split at 0.
    const exact = 0.18301402126654749909;
    const softsign2 = (x: number): number => (x / (1 + Math.abs(x))) ** 2;
    expect(relError(expectation(gaussianNodes([]), softsign2), exact)).toBeLessThan(1e-14);
    expect(relError(expectation(plainGaussHermite(320), softsign2), exact)).toBeGreaterThan(1e-5);
  });

  it('even for a smooth activation two half-range rules beat one full rule (tanh\'^2: poles at +-i pi/2)', () => {
    // mpmath 1.3.0, dps 40: E[sech(z)^4].
    const exact = 0.46440290244826824197;
    const sech4 = (x: number): number => 1 / Math.cosh(x) ** 4;
    expect(gaussianNodes([]).nodes.length).toBe(128);
    expect(relError(expectation(gaussianNodes([]), sech4), exact)).toBeLessThan(1e-15);
    expect(relError(expectation(plainGaussHermite(128), sech4), exact)).toBeGreaterThan(1e-12);
  });

  // mpmath 1.3.0, dps 40: [c, E[relu(z - c)^2], E[tanh(z - c)^2]].
  it.each([
    [-2, 4.9942312732854800679, 0.81130276022675960941],
    [1, 0.075339783343770753032, 0.55040049079332717029],
    [3, 0.00020343508048692373971, 0.95144155121060789285],
    [6, 4.8445767455118283954e-11, 0.99981921840735198889],
  ])('a kink at %d: E[relu(z - c)^2] and E[tanh(z - c)^2] to 1e-14', (c, reluSquare, tanhSquare) => {
    const rule = gaussianNodes([c]);
    expect(relError(expectation(rule, (x) => Math.max(0, x - c) ** 2), reluSquare)).toBeLessThan(1e-14);
    expect(relError(expectation(rule, (x) => Math.tanh(x - c) ** 2), tanhSquare)).toBeLessThan(1e-14);
  });

  it('has total weight 1 and ignores kinks where the density underflows', () => {
    expect(Math.abs(expectation(gaussianNodes([-1, 1]), () => 1) - 1)).toBeLessThan(1e-15);
    expect(gaussianNodes([50, -40]).cuts).toEqual([0]);
  });
});
