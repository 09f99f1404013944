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
/** The search for a bracket doubles or halves sigma_w^2 at most this often from 1. */
const MAX_DOUBLINGS = 64;

/**
 * The weight variance sigma_w^2 = fan_in Var(W) that puts a deep network of
 * `activation` with bias variance sigma_b^2 on the critical line chi_1 = 1 (the
 * edge of chaos), and its gain sqrt(sigma_w^2). Exactly 2 for ReLU and 1 for
 * linear without bias; 1 for tanh without bias (where q* -> 0), rising with
 * sigma_b^2. Solved by Illinois steps on ln sigma_w^2, each evaluation a fixed-
 * point solve; chi_1 is assumed to increase with sigma_w^2 (true of the
 * built-ins). A RangeError when no sigma_w^2 in [2^-64, 2^64] brackets it.
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

  // Walk from sigma_w^2 = 1 by factors of 2 towards chi_1 = 1 until it is bracketed.
  let a = 0;
  let fa = lnChi(a);
  if (fa === 0) return result(a, fateAt(a));
  const step = fa < 0 ? Math.LN2 : -Math.LN2;
  for (let i = 1; i <= MAX_DOUBLINGS; i++) {
    const b = a + step;
    const fb = lnChi(b);
    if (fb === 0) return result(b, fateAt(b));
    if (Math.sign(fb) !== Math.sign(fa)) {
      const lnW = bracketedRoot(lnChi, a, b, fa, fb, 1e-14);
      return result(lnW, fateAt(lnW));
    }
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
