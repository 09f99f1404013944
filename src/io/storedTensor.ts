// A tensor read from a file, and what every reader shares: the offset/length
// options, allocation, exact positioned reads (sync or async) and byte
// swapping, so .npy and .safetensors check sizes and short reads the same way.
import type { FileHandle } from 'node:fs/promises';
import { readSync } from 'node:fs';

import { rangeError, typeError } from '../errors.js';
import { ARRAY_OF, MAX_ELEMENTS, type DType, type FloatArray } from '../tensor.js';
import { checkOptions, nonNegativeInteger } from '../validate.js';

export interface StoredTensor {
  shape: number[];
  dtype: DType;
  data: FloatArray;
}

/** Options of every tensor read: a range of elements in row-major order. */
export interface ReadRangeOptions {
  /** Index of the first element to read (default 0). */
  offset?: number | bigint;
  /** Number of elements to read (default: the rest of the tensor). */
  length?: number;
}


// One read call moves at most 2^31 - 1 bytes in Node; 1 GiB chunks stay below
// that and are a multiple of every item size, so a chunk can be swapped alone.
const CHUNK_BYTES = 2 ** 30;

/** The range options, type-checked at the boundary before any file is opened. */
export function checkRangeOptions(fn: string, options: unknown): { offset?: bigint; length?: number } {
  const opts = checkOptions(fn, options, ['offset', 'length']);
  const length = opts['length'];
  if (length !== undefined && typeof length !== 'number') throw typeError(fn, 'length', 'a non-negative integer', length);
  if (length !== undefined && (!Number.isSafeInteger(length) || length < 0 || length > MAX_ELEMENTS)) {
    throw rangeError(fn, 'length', 'an integer from 0 to 2^32', length);
  }
  return {
    ...(opts['offset'] !== undefined && { offset: nonNegativeInteger(fn, 'offset', opts['offset']) }),
    ...(length !== undefined && { length }),
  };
}

/** Which elements to read: all (keeping the shape), or a flat range when offset or length is given. */
export function elementRange(
  fn: string,
  range: { offset?: bigint; length?: number },
  shape: readonly number[],
  numel: number,
  what: string,
): { start: number; count: number; shape: number[] } {
  const { offset, length } = range;
  if (offset === undefined && length === undefined) {
    if (numel > MAX_ELEMENTS) {
      throw new RangeError(
        `${fn}: ${what} has ${numel} elements, more than one typed array holds (2^32); read it in parts with the 'offset' and 'length' options`,
      );
    }
    return { start: 0, count: numel, shape: [...shape] };
  }
  if (offset !== undefined && offset > BigInt(numel)) throw rangeError(fn, 'offset', `at most ${numel} (the number of elements of ${what})`, offset);
  const start = Number(offset ?? 0n);
  if (length === undefined) {
    const count = numel - start;
    if (count > MAX_ELEMENTS) {
      throw new RangeError(`${fn}: ${what} has ${count} elements after offset ${start}, more than one typed array holds (2^32); pass 'length' too`);
    }
    return { start, count, shape: [count] };
  }
  if (start + length > numel) {
    throw new RangeError(`${fn}: offset ${start} + length ${length} is past the end of ${what}, which has ${numel} elements`);
  }
  return { start, count: length, shape: [length] };
}

export function allocateElements(fn: string, dtype: DType, count: number, what: string): FloatArray {
  try {
    return new ARRAY_OF[dtype](count);
  } catch {
    throw new RangeError(`${fn}: cannot allocate ${count} ${dtype} elements for ${what}; read it in parts with the 'offset' and 'length' options`);
  }
}

function truncated(fn: string, source: string, position: number, wanted: number, got: number): RangeError {
  return new RangeError(
    `${fn}: '${source}' is truncated: reading ${wanted} bytes at byte ${position}, the file ended after ${got} of them (did it change while open?)`,
  );
}

/** Fills `target` from byte `position`, looping over short reads; the end of the file before it is full is an error. */
function readExactlySync(fn: string, fd: number, target: Uint8Array, position: number, source: string): void {
  let done = 0;
  while (done < target.length) {
    const n = readSync(fd, target, done, Math.min(target.length - done, CHUNK_BYTES), position + done);
    if (n === 0) throw truncated(fn, source, position, target.length, done);
    done += n;
  }
}

async function readExactlyAsync(fn: string, file: FileHandle, target: Uint8Array, position: number, source: string): Promise<void> {
  let done = 0;
  while (done < target.length) {
    const { bytesRead } = await file.read(target, done, Math.min(target.length - done, CHUNK_BYTES), position + done);
    if (bytesRead === 0) throw truncated(fn, source, position, target.length, done);
    done += bytesRead;
  }
}

// The parsing of a file is written once, as a generator that yields the
// byte ranges it needs and resumes when they are filled; a sync and an async
// driver serve them, so readSync and FileHandle.read share every check.
export interface ReadRequest {
  into: Uint8Array;
  at: number;
}
export type ReadPlan<T> = Generator<ReadRequest, T, void>;

export function runPlanSync<T>(fn: string, fd: number, plan: ReadPlan<T>, source: string): T {
  for (let step = plan.next(); ; step = plan.next()) {
    if (step.done) return step.value;
    readExactlySync(fn, fd, step.value.into, step.value.at, source);
  }
}

export async function runPlanAsync<T>(fn: string, file: FileHandle, plan: ReadPlan<T>, source: string): Promise<T> {
  for (let step = plan.next(); ; step = plan.next()) {
    if (step.done) return step.value;
    await readExactlyAsync(fn, file, step.value.into, step.value.at, source);
  }
}

function swapBytes(chunk: Uint8Array, itemSize: number): void {
  const view = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (itemSize === 2) view.swap16();
  else if (itemSize === 4) view.swap32();
  else view.swap64();
}

/** Fills `data` with the elements stored from byte `at`, swapping byte order when the file's differs from this machine's. */
export function* readElements(data: FloatArray, at: number, byteSwap: boolean): ReadPlan<void> {
  for (let done = 0; done < data.byteLength; done += CHUNK_BYTES) {
    const chunk = new Uint8Array(data.buffer, data.byteOffset + done, Math.min(CHUNK_BYTES, data.byteLength - done));
    yield { into: chunk, at: at + done };
    if (byteSwap) swapBytes(chunk, data.BYTES_PER_ELEMENT);
  }
}

/** A shape of a tensor in a file: unlike a drawn tensor's, not capped at 2^32 elements (it is read in parts). */
export function checkStoredShape(fn: string, name: string, shape: unknown): number[] {
  if (!Array.isArray(shape)) throw typeError(fn, name, 'an array of non-negative integers', shape);
  shape.forEach((d: unknown, i) => {
    if (typeof d !== 'number') throw typeError(fn, `${name}[${i}]`, 'a non-negative integer', d);
    if (!Number.isSafeInteger(d) || d < 0) throw rangeError(fn, `${name}[${i}]`, 'a non-negative integer', d);
  });
  return [...shape];
}

/** The exact product of the dims (a bigint: a corrupt header may multiply past 2^53). */
export function elementCount(shape: readonly number[]): bigint {
  return shape.reduce((n, d) => n * BigInt(d), 1n);
}
