// Shapes, dtypes and output buffers.
import { rangeError, typeError } from './errors.js';

export type Shape = number | readonly number[];
/** float16 and bfloat16 tensors hold IEEE half / bfloat16 bits in a Uint16Array. */
export type DType = 'float32' | 'float64' | 'float16' | 'bfloat16';
export type FloatArray = Float32Array | Float64Array | Uint16Array;
export type ArrayFor<D extends DType> = D extends 'float64' ? Float64Array : D extends 'float32' ? Float32Array : Uint16Array;

export interface Tensor<D extends DType = DType> {
  shape: number[];
  dtype: D;
  data: ArrayFor<D>;
  /** The seed the tensor was drawn with: pass it back to draw the same tensor. */
  seed: number | bigint;
}

/** Node 20's largest typed array length: one call draws at most this many elements. */
export const MAX_ELEMENTS = 2 ** 32;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'float16', 'bfloat16'];

/** The largest logical tensor: its element indices must be exact doubles. */
export const MAX_LOGICAL_ELEMENTS = Number.MAX_SAFE_INTEGER;

export function checkShape(fn: string, shape: unknown): { dims: number[]; size: number } {
  const dims = typeof shape === 'number' ? [shape] : shape;
  if (!Array.isArray(dims)) throw typeError(fn, 'shape', 'a number or an array of numbers', shape);
  let size = 1;
  // Array.from turns holes into undefined, so a sparse array ([, 2]) is refused, not skipped.
  Array.from(dims as unknown[]).forEach((d: unknown, i: number) => {
    if (typeof d !== 'number') throw typeError(fn, `shape[${i}]`, 'a non-negative integer', d);
    if (!Number.isSafeInteger(d) || d < 0) throw rangeError(fn, `shape[${i}]`, 'a non-negative integer', d);
    // Dims whose product overflows to Infinity, then a 0, would give NaN: a shape with a 0 is empty.
    size = size * d || 0;
  });
  if (size > MAX_LOGICAL_ELEMENTS) {
    throw new RangeError(`${fn}: shape [${dims.join(', ')}] has ${size} elements, more than 2^53 - 1 (element indices must be exact)`);
  }
  return { dims: [...dims], size };
}

export const ARRAY_OF: Record<DType, new (n: number) => FloatArray> = {
  float32: Float32Array,
  float64: Float64Array,
  float16: Uint16Array,
  bfloat16: Uint16Array,
};

export const BYTES_PER_ELEMENT: Record<DType, number> = { float32: 4, float64: 8, float16: 2, bfloat16: 2 };

/** True on the (rare) big-endian machine: file formats and raw-bytes outputs are little-endian. */
export const HOST_BIG_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 0;

export function checkDType(fn: string, dtype: unknown): DType | undefined {
  if (dtype !== undefined && !DTYPES.includes(dtype as DType)) {
    throw typeError(fn, 'dtype', `one of ${DTYPES.map((d) => `'${d}'`).join(', ')}`, dtype);
  }
  return dtype as DType | undefined;
}

/** The half type a Uint16Array of this dtype holds, if any. */
export function halfElement(dtype: DType): 'float16' | 'bfloat16' | undefined {
  return dtype === 'float16' || dtype === 'bfloat16' ? dtype : undefined;
}
