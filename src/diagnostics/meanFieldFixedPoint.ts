// The infinitely deep view of one layer repeated (Schoenholz et al. 2017):
// the fixed point q*, chi_1 there, the phase, and the depth scales over which
// the length, the correlation between two inputs and the gradients settle.
import type { Activation } from '../activations.js';
import { checkOptions } from '../validate.js';
import { chaoticCorrelation } from './correlationMap.js';
import { EDGE_LN_Q, gaussianMomentsOf, type GaussianMoments } from './gaussianMoments.js';
import { lengthMapFixedPoint, type LengthFate } from './lengthMapFixedPoint.js';
import { checkLayer, logAddExp, positiveNumber, type MeanFieldLayer } from './meanFieldInput.js';

/** |chi_1 - 1| within this counts as critical (the quadrature gives chi to ~1e-14). */
const CRITICAL_TOLERANCE = 1e-9;

/** Options of `meanFieldFixedPoint`. */
export interface MeanFieldFixedPointOptions {
  /** q_0 = E[x_0^2], where the length map starts (q_1 = sigma_w^2 q_0 + sigma_b^2); default 1. */
  inputSecondMoment?: number;
}

/** The fixed point of one layer repeated without end, and what happens near it. */
export interface MeanFieldFixedPoint {
  /** 'finite': q_l -> q* > 0; 'vanishes': q_l -> 0; 'explodes': q_l -> infinity (no fixed point above the start). */
  readonly status: 'finite' | 'vanishes' | 'explodes';
  /** q*: the fixed point, 0 when the signal vanishes, null when it explodes. */
  readonly q: number | null;
  /** chi_1 = sigma_w^2 E[phi'(sqrt(q*) z)^2]; for 'vanishes' and 'explodes' its limit as q -> 0 or infinity. */
  readonly chi: number;
  /** 'ordered' (chi_1 < 1: gradients vanish, inputs' correlations go to 1), 'chaotic' (chi_1 > 1) or 'critical'. */
  readonly phase: 'ordered' | 'critical' | 'chaotic';
  /** chi_q = dq_{l+1}/dq_l at q* (null unless 'finite'): |q_l - q*| shrinks by this per layer. */
  readonly lengthSlope: number | null;
  /** xi_q = -1 / ln chi_q, layers per e-fold of |q_l - q*|; null unless 0 < chi_q < 1. */
  readonly lengthDepthScale: number | null;
  /** c*: the correlation two inputs settle at (1 in the ordered phase); null unless 'finite' or when it cannot be told from 1. */
  readonly correlation: number | null;
  /** chi_c = sigma_w^2 E[phi'(u1) phi'(u2)] at c* (= chi_1 when c* = 1); null with correlation. */
  readonly correlationSlope: number | null;
  /** xi_c = -1 / ln chi_c, layers per e-fold of |c_l - c*|; null at the critical line, where it diverges. */
  readonly correlationDepthScale: number | null;
  /** 1 / |ln chi_1|, layers per e-fold of the gradient's second moment; null at the critical line. */
  readonly gradientDepthScale: number | null;
}

const FN = 'meanFieldFixedPoint';

/**
 * Mean-field theory of one layer (activation, sigma_w^2 = fan_in Var(W),
 * sigma_b^2) repeated without end: the fixed point q* of the length map that
 * the network approaches from q_1 = sigma_w^2 q_0 + sigma_b^2 (or that none
 * exists), chi_1 at q* (Schoenholz et al. 2017), the phase, the correlation
 * fixed point c* and the depth scales xi_q, xi_c and of the gradients.
 * @example meanFieldFixedPoint({ activation: 'tanh', weightVariance: 1.76, biasVariance: 0.05 })
 * // { status: 'finite', q: 0.5695, chi: 0.9998, phase: 'ordered', correlationDepthScale: 4912, ... }
 */
export function meanFieldFixedPoint(layer: MeanFieldLayer, options?: MeanFieldFixedPointOptions): MeanFieldFixedPoint {
  const checked = checkLayer(FN, 'layer', layer, false);
  const opts = checkOptions(FN, options, ['inputSecondMoment']);
  const lnInput = Math.log(positiveNumber(FN, 'options.inputSecondMoment', opts['inputSecondMoment'], 1));
  const momentsAt = gaussianMomentsOf(checked.named.activation);
  const lnStart = logAddExp(checked.lnWeightVariance + lnInput, checked.lnBiasVariance);
  const fate = lengthMapFixedPoint(momentsAt, checked.lnWeightVariance, checked.lnBiasVariance, lnStart);
  return analyse(checked.named.activation, momentsAt, checked.lnWeightVariance, checked.lnBiasVariance, fate);
}

/**
 * chi_1 at the fate's fixed point (or its limit at 0 or infinity).
 * @example chiAt(gaussianMomentsOf(relu), Math.log(3), { status: 'explodes' }) // 1.5
 */
export function chiAt(momentsAt: (lnQ: number) => GaussianMoments, lnWeightVariance: number, fate: LengthFate): number {
  return Math.exp(lnWeightVariance + momentsAt(fateLnQ(fate)).lnSlopeSquare);
}

/** Where the moments of a fate are taken: q*, or the edge standing for 0 or infinity. */
function fateLnQ(fate: LengthFate): number {
  return fate.status === 'finite' ? fate.lnQ : fate.status === 'explodes' ? EDGE_LN_Q : -EDGE_LN_Q;
}

function analyse(
  activation: Activation,
  momentsAt: (lnQ: number) => GaussianMoments,
  lnWeightVariance: number,
  lnBiasVariance: number,
  fate: LengthFate,
): MeanFieldFixedPoint {
  const chi = chiAt(momentsAt, lnWeightVariance, fate);
  const phase = Math.abs(chi - 1) <= CRITICAL_TOLERANCE ? 'critical' : chi < 1 ? 'ordered' : 'chaotic';
  const gradientDepthScale = phase === 'critical' ? null : 1 / Math.abs(Math.log(chi));
  const none = { lengthSlope: null, lengthDepthScale: null, correlation: null, correlationSlope: null, correlationDepthScale: null };
  if (fate.status !== 'finite') {
    return { status: fate.status, q: fate.status === 'vanishes' ? 0 : null, chi, phase, ...none, gradientDepthScale };
  }
  const m = momentsAt(fate.lnQ);
  // dM/dq at q* = sigma_w^2 E[phi^2] * elasticity / q*.
  const lengthSlope = Math.exp(lnWeightVariance + m.lnMeanSquare - fate.lnQ) * m.elasticity;
  const correlation =
    phase === 'chaotic'
      ? chaoticCorrelation(activation, Math.exp(lnWeightVariance), Math.exp(lnBiasVariance), fate.lnQ)
      : { correlation: 1, slope: chi };
  const correlationSlope = correlation?.slope ?? null;
  return {
    status: 'finite',
    q: Math.exp(fate.lnQ),
    chi,
    phase,
    lengthSlope,
    lengthDepthScale: depthScale(lengthSlope),
    correlation: correlation?.correlation ?? null,
    correlationSlope,
    correlationDepthScale: phase === 'critical' || correlationSlope === null ? null : depthScale(correlationSlope),
    gradientDepthScale,
  };
}

/** -1 / ln(slope) for a contraction 0 < slope < 1; null otherwise. */
function depthScale(slope: number): number | null {
  return slope > 0 && slope < 1 ? -1 / Math.log(slope) : null;
}
