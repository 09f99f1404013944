// Quadrature nodes for E[f(a + b z)], z ~ N(0, 1), where f is an activation
// (or a product of it and its derivative) at any scale b, however large.
//
// Why more cuts than deriveGain needs: there the input has unit variance and
// the activation's features (tanh bending over near |x| ~ 1) are spread over
// many nodes. At b = 100, tanh(b z) turns from -1 to 1 within |z| < 0.02, and
// an unsplit half-range rule gets E[tanh'(b z)^2] 10% wrong (at b = 1000, nearly 1e4-fold).
// So besides the kinks, the line is cut where a + b z crosses 0, the kinks,
// and +-1, +-2, +-4, ... from them: each Gauss–Legendre panel then spans an
// octave of x, on which every built-in activation is smooth on the panel's
// own scale (their complex singularities lie at distance >= pi/2 from the
// real axis, or, for softsign, at -1, an octave away). Measured in
// test/unit/meanFieldMoments.test.ts: the moments of ten activations for
// 1e-6 <= q <= 1e8 agree with mpmath to 3e-15.
import type { Activation } from '../activations.js';
import { gaussianNodes, type GaussianNodes } from '../gaussianQuadrature.js';

/**
 * Octaves double up to 32 from a feature, where every built-in activation but
 * softsign equals its asymptote to 1e-13. Softsign's 1/x tail needs cuts
 * further out; there they grow 8-fold (a 24-node panel over [x, 8x] is still
 * exact to ~1e-16 for a pole at -1) up to 2^41, past which 1/x < 5e-13.
 */
const DOUBLING_UP_TO = 32;
const WIDEST_OCTAVE = 2 ** 41;
/** Cuts beyond |z| = 8 (density below 1e-14 of its peak) would only add panels. */
const CUT_REACH = 8;

/**
 * Nodes and weights with E[f(a + b z)] ~ sum w_i f(a + b x_i), for b > 0,
 * where f is built from the activation and may also be smoothed: its features
 * (0 and the kinks) are then blurred over a width `finest` < 1 of x, and the
 * octaves around them start there. An octave is cut off only while it is
 * narrower than 1 in z: wider ones are smooth on the scale of the panels and
 * tails already.
 * @example shiftedGaussianNodes(ACTIVATIONS.tanh.make(0), 0, 100) // cut at z = 0, +-0.01, +-0.02, ..., +-0.32
 */
export function shiftedGaussianNodes(activation: Activation, a: number, b: number, finest = 1): GaussianNodes {
  const cuts = activation.kinks.map((k) => (k - a) / b);
  const near = (x: number): void => {
    const z = (x - a) / b;
    if (Math.abs(z) <= CUT_REACH) cuts.push(z);
  };
  for (const feature of [0, ...activation.kinks]) {
    near(feature);
    for (let width = Math.min(finest, 1); width <= WIDEST_OCTAVE && width <= b; width *= width < DOUBLING_UP_TO ? 2 : 8) {
      near(feature + width);
      near(feature - width);
    }
  }
  return gaussianNodes(cuts);
}
