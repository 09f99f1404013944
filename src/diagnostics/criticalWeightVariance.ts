// The edge of chaos: the weight variance at which chi_1 = 1 at the fixed
// point, for a given activation and bias variance (Schoenholz et al. 2017,
// Fig. 1; Pennington et al. 2017 train tanh networks there).
import type { ActivationName } from '../gain.js';
import { checkOptions } from '../validate.js';
import { bracketedRoot } from './bracketedRoot.js';
import { gaussianMomentsOf } from './gaussianMoments.js';
import { lengthMapFixedPoint, type LengthFate } from './lengthMapFixedPoint.js';
import { activationNamed } from './activationByName.js';
import { logAddExp, nonNegativeNumber } from './meanFieldInput.js';
import { chiAt } from './meanFieldFixedPoint.js';

/** Options of `criticalWeightVariance`. */
export interface CriticalWeightVarianceOptions {
  /** leaky_relu's negative slope or elu's alpha. */
  param?: number;
  /** sigma_b^2; default 0. */
  biasVariance?: number;
}

/** The critical initialization of an activation at a bias variance. */
export interface CriticalWeightVariance {
  /** sigma_w^2 = fan_in Var(W) with chi_1 = 1 at the fixed point. */
  readonly weightVariance: number;
  /** sqrt(weightVariance): the gain to pass to a fan-in variance-scaling scheme. */
  readonly gain: number;
  /** q* there, reached from q_0 = 1; 0 when the critical point is the q -> 0 limit (tanh without bias). */
  readonly q: number | null;
}

const FN = 'criticalWeightVariance';
/**
 * A jump is told from a crossing by chi_1 at ln sigma_w^2 -+ JUMP_PROBE. Across
 * a smooth crossing ln chi_1 changes by ~1e-12 there; across the square-root
 * cusp where q* runs off to infinity (softplus: chi_1 ~ 1 - 10 sqrt(2 - sigma_w^2))
 * by ~1e-5; across the jumps of GELU, SiLU and mish by > 0.03.
 */
const JUMP_PROBE = 1e-12;
const JUMP_TOLERANCE = 1e-3;
/** The search for a bracket doubles or halves sigma_w^2 at most this often from 1. */
const MAX_DOUBLINGS = 64;

/**
 * The weight variance sigma_w^2 = fan_in Var(W) that puts a deep network of
 * `activation` with bias variance sigma_b^2 on the critical line chi_1 = 1 (the
 * edge of chaos), and its gain sqrt(sigma_w^2). Exactly 2 for ReLU and 1 for
 * linear without bias; 1 for tanh without bias (where q* -> 0), rising with
 * sigma_b^2. Solved by Illinois steps on ln sigma_w^2, each evaluation a fixed-
 * point solve from q_0 = 1; chi_1 is assumed to increase with sigma_w^2. A
 * RangeError when no sigma_w^2 in [2^-64, 2^64] brackets chi_1 = 1, or when
 * chi_1 jumps across 1 instead (GELU, SiLU and mish with little or no bias).
 * @example criticalWeightVariance('tanh', { biasVariance: 0.05 }).weightVariance // 1.7609546396067...
 */
export function criticalWeightVariance(
  activation: ActivationName | (string & {}),
  options?: CriticalWeightVarianceOptions,
): CriticalWeightVariance {
  const opts = checkOptions(FN, options, ['param', 'biasVariance']);
  const { activation: phi, key } = activationNamed(FN, { name: 'activation', param: 'options.param' }, activation, opts['param']);
  const lnBias = Math.log(nonNegativeNumber(FN, 'options.biasVariance', opts['biasVariance'], 0));
  const momentsAt = gaussianMomentsOf(phi);
  const fateAt = (lnW: number): LengthFate => lengthMapFixedPoint(momentsAt, lnW, lnBias, logAddExp(lnW, lnBias));
  const lnChi = (lnW: number): number => Math.log(chiAt(momentsAt, lnW, fateAt(lnW)));

  // chi_1 may jump across 1 instead of passing it, where the start q_1 crosses an
  // unstable fixed point (GELU, SiLU, mish: below it q -> 0 with chi_1 = sigma_w^2 / 4,
  // above it q -> infinity with chi_1 = sigma_w^2 / 2); the bracket then closes on
  // the jump, which is no critical point.
  const critical = (lnW: number): CriticalWeightVariance => {
    const below = Math.exp(lnChi(lnW - JUMP_PROBE));
    const above = Math.exp(lnChi(lnW + JUMP_PROBE));
    if (Math.abs(Math.log(above / below)) > JUMP_TOLERANCE) {
      throw new RangeError(
        `${FN}: for ${key} with bias variance ${Math.exp(lnBias)}, chi_1 jumps from ${below} to ${above} at weight variance ` +
          `${Math.exp(lnW)}, where the fixed point the length map reaches from q_0 = 1 changes abruptly; no weight variance gives chi_1 = 1`,
      );
    }
    return result(lnW, fateAt(lnW));
  };

  // Walk from sigma_w^2 = 1 by factors of 2 towards chi_1 = 1 until it is bracketed.
  let a = 0;
  let fa = lnChi(a);
  if (fa === 0) return critical(a);
  const step = fa < 0 ? Math.LN2 : -Math.LN2;
  for (let i = 1; i <= MAX_DOUBLINGS; i++) {
    const b = a + step;
    const fb = lnChi(b);
    if (fb === 0) return critical(b);
    if (Math.sign(fb) !== Math.sign(fa)) return critical(bracketedRoot(lnChi, a, b, fa, fb, 1e-14));
    a = b;
    fa = fb;
  }
  throw new RangeError(`${FN}: chi_1 stays ${fa < 0 ? 'below' : 'above'} 1 for every weight variance in [2^-64, 2^64] (${key}); no critical point`);
}

function result(lnW: number, fate: LengthFate): CriticalWeightVariance {
  return {
    weightVariance: Math.exp(lnW),
    gain: Math.exp(0.5 * lnW),
    q: fate.status === 'finite' ? Math.exp(fate.lnQ) : fate.status === 'vanishes' ? 0 : null,
  };
}
