// The layers the mean-field functions take, checked once at the public
// boundary and turned into logarithms: the computation runs on ln q so that
// no depth, however large, overflows.
import type { ActivationName } from '../gain.js';
import { rangeError, typeError } from '../errors.js';
import { checkOptions } from '../validate.js';
import { activationNamed, type NamedActivation } from './activationByName.js';

/** One dense layer h = W x + b of a wide network, as mean-field theory sees it. */
export interface MeanFieldLayer {
  /** A built-in activation (as deriveGain: 'relu', 'leaky_relu', 'tanh', 'selu', 'gelu', ...). */
  activation: ActivationName | (string & {});
  /** leaky_relu's negative slope (default 0.01) or elu's alpha (default 1). */
  param?: number;
  /** sigma_w^2 = fan_in * Var(W): 2 for He, 1 for LeCun; 0 for all-zero weights (the map is then q -> sigma_b^2). */
  weightVariance: number;
  /** sigma_b^2 = Var(b); default 0 (no bias). */
  biasVariance?: number;
}

/** A layer of a finite network: also how strongly it scales gradients on the way back. */
export interface MeanFieldNetworkLayer extends MeanFieldLayer {
  /**
   * fan_out * Var(W), the factor the backward pass sees; default weightVariance
   * (a square layer). For W of shape [out, in] with Var(W) = v it is out * v.
   */
  backwardWeightVariance?: number;
}

/** A checked layer, its variances as natural logarithms (ln 0 = -Infinity). */
export interface CheckedLayer {
  readonly named: NamedActivation;
  readonly lnWeightVariance: number;
  readonly lnBiasVariance: number;
  readonly lnBackwardWeightVariance: number;
}

/** A finite number > 0, or `fallback` when undefined. @example positiveNumber('f', 'options.q', undefined, 1) // 1 */
export function positiveNumber(fn: string, name: string, value: unknown, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number') throw typeError(fn, name, 'a finite number > 0', value);
  if (!(Number.isFinite(value) && value > 0)) throw rangeError(fn, name, 'a finite number > 0', value);
  return value;
}

/** A finite number >= 0, or `fallback` when undefined. @example nonNegativeNumber('f', 'bias', 0, 0) // 0 */
export function nonNegativeNumber(fn: string, name: string, value: unknown, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number') throw typeError(fn, name, 'a finite number >= 0', value);
  if (!(Number.isFinite(value) && value >= 0)) throw rangeError(fn, name, 'a finite number >= 0', value);
  return value;
}

/**
 * Checks one layer; `network` allows backwardWeightVariance (a finite network's layer).
 * @example checkLayer('f', 'layers[0]', { activation: 'relu', weightVariance: 2 }, true).lnWeightVariance // ln 2
 */
export function checkLayer(fn: string, where: string, value: unknown, network: boolean): CheckedLayer {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw typeError(fn, where, '{ activation, param?, weightVariance, biasVariance? }', value);
  }
  const keys = ['activation', 'param', 'weightVariance', 'biasVariance', ...(network ? ['backwardWeightVariance'] : [])];
  const o = checkOptions(`${fn} ${where}`, value, keys);
  // A variance of 0 is a zero-initialized layer, a point of the map like any other: its
  // logarithm, -Infinity, flows through (q = 0 exactly has its own moments, gaussianMoments.ts).
  const weightVariance = nonNegativeNumber(fn, `${where}.weightVariance`, o['weightVariance']);
  const backward = nonNegativeNumber(fn, `${where}.backwardWeightVariance`, o['backwardWeightVariance'], weightVariance);
  return {
    named: activationNamed(fn, { name: `${where}.activation`, param: `${where}.param` }, o['activation'], o['param']),
    lnWeightVariance: Math.log(weightVariance),
    lnBiasVariance: Math.log(nonNegativeNumber(fn, `${where}.biasVariance`, o['biasVariance'], 0)),
    lnBackwardWeightVariance: Math.log(backward),
  };
}

/** ln(e^a + e^b) without overflow; either may be -Infinity. @example logAddExp(1000, 1000) // 1000 + ln 2 */
export function logAddExp(a: number, b: number): number {
  if (b === -Infinity) return a;
  if (a === -Infinity) return b;
  const high = Math.max(a, b);
  return high + Math.log1p(Math.exp(Math.min(a, b) - high));
}
