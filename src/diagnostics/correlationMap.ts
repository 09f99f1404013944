// The correlation map of two inputs at the length fixed point q*
// (Poole et al. 2016; Schoenholz et al. 2017):
//
//   C(c) = (sigma_w^2 E[phi(u1) phi(u2)] + sigma_b^2) / q*,
//   u1 = sqrt(q*) z1,  u2 = sqrt(q*) (c z1 + sqrt(1 - c^2) z2),
//
// and, in the chaotic phase (chi_1 > 1), its stable fixed point c* < 1 with
// chi_c = sigma_w^2 E[phi'(u1) phi'(u2)] there. (In the ordered phase c* = 1
// and chi_c = chi_1, which needs no integral.)
//
// The double integral is iterated: for each outer node z1, the inner
// expectation over z2 is E[phi(a + b z2)] with a = sqrt(q*) c z1 and
// b = sqrt(q*) sqrt(1 - c^2), split where a + b z2 crosses phi's kinks and
// octaves (shiftedGaussianNodes); the outer rule is also cut at the width b/c
// over which the inner expectation blurs a kink, so that both stay accurate
// as c -> 1 (without those cuts, SELU's E[phi'(u1) phi'(u2)] is 2e-7 off at
// c = 0.9999 and 3e-6 at 0.99999; with them, cutting 8 times finer changes
// nothing above 1e-15).
import type { Activation } from '../activations.js';
import { shiftedGaussianNodes } from './shiftedGaussianNodes.js';

/** Newton stops when a step is this small (c* is then exact to about the quadrature's 1e-14). */
const NEWTON_TOLERANCE = 1e-14;
const MAX_NEWTON_STEPS = 100;
/** Closer to 1 than this, sqrt(1 - c^2) loses too many digits for c* to be told from 1. */
const CLOSEST_TO_ONE = 1e-8;

/** E[phi(u1) phi(u2)] and E[phi'(u1) phi'(u2)] for (u1, u2) with variance q = s^2 and correlation c. */
function pairMoments(activation: Activation, s: number, c: number): { values: number; slopes: number } {
  const b = s * Math.sqrt(1 - c * c);
  // The inner expectations smooth phi's features over b / c in u1.
  const outer = shiftedGaussianNodes(activation, 0, s, b / c);
  let values = 0;
  let slopes = 0;
  for (let i = 0; i < outer.nodes.length; i++) {
    const z1 = outer.nodes[i]!;
    const a = s * c * z1;
    const inner = shiftedGaussianNodes(activation, a, b);
    let value = 0;
    let slope = 0;
    for (let j = 0; j < inner.nodes.length; j++) {
      const x = a + b * inner.nodes[j]!;
      value += inner.weights[j]! * activation.phi(x);
      slope += inner.weights[j]! * activation.derivative(x);
    }
    values += outer.weights[i]! * activation.phi(s * z1) * value;
    slopes += outer.weights[i]! * activation.derivative(s * z1) * slope;
  }
  return { values, slopes };
}

/**
 * The stable fixed point c* < 1 of the correlation map at q* = e^lnQ and chi_c
 * there, in the chaotic phase; null when c* cannot be told from 1 (chi_1 - 1
 * of order 1e-8 or less).
 * @example chaoticCorrelation(ACTIVATIONS.tanh.make(0), 2.5, 0.05, Math.log(1.06396)) // { correlation: 0.4468, slope: 0.9187 }
 */
export function chaoticCorrelation(
  activation: Activation,
  weightVariance: number,
  biasVariance: number,
  lnQ: number,
): { correlation: number; slope: number } | null {
  const q = Math.exp(lnQ);
  const s = Math.sqrt(q);
  // By Mehler's expansion C(c) = (sigma_w^2 sum_k a_k^2 c^k + sigma_b^2) / q*
  // (a_k: Hermite coefficients of phi(sqrt(q*) z)), a series with coefficients
  // >= 0: so g(c) = C(c) - c is convex on [0, 1], with g(1) = 0,
  // g'(1) = chi_1 - 1 > 0 and g(0) = C(0) >= 0. It has one root c* in [0, 1)
  // and g' < 0 left of it; and C'(c) = sigma_w^2 E[phi'(u1) phi'(u2)] = chi_c(c)
  // (Price's theorem). Newton from c = 0 therefore climbs to c* without
  // overshooting, quadratically, and ends with chi_c = C'(c*).
  let c = 0;
  for (let step = 0; step < MAX_NEWTON_STEPS; step++) {
    const { values, slopes } = pairMoments(activation, s, c);
    const gap = (weightVariance * values + biasVariance) / q - c;
    const slope = weightVariance * slopes;
    const next = c - gap / (slope - 1);
    if (!(next < 1 - CLOSEST_TO_ONE)) return null;
    if (!(next - c > NEWTON_TOLERANCE)) return { correlation: c, slope };
    c = next;
  }
  return null;
}
