// The array a draw writes into: the caller's `out` or a fresh one. `out` may
// be the dtype's own array (Float32Array, Float64Array, Uint16Array for the
// half types) or any other view — a Buffer, a Uint8Array over a file chunk, a
// DataView, a view on a SharedArrayBuffer — whose bytes then receive the
// little-endian elements.
import { rangeError, typeError } from './errors.js';
import { liveLength } from './liveLength.js';
import { ARRAY_OF, BYTES_PER_ELEMENT, HOST_BIG_ENDIAN, MAX_ELEMENTS, type DType, type FloatArray } from './tensor.js';

export interface Output {
  dtype: DType;
  /** The array the kernels fill. */
  data: FloatArray;
  /** Elements in `data`. */
  count: number;
  /** Copies `data` into the caller's bytes when they could not be filled in place (unaligned). */
  commit?: () => void;
}

const OUT_EXPECTED = 'a Float32Array, Float64Array, Uint16Array (float16/bfloat16 bits), or any typed array, Buffer or DataView (raw bytes)';

// The dtype an array of the dtype's own kind implies; a Uint16Array needs dtype to say which half type.
function impliedDType(fn: string, out: FloatArray, dtype: DType | undefined): DType {
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

function rawBytesOutput(fn: string, out: ArrayBufferView, dtype: DType): Output {
  // The kernels write native order; on a big-endian machine raw bytes would need swapping, which is not offered.
  if (HOST_BIG_ENDIAN) throw new RangeError(`${fn}: a raw-bytes out needs a little-endian machine; pass a ${ARRAY_OF[dtype].name}`);
  const size = BYTES_PER_ELEMENT[dtype];
  if (out.byteLength % size !== 0) {
    throw rangeError(fn, 'out.byteLength', `a multiple of ${size} (the size of one ${dtype} element)`, out.byteLength);
  }
  const count = out.byteLength / size;
  const Array_ = ARRAY_OF[dtype] as unknown as new (b: ArrayBufferLike, at: number, n: number) => FloatArray;
  if (out.byteOffset % size === 0) return { dtype, data: new Array_(out.buffer, out.byteOffset, count), count };
  const data = new ARRAY_OF[dtype](count);
  const commit = () => new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(new Uint8Array(data.buffer, 0, out.byteLength));
  return { dtype, data, count, commit };
}

export function callerOutput(fn: string, out: unknown, dtype: DType | undefined): Output {
  if (!ArrayBuffer.isView(out)) throw typeError(fn, 'out', OUT_EXPECTED, out);
  const output =
    out instanceof Float32Array || out instanceof Float64Array || out instanceof Uint16Array
      ? { dtype: impliedDType(fn, out, dtype), data: out, count: liveLength(out) }
      : rawBytesOutput(fn, out, dtype ?? 'float32');
  if (output.count > MAX_ELEMENTS) throw rangeError(fn, 'out', `at most 2^32 elements`, output.count);
  return output;
}

export function freshOutput(fn: string, dtype: DType, count: number, dims: readonly number[]): Output {
  if (count > MAX_ELEMENTS) {
    throw new RangeError(
      `${fn}: shape [${dims.join(', ')}] has ${count} elements, more than one typed array holds (2^32); ` +
        "draw it in parts with 'offset' and 'out', or with 'shard'",
    );
  }
  try {
    return { dtype, data: new ARRAY_OF[dtype](count), count };
  } catch {
    throw new RangeError(`${fn}: cannot allocate ${count} ${dtype} elements for shape [${dims.join(', ')}]; draw it in parts into 'out'`);
  }
}
