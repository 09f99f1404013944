// The base distributions: uniform, normal and truncated normal with explicit
// parameters (torch.nn.init.uniform_/normal_/trunc_normal_, Keras
// RandomUniform/RandomNormal/TruncatedNormal, JAX uniform/normal/truncated_normal).
import type { DrawOptions } from '../draw.js';
import type { DType } from '../tensor.js';
import { boundNumber, finiteNumber } from '../validate.js';
import { distributionScheme } from './distribution.js';

export interface UniformOptions<D extends DType = 'float32'> extends DrawOptions<D> {
  /** Inclusive lower bound (default 0). */
  low?: number;
  /** Exclusive upper bound (default 1). */
  high?: number;
}

export interface NormalOptions<D extends DType = 'float32'> extends DrawOptions<D> {
  /** Mean (default 0). */
  mean?: number;
  /** Standard deviation, >= 0 (default 1). */
  std?: number;
}

export interface TruncatedNormalOptions<D extends DType = 'float32'> extends NormalOptions<D> {
  /** Absolute lower bound, inclusive, as PyTorch's trunc_normal_ `a` (default mean - 2 std). */
  low?: number;
  /** Absolute upper bound, inclusive (default mean + 2 std). */
  high?: number;
  /** Lower bound in standard deviations from the mean, as JAX's `lower` (instead of `low`). */
  lower?: number;
  /** Upper bound in standard deviations from the mean, as JAX's `upper` (instead of `high`). */
  upper?: number;
}

export const uniformScheme = distributionScheme('uniform', ['low', 'high'], ({ fn, o }) => ({
  distribution: 'uniform',
  low: finiteNumber(fn, 'low', o['low'], 0),
  high: finiteNumber(fn, 'high', o['high'], 1),
}));

export const normalScheme = distributionScheme('normal', ['mean', 'std'], ({ fn, o }) => ({
  distribution: 'normal',
  mean: finiteNumber(fn, 'mean', o['mean'], 0),
  std: finiteNumber(fn, 'std', o['std'], 1),
}));

// A bound is given absolutely (low/high) or in std units (lower/upper), not both.
function bound(fn: string, o: Record<string, unknown>, absolute: 'low' | 'high', relative: 'lower' | 'upper', mean: number, std: number, fallback: number): number {
  if (o[absolute] !== undefined && o[relative] !== undefined) {
    throw new TypeError(`${fn}: give either '${absolute}' (absolute) or '${relative}' (in std units), not both`);
  }
  if (o[relative] !== undefined) return mean + boundNumber(fn, relative, o[relative], 0) * std;
  return boundNumber(fn, absolute, o[absolute], mean + fallback * std);
}

export const truncatedNormalScheme = distributionScheme('truncatedNormal', ['mean', 'std', 'low', 'high', 'lower', 'upper'], ({ fn, o }) => {
  const mean = finiteNumber(fn, 'mean', o['mean'], 0);
  const std = finiteNumber(fn, 'std', o['std'], 1);
  const low = bound(fn, o, 'low', 'lower', mean, std, -2);
  const high = bound(fn, o, 'high', 'upper', mean, std, 2);
  return { distribution: 'truncatedNormal', mean, std, low, high };
});
