// Shapes, dtypes and output buffers.
import { describe, rangeError, typeError } from './errors.js';

export type Shape = number | readonly number[];
export type DType = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;
export type ArrayFor<D extends DType> = D extends 'float64' ? Float64Array : Float32Array;

export interface Tensor<D extends DType = DType> {
  shape: number[];
  dtype: D;
  data: ArrayFor<D>;
  /** The seed the tensor was drawn with: pass it back to draw the same tensor. */
  seed: number | bigint;
}

/** Node 20's largest typed array length. */
export const MAX_ELEMENTS = 2 ** 32;

export const DTYPES: readonly DType[] = ['float32', 'float64'];

export function checkShape(fn: string, shape: unknown): { dims: number[]; size: number } {
  const dims = typeof shape === 'number' ? [shape] : shape;
  if (!Array.isArray(dims)) throw typeError(fn, 'shape', 'a number or an array of numbers', shape);
  let size = 1;
  dims.forEach((d: unknown, i: number) => {
    if (typeof d !== 'number') throw typeError(fn, `shape[${i}]`, 'a non-negative integer', d);
    if (!Number.isSafeInteger(d) || d < 0) throw rangeError(fn, `shape[${i}]`, 'a non-negative integer', d);
    size *= d;
  });
  if (size > MAX_ELEMENTS) {
    throw new RangeError(
      `${fn}: shape [${dims.join(', ')}] has ${size} elements, more than one typed array holds (2^32); ` +
        "draw it in shards with the 'offset' and 'out' options",
    );
  }
  return { dims: [...dims], size };
}

function dtypeOf(out: FloatArray): DType {
  return out instanceof Float64Array ? 'float64' : 'float32';
}

/** The output array: the caller's `out` (checked) or a fresh one. */
export function outputFor(fn: string, dtype: unknown, out: unknown, size: number, dims: number[]): { dtype: DType; data: FloatArray } {
  if (dtype !== undefined && !DTYPES.includes(dtype as DType)) {
    throw typeError(fn, 'dtype', `one of ${DTYPES.map((d) => `'${d}'`).join(', ')}`, dtype);
  }
  if (out !== undefined) {
    if (!(out instanceof Float32Array || out instanceof Float64Array)) {
      throw typeError(fn, 'out', 'a Float32Array or Float64Array', out);
    }
    if (dtype !== undefined && dtype !== dtypeOf(out)) {
      throw new TypeError(`${fn}: out is a ${describe(out).slice(2)} but dtype is '${String(dtype)}'`);
    }
    if (out.length !== size) {
      throw rangeError(fn, 'out.length', `${size} (the number of elements of shape [${dims.join(', ')}])`, out.length);
    }
    return { dtype: dtypeOf(out), data: out };
  }
  const chosen = (dtype as DType | undefined) ?? 'float32';
  try {
    return { dtype: chosen, data: chosen === 'float64' ? new Float64Array(size) : new Float32Array(size) };
  } catch {
    throw new RangeError(`${fn}: cannot allocate ${size} ${chosen} elements for shape [${dims.join(', ')}]; pass a smaller shape or draw shards into 'out'`);
  }
}
