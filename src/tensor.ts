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

/** Node 20's largest typed array length. */
export const MAX_ELEMENTS = 2 ** 32;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'float16', 'bfloat16'];

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

const ARRAY_OF: Record<DType, new (n: number) => FloatArray> = {
  float32: Float32Array,
  float64: Float64Array,
  float16: Uint16Array,
  bfloat16: Uint16Array,
};

// The dtype an `out` array implies; a Uint16Array needs dtype to say which half type.
function dtypeOf(fn: string, out: FloatArray, dtype: DType | undefined): DType {
  if (out instanceof Uint16Array) {
    if (dtype !== 'float16' && dtype !== 'bfloat16') {
      throw new TypeError(`${fn}: a Uint16Array out needs dtype 'float16' or 'bfloat16' to say what it holds`);
    }
    return dtype;
  }
  const implied: DType = out instanceof Float64Array ? 'float64' : 'float32';
  if (dtype !== undefined && dtype !== implied) {
    throw new TypeError(`${fn}: out is a ${out.constructor.name} but dtype is '${dtype}'`);
  }
  return implied;
}

/** The output array: the caller's `out` (checked) or a fresh one. */
export function outputFor(fn: string, dtype: unknown, out: unknown, size: number, dims: number[]): { dtype: DType; data: FloatArray } {
  if (dtype !== undefined && !DTYPES.includes(dtype as DType)) {
    throw typeError(fn, 'dtype', `one of ${DTYPES.map((d) => `'${d}'`).join(', ')}`, dtype);
  }
  if (out !== undefined) {
    if (!(out instanceof Float32Array || out instanceof Float64Array || out instanceof Uint16Array)) {
      throw typeError(fn, 'out', 'a Float32Array, Float64Array or Uint16Array (float16/bfloat16 bits)', out);
    }
    const chosen = dtypeOf(fn, out, dtype as DType | undefined);
    if (out.length !== size) {
      throw rangeError(fn, 'out.length', `${size} (the number of elements of shape [${dims.join(', ')}])`, out.length);
    }
    return { dtype: chosen, data: out };
  }
  const chosen = (dtype as DType | undefined) ?? 'float32';
  try {
    return { dtype: chosen, data: new ARRAY_OF[chosen](size) };
  } catch {
    throw new RangeError(`${fn}: cannot allocate ${size} ${chosen} elements for shape [${dims.join(', ')}]; pass a smaller shape or draw shards into 'out'`);
  }
}

/** The half type a Uint16Array of this dtype holds, if any. */
export function halfElement(dtype: DType): 'float16' | 'bfloat16' | undefined {
  return dtype === 'float16' || dtype === 'bfloat16' ? dtype : undefined;
}
