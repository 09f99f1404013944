// The Gaussian moments of an activation that the mean-field maps need, at a
// pre-activation second moment q given as ln q, so that every depth stays
// finite: q = 1e-2000 and q = 1e2000 are ordinary inputs here.
//
// Inside e^-100 <= q <= e^100 (1e+-43) the moments are quadrature at the
// actual scale. Outside, they are continued as the power law they have become:
// E[phi(sqrt(q) z)^2] grows like q^elasticity, measured at the edge (1 for
// ReLU-like activations and, at small q, for those with phi(0) = 0; 0 for
// bounded ones), and E[phi'^2] and the normalized mean are held at their edge
// values. For the built-in activations this is exact to ~1e-20 relative: at
// sqrt(q) = e^50 = 5e21 all but ~1e-20 of the Gaussian mass sits where the
// activation equals its asymptote (softsign, the slowest, to 1/x ~ 1e-21),
// and at sqrt(q) = e^-50 the activation equals its linearization at 0 to
// O(sqrt(q)). Keeping the quadrature range this narrow makes the fixed-point
// searches, which walk to the edges when q vanishes or explodes, cheap.
//
// q = 0 exactly (ln q = -Infinity: zero weights and no bias) is no limit but a
// point: h is 0, so the moments are phi(0)^2 and phi'(0)^2, with phi'(0) as the
// network computes it (0 for ReLU, as torch). The power law would get phi(0) != 0
// wrong there (sigmoid's E[phi^2] is 1/4 at q = 0, not 0).
import type { Activation } from '../activations.js';
import { shiftedGaussianNodes } from './shiftedGaussianNodes.js';

/** ln q beyond which the moments are continued as power laws (q = e^100 ~ 2.7e43). */
export const EDGE_LN_Q = 100;

/** Moments of phi(h), h ~ N(0, q). */
export interface GaussianMoments {
  /** ln E[phi(h)^2]. */
  readonly lnMeanSquare: number;
  /** ln E[phi'(h)^2]. */
  readonly lnSlopeSquare: number;
  /** E[phi(h)] / sqrt(E[phi(h)^2]), in [-1, 1]. */
  readonly normalizedMean: number;
  /** d ln E[phi(h)^2] / d ln q = sqrt(q) E[z phi phi'] / E[phi^2] (Gaussian integration by parts). */
  readonly elasticity: number;
}

/**
 * The moments of one activation as a function of ln q, with the edges computed once.
 * @example gaussianMomentsOf(ACTIVATIONS.relu.make(0))(Math.log(8)).lnMeanSquare // ln 4: E[relu(h)^2] = q/2
 */
export function gaussianMomentsOf(activation: Activation): (lnQ: number) => GaussianMoments {
  let upper: GaussianMoments | undefined;
  let lower: GaussianMoments | undefined;
  return (lnQ) => {
    if (lnQ > EDGE_LN_Q) {
      upper ??= direct(activation, EDGE_LN_Q);
      return continued(upper, lnQ - EDGE_LN_Q);
    }
    if (lnQ < -EDGE_LN_Q) {
      lower ??= direct(activation, -EDGE_LN_Q);
      return lnQ === -Infinity ? atZero(activation, lower) : continued(lower, lnQ + EDGE_LN_Q);
    }
    return direct(activation, lnQ);
  };
}

// E[phi] / sqrt(E[phi^2]) = sign phi(0), taken as 0 when that is 0/0 (the mean
// is 0). The elasticity is its limit as q -> 0: 0 when phi(0) != 0 (E[phi^2] - phi(0)^2
// grows like q), else the lower edge's (1 for the built-ins).
function atZero(activation: Activation, lower: GaussianMoments): GaussianMoments {
  const phi0 = activation.phi(0);
  return {
    lnMeanSquare: 2 * Math.log(Math.abs(phi0)),
    lnSlopeSquare: 2 * Math.log(Math.abs(activation.derivative(0))),
    normalizedMean: phi0 === 0 ? 0 : Math.sign(phi0),
    elasticity: phi0 === 0 ? lower.elasticity : 0,
  };
}

function continued(edge: GaussianMoments, beyond: number): GaussianMoments {
  return { ...edge, lnMeanSquare: edge.lnMeanSquare + edge.elasticity * beyond };
}

function direct(activation: Activation, lnQ: number): GaussianMoments {
  const s = Math.exp(0.5 * lnQ);
  const { nodes, weights } = shiftedGaussianNodes(activation, 0, s);
  let mean = 0;
  let meanSquare = 0;
  let slopeSquare = 0;
  let cross = 0;
  for (let i = 0; i < nodes.length; i++) {
    const z = nodes[i]!;
    const w = weights[i]!;
    const y = activation.phi(s * z);
    const d = activation.derivative(s * z);
    mean += w * y;
    meanSquare += w * y * y;
    slopeSquare += w * d * d;
    cross += w * z * y * d;
  }
  return {
    lnMeanSquare: Math.log(meanSquare),
    lnSlopeSquare: Math.log(slopeSquare),
    normalizedMean: mean / Math.sqrt(meanSquare),
    elasticity: (cross / meanSquare) * s,
  };
}
