// The fixed point q* = sigma_w^2 E[phi(sqrt(q*) z)^2] + sigma_b^2 that the
// length map approaches from a given start, solved in u = ln q.
//
// The map is increasing in q for the built-in activations, so its iterates
// move monotonically towards the nearest root of gap(u) = ln M(e^u) - u in the
// direction gap points to, and never jump over it. The search walks that way
// in steps of at most e^4 in q until the gap changes sign, then brackets the
// root: a few dozen quadratures instead of the thousands of iterations an
// approach like tanh's q_l ~ 1/(2l) would need.
import { bracketedRoot } from './bracketedRoot.js';
import { EDGE_LN_Q, type GaussianMoments } from './gaussianMoments.js';
import { logAddExp } from './meanFieldInput.js';

/** |gap| below this at the start: the start is already a fixed point (e.g. ReLU with sigma_w^2 = 2, where every q is). */
const MARGINAL_GAP = 1e-12;
const FIRST_STEP = 0.25;
const LONGEST_STEP = 4;

/** Where the length map goes: to a finite q*, to 0, or to infinity (no fixed point above the start). */
export type LengthFate = { readonly status: 'finite'; readonly lnQ: number } | { readonly status: 'vanishes' | 'explodes' };

/**
 * The fixed point the length map q -> sigma_w^2 E[phi(sqrt(q) z)^2] + sigma_b^2
 * reaches from q = e^lnStart. Fixed points beyond e^+-100 = 1e+-43 (EDGE_LN_Q)
 * count as 0 or infinity: there the map is a pure power law, whose root would
 * be an artefact of rounding (or of a weight variance beyond 1e40).
 * @example lengthMapFixedPoint(gaussianMomentsOf(relu), Math.log(1.5), Math.log(0.1), 0) // { status: 'finite', lnQ: ln 0.4 }
 */
export function lengthMapFixedPoint(
  momentsAt: (lnQ: number) => GaussianMoments,
  lnWeightVariance: number,
  lnBiasVariance: number,
  lnStart: number,
): LengthFate {
  // q_1 = 0 exactly takes zero weights and no bias, and that map sends every q to 0.
  if (lnStart === -Infinity) return { status: 'vanishes' };
  const gap = (u: number): number => logAddExp(lnWeightVariance + momentsAt(u).lnMeanSquare, lnBiasVariance) - u;
  let u = lnStart;
  let g = gap(u);
  if (Math.abs(g) <= MARGINAL_GAP) return { status: 'finite', lnQ: u };
  const direction = Math.sign(g);
  for (let step = FIRST_STEP; direction * u < EDGE_LN_Q; step = Math.min(2 * step, LONGEST_STEP)) {
    const next = direction * Math.min(direction * (u + direction * step), EDGE_LN_Q);
    const gNext = gap(next);
    if (gNext === 0) return { status: 'finite', lnQ: next };
    if (Math.sign(gNext) !== direction) {
      return { status: 'finite', lnQ: bracketedRoot(gap, u, next, g, gNext, 1e-14 * Math.max(1, Math.abs(u))) };
    }
    u = next;
    g = gNext;
  }
  return { status: direction > 0 ? 'explodes' : 'vanishes' };
}
