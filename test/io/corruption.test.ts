// Damaged files of every kind: a valid file with random bytes overwritten
// (mostly in the header, where the parsing is) or cut at a random length.
// Every read must either return a tensor or throw a TypeError/RangeError:
// never another exception, a short buffer, or a hang. Seeded, so a failure
// reproduces.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { encodeNpyHeader } from '../../src/io/npyHeader.js';
import { readNpy, readNpyAsync } from '../../src/io/readNpy.js';
import { readSafetensors, readSafetensorsAsync } from '../../src/io/readSafetensors.js';
import type { StoredTensor } from '../../src/io/storedTensor.js';
import { BYTES_PER_ELEMENT } from '../../src/tensor.js';
import { bytesOf, sampleData, scratchDir, writeSafetensors } from './files.js';

const file = scratchDir();
const ROUNDS = 500;

// xorshift32: a small seeded generator, enough to pick positions and bytes.
function random(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % n;
  };
}

function corrupt(valid: Buffer, headerBytes: number, pick: (n: number) => number): Buffer {
  if (pick(4) === 0) return valid.subarray(0, pick(valid.length));
  const bytes = Buffer.from(valid);
  const flips = 1 + pick(4);
  for (let i = 0; i < flips; i++) bytes[pick(4) === 0 ? pick(bytes.length) : pick(headerBytes)] = pick(256);
  return bytes;
}

// A tensor read back must be whole: its data exactly as long as its shape says.
function checkTensor(t: StoredTensor): void {
  expect(t.data.length).toBe(t.shape.reduce((a, b) => a * b, 1));
  expect(t.data.BYTES_PER_ELEMENT).toBe(BYTES_PER_ELEMENT[t.dtype]);
}

async function outcome(read: () => unknown): Promise<string> {
  try {
    const result = await read();
    const tensors = 'data' in (result as object) ? [result as StoredTensor] : Object.values(result as Record<string, StoredTensor>);
    tensors.forEach(checkTensor);
    return 'read';
  } catch (e) {
    if (e instanceof RangeError || e instanceof TypeError) return e.constructor.name;
    throw new Error(`not a TypeError/RangeError: ${String(e)}`, { cause: e });
  }
}

async function fuzz(valid: Buffer, headerBytes: number, seed: number, name: string, reads: ((path: string) => unknown)[]): Promise<Record<string, number>> {
  const pick = random(seed);
  const counts: Record<string, number> = {};
  const path = file(name);
  for (let round = 0; round < ROUNDS; round++) {
    writeFileSync(path, corrupt(valid, headerBytes, pick));
    for (const read of reads) {
      const result = await outcome(() => read(path));
      counts[result] = (counts[result] ?? 0) + 1;
    }
  }
  return counts;
}

describe(`${ROUNDS} randomly damaged files`, () => {
  it('.npy: a tensor or a TypeError/RangeError, sync and async', async () => {
    const head = encodeNpyHeader('t', 'float32', [3, 4]);
    const valid = Buffer.concat([head, bytesOf(sampleData('float32', 12))]);
    const counts = await fuzz(valid, head.length, 1, 'fuzz.npy', [readNpy, readNpyAsync, (p) => readNpy(p, { offset: 2, length: 3 })]);
    // Both outcomes occur, so the loop exercises the parser, not only one path.
    expect(counts['read']).toBeGreaterThan(0);
    expect(counts['RangeError']).toBeGreaterThan(0);
  }, 60_000);

  it('.safetensors: a tensor or a TypeError/RangeError, sync and async', async () => {
    const tensors = (['float32', 'float64', 'float16', 'bfloat16'] as const).map((dtype, i) => ({
      name: `layer.${i}.weight`,
      dtype,
      shape: [2, i + 1],
      data: sampleData(dtype, 2 * (i + 1)),
    }));
    const valid = readFileSync(writeSafetensors(file('valid.safetensors'), tensors, { format: 'pt' }));
    const headerBytes = 8 + Number(valid.readBigUInt64LE(0));
    const counts = await fuzz(valid, headerBytes, 2, 'fuzz.safetensors', [readSafetensors, readSafetensorsAsync]);
    expect(counts['read']).toBeGreaterThan(0);
    expect(counts['RangeError']).toBeGreaterThan(0);
  }, 60_000);
});
