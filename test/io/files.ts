// Writing test files: valid ones from our encoders, and hand-made (possibly
// broken) ones from raw parts, in a fresh temporary directory per test file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';

import { encodeNpyHeader, type NpyDType } from '../../src/io/npyHeader.js';
import { encodeSafetensorsHeader } from '../../src/io/safetensorsHeader.js';
import type { DType, FloatArray } from '../../src/tensor.js';

/** A temporary directory removed after the test file's tests. */
export function scratchDir(): (name: string) => string {
  const dir = mkdtempSync(join(tmpdir(), 'weightinit-io-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name) => join(dir, name);
}

export const bytesOf = (data: FloatArray): Buffer => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

/** Deterministic, distinct values of each dtype (half types as bit patterns). */
export function sampleData(dtype: DType, n: number): FloatArray {
  if (dtype === 'float32') return Float32Array.from({ length: n }, (_, i) => i * 0.25 - 3);
  if (dtype === 'float64') return Float64Array.from({ length: n }, (_, i) => i / 3 - 1e-300);
  return Uint16Array.from({ length: n }, (_, i) => (0x3c00 + i * 7) & 0xffff);
}

export function writeNpy(path: string, dtype: NpyDType, shape: number[], data: FloatArray): string {
  writeFileSync(path, Buffer.concat([encodeNpyHeader('test', dtype, shape), bytesOf(data)]));
  return path;
}

export function writeSafetensors(
  path: string,
  tensors: { name: string; dtype: DType; shape: number[]; data: FloatArray }[],
  metadata?: Record<string, string>,
): string {
  const { header } = encodeSafetensorsHeader('test', tensors, metadata);
  writeFileSync(path, Buffer.concat([header, ...tensors.map((t) => bytesOf(t.data))]));
  return path;
}

/** A .npy file from a literal header dict, padded and framed as version `major`. */
export function rawNpy(dict: string, data: Buffer, major = 1): Buffer {
  const prefix = major === 1 ? 10 : 12;
  // UTF-8 as 3.0 requires; the same bytes as latin1 for the ASCII dicts 1.0 and 2.0 hold.
  const header = Buffer.from(`${dict}\n`, 'utf8');
  const length = Buffer.alloc(prefix - 8);
  if (major === 1) length.writeUInt16LE(header.length);
  else length.writeUInt32LE(header.length);
  return Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([major, 0]), length, header, data]);
}

/** A .safetensors file from literal JSON: its length as 8 bytes (or `length`), the JSON, the data. */
export function rawSafetensors(json: string, data: Buffer, length?: bigint): Buffer {
  const text = Buffer.from(json, 'utf8');
  const n = Buffer.alloc(8);
  n.writeBigUInt64LE(length ?? BigInt(text.length));
  return Buffer.concat([n, text, data]);
}

/** Runs `f` and checks it throws an error of class `kind` whose message matches. */
export function expectError(f: () => unknown, kind: typeof TypeError | typeof RangeError, message: RegExp): void {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(kind);
  expect((error as Error).message).toMatch(message);
}
