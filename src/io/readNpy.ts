// Reading a float array from a .npy file, whole or a range of its elements.
import { closeSync, fstatSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';

import { typeError } from '../errors.js';
import { BYTES_PER_ELEMENT } from '../tensor.js';
import { NPY_PREFIX_BYTES, npyHeaderLength, parseNpyHeader } from './npyHeader.js';
import {
  allocateElements, checkRangeOptions, elementCount, elementRange, readElements, runPlanAsync, runPlanSync, type ReadPlan, type ReadRangeOptions, type StoredTensor,
} from './storedTensor.js';

function checkPath(fn: string, path: unknown): string {
  if (typeof path !== 'string') throw typeError(fn, 'path', 'a file path (string)', path);
  return path;
}

function* npyPlan(fn: string, path: string, fileSize: number, range: { offset?: bigint; length?: number }): ReadPlan<StoredTensor> {
  // The header length is only known after the first bytes, and is checked against the file size before the header is allocated.
  const first = Buffer.alloc(Math.min(NPY_PREFIX_BYTES, fileSize));
  yield { into: first, at: 0 };
  const head = Buffer.alloc(npyHeaderLength(fn, first, fileSize, path));
  yield { into: head, at: 0 };
  const { dtype, shape, dataOffset, byteSwap } = parseNpyHeader(fn, head, fileSize, path);
  const what = `the array in '${path}'`;
  const { start, count, shape: outShape } = elementRange(fn, range, shape, Number(elementCount(shape)), what);
  const data = allocateElements(fn, dtype, count, what);
  yield* readElements(data, dataOffset + start * BYTES_PER_ELEMENT[dtype], byteSwap);
  return { shape: outShape, dtype, data };
}

/**
 * The array in a .npy file (float16, float32 or float64; either byte order).
 * With `offset` and/or `length`, that range of its elements in row-major
 * order, as a 1-D tensor: how an array of more than 2^32 elements is read.
 * @example
 * const w = readNpy('w.npy');  // { shape: [784, 256], dtype: 'float32', data: Float32Array(200704) }
 * const rows = readNpy('w.npy', { offset: 256 * 10, length: 256 * 5 });  // rows 10..14, shape [1280]
 */
export function readNpy(path: string, options?: ReadRangeOptions): StoredTensor {
  const fn = 'readNpy';
  checkPath(fn, path);
  const range = checkRangeOptions(fn, options);
  const fd = openSync(path, 'r');
  try {
    return runPlanSync(fn, fd, npyPlan(fn, path, fstatSync(fd).size, range), path);
  } finally {
    closeSync(fd);
  }
}

/** Promise form of `readNpy`: the file is read on the thread pool, off the event loop. */
export async function readNpyAsync(path: string, options?: ReadRangeOptions): Promise<StoredTensor> {
  const fn = 'readNpy'; // weightinit/promises exports it as readNpy
  checkPath(fn, path);
  const range = checkRangeOptions(fn, options);
  const file = await open(path, 'r');
  try {
    return await runPlanAsync(fn, file, npyPlan(fn, path, (await file.stat()).size, range), path);
  } finally {
    await file.close();
  }
}
