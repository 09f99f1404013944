// Tensors already in memory to .safetensors / .npy files.
import { typeError } from '../errors.js';
import { ARRAY_OF, checkDType, checkShape, type DType, type FloatArray } from '../tensor.js';
import { checkOptions } from '../validate.js';
import { arraySource, type TensorSource } from './tensorSource.js';
import { FILE_KEYS, writeTensorFile, type WrittenFiles } from './writeTensorFile.js';

/** What the writers take: a weightinit Tensor, a tensor read back from a file, or any such triple. */
export interface TensorLike {
  shape: number[];
  dtype: DType;
  data: FloatArray;
}

function sourceOf(fn: string, name: string, t: unknown): TensorSource {
  const where = `tensors[${JSON.stringify(name)}]`;
  if (t === null || typeof t !== 'object') throw typeError(fn, where, 'a tensor { shape, dtype, data }', t);
  const { shape, dtype, data } = t as Record<string, unknown>;
  const { dims } = checkShape(`${fn}: ${where}`, shape);
  const d = checkDType(`${fn}: ${where}`, dtype) ?? 'float32';
  if (!(data instanceof ARRAY_OF[d])) throw typeError(fn, `${where}.data`, `a ${ARRAY_OF[d].name} for dtype '${d}'`, data);
  return arraySource(fn, name, { shape: dims, dtype: d, data: data as FloatArray });
}

export async function writeTensorsFile(fn: string, file: unknown, tensors: unknown, options: unknown): Promise<WrittenFiles> {
  const o = checkOptions(fn, options, FILE_KEYS);
  if (tensors === null || typeof tensors !== 'object' || Array.isArray(tensors)) throw typeError(fn, 'tensors', 'an object mapping names to tensors', tensors);
  return writeTensorFile(fn, file, Object.entries(tensors).map(([name, t]) => sourceOf(fn, name, t)), o);
}
