// Writing float32 values computed in TypeScript into an output of any dtype,
// by the same conversions the kernels use (halfFloat.ts, native/convert.h).
import { float32ToBFloat16, float32ToFloat16 } from './halfFloat.js';
import type { DType, FloatArray } from './tensor.js';

function converter(dtype: DType): (x: number) => number {
  if (dtype === 'float16') return float32ToFloat16;
  if (dtype === 'bfloat16') return float32ToBFloat16;
  return Math.fround;
}

/** out[i] = values[i] as dtype. `values` may be `out` itself when dtype is float32. */
export function storeFloat32(values: Float32Array, out: FloatArray, dtype: DType): void {
  if (values === out) return;
  const convert = converter(dtype);
  for (let i = 0; i < values.length; i++) out[i] = convert(values[i]!);
}

/** Every element of out = value (rounded to float32, then to dtype). */
export function fillConstant(out: FloatArray, dtype: DType, value: number): void {
  out.fill(converter(dtype)(Math.fround(value)));
}

/** A float32 work array: `out` itself when it is one, else a fresh array. */
export function float32Work(out: FloatArray): Float32Array {
  return out instanceof Float32Array ? out : new Float32Array(out.length);
}
