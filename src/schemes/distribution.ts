// Schemes that are one elementwise draw from a distribution whose parameters
// follow from the call (shape, options): the base distributions and the
// variance-scaling family.
import { checkHalfRange, normalParams, truncatedNormalParams, uniformParams } from '../distributionParams.js';
import { halfElement, type DType } from '../tensor.js';
import type { FloatDistribution, Scheme, SchemeCall } from './scheme.js';

/** A distribution with its parameters in double precision, as the anchors' formulas give them. */
export type DistributionSpec =
  | { distribution: 'uniform'; low: number; high: number }
  | { distribution: 'normal'; mean: number; std: number }
  | { distribution: 'truncatedNormal'; mean: number; std: number; low: number; high: number };

export type SpecFor = (c: Pick<SchemeCall, 'fn' | 'o' | 'dims'>) => DistributionSpec;

export interface DistributionScheme extends Scheme {
  spec: SpecFor;
}

/** The float32 kernel parameters of a spec, whose samples `dtype` can hold. */
export function kernelParams(fn: string, s: DistributionSpec, dtype: DType | undefined): { distribution: FloatDistribution; params: Float32Array } {
  const params =
    s.distribution === 'uniform'
      ? uniformParams(fn, s.low, s.high)
      : s.distribution === 'normal'
        ? normalParams(fn, s.mean, s.std)
        : truncatedNormalParams(fn, s.mean, s.std, s.low, s.high);
  const half = dtype === undefined ? undefined : halfElement(dtype);
  if (half !== undefined) checkHalfRange(fn, s.distribution, params, half);
  return { distribution: s.distribution, params };
}

/** A scheme that draws from `spec(call)` elementwise, straight into the output dtype. */
export function distributionScheme(name: string, keys: readonly string[], spec: SpecFor): DistributionScheme {
  return {
    name,
    keys,
    elementwise: true,
    spec,
    check: (c) => void kernelParams(c.fn, spec(c), c.o['dtype'] as DType | undefined),
    *steps(c) {
      const { distribution, params } = kernelParams(c.fn, spec(c), c.dtype);
      yield { op: 'fill', distribution, out: c.out, position: c.position, params, threads: c.threads, element: halfElement(c.dtype) };
    },
  };
}
