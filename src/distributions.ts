// The three base distributions: their options, defaults and parameter checks.
import { normalParams, truncatedNormalParams, uniformParams } from './distributionParams.js';
import type { DrawOptions } from './draw.js';
import type { DType } from './tensor.js';
import { boundNumber, finiteNumber } from './validate.js';

export interface Distribution {
  name: 'uniform' | 'normal' | 'truncatedNormal';
  /** Its own option names, besides the DrawOptions every draw takes. */
  keys: readonly string[];
  params(fn: string, o: Record<string, unknown>): Float32Array;
}

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
  /** Absolute lower bound, inclusive (default mean - 2 std), as in PyTorch's trunc_normal_. */
  low?: number;
  /** Absolute upper bound, inclusive (default mean + 2 std). */
  high?: number;
}

export const uniformSpec: Distribution = {
  name: 'uniform',
  keys: ['low', 'high'],
  params: (fn, o) => uniformParams(fn, finiteNumber(fn, 'low', o['low'], 0), finiteNumber(fn, 'high', o['high'], 1)),
};

export const normalSpec: Distribution = {
  name: 'normal',
  keys: ['mean', 'std'],
  params: (fn, o) => normalParams(fn, finiteNumber(fn, 'mean', o['mean'], 0), finiteNumber(fn, 'std', o['std'], 1)),
};

export const truncatedNormalSpec: Distribution = {
  name: 'truncatedNormal',
  keys: ['mean', 'std', 'low', 'high'],
  params: (fn, o) => {
    const mean = finiteNumber(fn, 'mean', o['mean'], 0);
    const std = finiteNumber(fn, 'std', o['std'], 1);
    const low = boundNumber(fn, 'low', o['low'], mean - 2 * std);
    const high = boundNumber(fn, 'high', o['high'], mean + 2 * std);
    return truncatedNormalParams(fn, mean, std, low, high);
  },
};
