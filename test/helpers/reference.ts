// The reference every backend is compared with: the TypeScript kernels,
// called directly below the facade with the parameters the facade derives.
import { normalParams, truncatedNormalParams, uniformParams } from '../../src/distributionParams.js';
import { jsKernels } from '../../src/js/kernels.js';
import type { Distribution } from '../../src/kernels.js';
import { position } from '../../src/stream.js';

export type FloatDistribution = Exclude<Distribution, 'bits'>;

export const defaultParams: Record<FloatDistribution, () => Float32Array> = {
  uniform: () => uniformParams('test', -0.5, 0.75),
  normal: () => normalParams('test', 0.25, 2),
  truncatedNormal: () => truncatedNormalParams('test', 0.25, 2, -1, 3.5),
};

/** The facade options that produce defaultParams. */
export const defaultOptions: Record<FloatDistribution, Record<string, number>> = {
  uniform: { low: -0.5, high: 0.75 },
  normal: { mean: 0.25, std: 2 },
  truncatedNormal: { mean: 0.25, std: 2, low: -1, high: 3.5 },
};

export function referenceFloats(d: FloatDistribution, n: number, seed: bigint, stream: bigint, offset: bigint): Float32Array {
  const out = new Float32Array(n);
  jsKernels.fill(d, out, position(seed, stream, offset), defaultParams[d](), 1);
  return out;
}

export function referenceBits(n: number, seed: bigint, stream: bigint, offset: bigint): Uint32Array {
  const out = new Uint32Array(n);
  jsKernels.fill('bits', out, position(seed, stream, offset), new Float32Array(0), 1);
  return out;
}

export function bytes(a: ArrayBufferView): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}
