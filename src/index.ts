/**
 * weightinit: reproducible, fast weight-tensor draws. Every function here has
 * a Promise twin in `weightinit/promises`.
 */
import { drawBits, drawTensor, type BitsOptions } from './draw.js';
import {
  normalSpec, truncatedNormalSpec, uniformSpec,
  type NormalOptions, type TruncatedNormalOptions, type UniformOptions,
} from './distributions.js';
import type { DType, Shape, Tensor } from './tensor.js';

export { backend } from './backend.js';
export type * from './publicTypes.js';

/**
 * Uniform samples on [low, high).
 * @example uniform([784, 256], { low: -0.05, high: 0.05, seed: 1 })
 */
export function uniform<D extends DType = 'float32'>(shape: Shape, options?: UniformOptions<D>): Tensor<D> {
  return drawTensor(uniformSpec, shape, options) as Tensor<D>;
}

/**
 * Normal samples with the given mean and standard deviation.
 * @example normal([4096, 4096], { std: 0.02, seed: 7 })
 */
export function normal<D extends DType = 'float32'>(shape: Shape, options?: NormalOptions<D>): Tensor<D> {
  return drawTensor(normalSpec, shape, options) as Tensor<D>;
}

/**
 * Normal samples conditioned on [low, high] (absolute bounds, as in PyTorch's
 * trunc_normal_); every sample lies inside.
 * @example truncatedNormal([512, 512], { std: 0.02, seed: 3 }) // within +-0.04
 */
export function truncatedNormal<D extends DType = 'float32'>(shape: Shape, options?: TruncatedNormalOptions<D>): Tensor<D> {
  return drawTensor(truncatedNormalSpec, shape, options) as Tensor<D>;
}

/**
 * The raw Philox4x32-10 stream: out[i] = word (offset + i) of (seed, stream).
 * @example randomBits(new Uint32Array(8), { seed: 42n })
 */
export function randomBits(out: Uint32Array, options: BitsOptions): Uint32Array {
  return drawBits(out, options);
}
