// What a file writer streams: a tensor's name, shape and dtype, and a way to
// produce any range of its elements as little-endian bytes — drawn on demand
// from a scheme (so a tensor larger than memory is never held whole) or copied
// from an array already in memory.
import { drawTensorAsync } from '../draw.js';
import { rangeError } from '../errors.js';
import type { PlannedParameter } from '../model/modelSpec.js';
import { BYTES_PER_ELEMENT, type DType, type FloatArray } from '../tensor.js';

export interface TensorSource {
  name: string;
  dims: number[];
  dtype: DType;
  /** Bytes of the whole tensor in the file. */
  bytes: number;
  /** Bytes held in memory while it is written (a scheme computed whole), else 0. */
  resident: number;
  /** Fills `out` with the elements from `first` on, as many as `out` holds. */
  produce(out: Uint8Array, first: number, signal: AbortSignal | undefined): Promise<void>;
}

/** A parameter drawn piece by piece where its scheme allows it, else once, whole, and then copied out. */
export function parameterSource(p: PlannedParameter): TensorSource {
  const bytes = p.size * BYTES_PER_ELEMENT[p.dtype];
  const base = { name: p.name, dims: p.dims, dtype: p.dtype, bytes };
  if (p.scheme.elementwise) {
    return {
      ...base,
      resident: 0,
      produce: async (out, first, signal) => {
        await drawTensorAsync(p.scheme, p.dims, { ...p.options, offset: first, out, ...(signal && { signal }) }, true);
      },
    };
  }
  let whole: Promise<Uint8Array> | undefined;
  return {
    ...base,
    resident: bytes,
    produce: async (out, first, signal) => {
      whole ??= drawTensorAsync(p.scheme, p.dims, { ...p.options, ...(signal && { signal }) }).then((t) => bytesOf(t.data));
      const at = first * BYTES_PER_ELEMENT[p.dtype];
      out.set((await whole).subarray(at, at + out.byteLength));
    },
  };
}

function bytesOf(data: FloatArray): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** A tensor in memory (shape, dtype, data), checked to be consistent. */
export function arraySource(fn: string, name: string, t: { shape: number[]; dtype: DType; data: FloatArray }): TensorSource {
  const count = t.shape.reduce((a, b) => a * b, 1);
  if (t.data.length !== count) throw rangeError(fn, `tensors[${JSON.stringify(name)}].data.length`, `${count} (the elements of shape [${t.shape.join(', ')}])`, t.data.length);
  const all = bytesOf(t.data);
  const size = BYTES_PER_ELEMENT[t.dtype];
  return {
    name,
    dims: t.shape,
    dtype: t.dtype,
    bytes: all.byteLength,
    resident: 0,
    produce: async (out, first) => out.set(all.subarray(first * size, first * size + out.byteLength)),
  };
}
