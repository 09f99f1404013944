/**
 * The Promise forms of weightinit's draws: the work runs off the event loop
 * (native: on a libuv worker and the thread pool; js: in slices between
 * event-loop turns).
 */
import { drawBitsAsync, drawTensorAsync, type BitsOptions } from './draw.js';
import {
  normalSpec, truncatedNormalSpec, uniformSpec,
  type NormalOptions, type TruncatedNormalOptions, type UniformOptions,
} from './distributions.js';
import type { DType, Shape, Tensor } from './tensor.js';

export { backend } from './backend.js';
export type * from './publicTypes.js';

/** Promise form of `uniform`. */
export function uniform<D extends DType = 'float32'>(shape: Shape, options?: UniformOptions<D>): Promise<Tensor<D>> {
  return drawTensorAsync(uniformSpec, shape, options) as Promise<Tensor<D>>;
}

/** Promise form of `normal`. */
export function normal<D extends DType = 'float32'>(shape: Shape, options?: NormalOptions<D>): Promise<Tensor<D>> {
  return drawTensorAsync(normalSpec, shape, options) as Promise<Tensor<D>>;
}

/** Promise form of `truncatedNormal`. */
export function truncatedNormal<D extends DType = 'float32'>(shape: Shape, options?: TruncatedNormalOptions<D>): Promise<Tensor<D>> {
  return drawTensorAsync(truncatedNormalSpec, shape, options) as Promise<Tensor<D>>;
}

/** Promise form of `randomBits`. */
export function randomBits(out: Uint32Array, options: BitsOptions): Promise<Uint32Array> {
  return drawBitsAsync(out, options);
}
