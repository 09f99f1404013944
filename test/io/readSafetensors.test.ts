// openSafetensors / readSafetensors (sync and async): files and sharded
// checkpoints written with our encoders read back byte for byte; damaged
// files and inconsistent indexes are clear errors.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';

import { encodeSafetensorsIndex, safetensorsShardNames } from '../../src/io/safetensorsHeader.js';
import { openSafetensors, openSafetensorsAsync, readSafetensors, readSafetensorsAsync } from '../../src/io/readSafetensors.js';
import type { DType } from '../../src/tensor.js';
import { bytesOf, expectError, rawSafetensors, sampleData, scratchDir, writeSafetensors } from './files.js';

const file = scratchDir();
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const tensor = (name: string, dtype: DType, shape: number[]) => ({ name, dtype, shape, data: sampleData(dtype, size(shape)) });

const TENSORS = [
  tensor('w.f32', 'float32', [3, 4]),
  tensor('w.f64', 'float64', [5]),
  tensor('w.f16', 'float16', [2, 3]),
  tensor('w.bf16', 'bfloat16', [7]),
  tensor('scalar', 'float32', []),
  tensor('empty', 'bfloat16', [4, 0]),
];

describe('safetensors round trips', () => {
  const path = writeSafetensors(file('all.safetensors'), TENSORS, { format: 'pt', note: 'h\u00e9' });

  it('reads every dtype and shape back byte for byte (readSafetensors, sync and async)', async () => {
    for (const read of [readSafetensors(path), await readSafetensorsAsync(path)]) {
      expect(Object.keys(read)).toEqual(TENSORS.map((t) => t.name));
      for (const t of TENSORS) {
        expect(read[t.name]!.dtype).toBe(t.dtype);
        expect(read[t.name]!.shape).toEqual(t.shape);
        expect(read[t.name]!.data.constructor).toBe(t.data.constructor);
        expect(bytesOf(read[t.name]!.data)).toEqual(bytesOf(t.data));
      }
    }
  });

  it('reads only the names asked for', () => {
    expect(Object.keys(readSafetensors(path, { names: ['w.bf16', 'scalar'] }))).toEqual(['w.bf16', 'scalar']);
  });

  it('opens a checkpoint that also holds integer tensors, lists them, and refuses only reading those', async () => {
    const entry = (name: string, dtype: string, shape: number[], begin: number, end: number) =>
      `"${name}":{"dtype":"${dtype}","shape":${JSON.stringify(shape)},"data_offsets":[${begin},${end}]}`;
    const weights = Buffer.from(new Float32Array([1.5, -2]).buffer);
    const mixed = file('mixed.safetensors');
    writeFileSync(mixed, rawSafetensors(`{${entry('position_ids', 'I64', [2], 0, 16)},${entry('w', 'F32', [2], 16, 24)}}`, Buffer.concat([Buffer.alloc(16), weights])));
    const opened = openSafetensors(mixed);
    expect(opened.tensors.map((t) => [t.name, t.dtype, t.code])).toEqual([['position_ids', null, 'I64'], ['w', 'float32', 'F32']]);
    expect(bytesOf(opened.read('w').data).equals(weights)).toBe(true);
    expectError(() => opened.read('position_ids'), RangeError, /tensor "position_ids" in '.*' is I64: weightinit reads F32, F64, F16 and BF16 tensors; pass 'names'/);
    opened.close();
    expect(Object.keys(readSafetensors(mixed, { names: ['w'] }))).toEqual(['w']);
    expectError(() => readSafetensors(mixed), RangeError, /is I64/);
    await expect(readSafetensorsAsync(mixed)).rejects.toThrow(/is I64/);
  });

  it('lists metadata and tensors with their offsets when opened', async () => {
    for (const opened of [openSafetensors(path), await openSafetensorsAsync(path)]) {
      expect(opened.metadata).toEqual({ format: 'pt', note: 'h\u00e9' });
      expect(opened.tensors.map((t) => [t.name, t.dtype, t.shape, t.end - t.begin, t.file])).toEqual(
        TENSORS.map((t) => [t.name, t.dtype, t.shape, t.data.byteLength, path]),
      );
      await opened.close();
    }
  });

  it('reads ranges of a tensor as 1-D tensors', async () => {
    const opened = openSafetensors(path);
    const asyncOpened = await openSafetensorsAsync(path);
    try {
      const w = TENSORS[0]!.data;
      for (const t of [opened.read('w.f32', { offset: 2, length: 5 }), await asyncOpened.read('w.f32', { offset: 2n, length: 5 })]) {
        expect(t).toEqual({ shape: [5], dtype: 'float32', data: w.subarray(2, 7) });
      }
      expect(opened.read('w.bf16', { offset: 6 }).data).toEqual(TENSORS[3]!.data.subarray(6));
      expectError(() => opened.read('w.f32', { offset: 10, length: 3 }), RangeError, /^read: offset 10 \+ length 3 is past the end of tensor "w\.f32" in '.*all\.safetensors', which has 12 elements/);
      expectError(() => opened.read('w.f32', { size: 3 } as never), TypeError, /^read: unknown option 'size'/);
    } finally {
      opened.close();
      await asyncOpened.close();
    }
  });

  it('refuses unknown names, listing some that exist', async () => {
    const opened = openSafetensors(path);
    expectError(() => opened.read('w.f33'), RangeError, /^read: no tensor "w\.f33" in '.*all\.safetensors'; it holds "w\.f32", "w\.f64", "w\.f16", "w\.bf16", "scalar", \.\.\. \(6 tensors\)/);
    expectError(() => opened.read(1 as never), TypeError, /^read: name must be a tensor name \(string\), got 1/);
    opened.close();
    expectError(() => readSafetensors(path, { names: ['scalar', 'nope'] }), RangeError, /^readSafetensors: no tensor "nope"/);
    expectError(() => readSafetensors(path, { names: 'scalar' } as never), TypeError, /^readSafetensors: names must be an array of tensor names/);
    expectError(() => readSafetensors(path, { name: ['scalar'] } as never), TypeError, /^readSafetensors: unknown option 'name'/);
    await expect(readSafetensorsAsync(path, { names: ['nope'] })).rejects.toThrow(/^readSafetensors: no tensor "nope"/);
  });

  it('refuses to read after close', async () => {
    const opened = openSafetensors(path);
    opened.close();
    opened.close();
    expectError(() => opened.read('scalar'), TypeError, /was closed/);
    const asyncOpened = await openSafetensorsAsync(path);
    await asyncOpened.close();
    await expect(asyncOpened.read('scalar')).rejects.toThrow(/was closed/);
  });

  it('reads a file with no tensors', () => {
    expect(readSafetensors(writeSafetensors(file('none.safetensors'), []))).toEqual({});
  });
});

describe('sharded checkpoints through model.safetensors.index.json', () => {
  // Three shards, written as a sharding writer would: shard names, one file each, the index.
  const shards = safetensorsShardNames(file('model.safetensors'), 3);
  const parts = [TENSORS.slice(0, 2), TENSORS.slice(2, 3), TENSORS.slice(3)];
  const writeCheckpoint = (dirName: string, map: Record<string, string>) => {
    const index = file(`${dirName}.safetensors.index.json`);
    writeFileSync(index, encodeSafetensorsIndex(1, map));
    return index;
  };
  const weightMap: Record<string, string> = {};
  parts.forEach((ts, i) => {
    writeSafetensors(shards[i]!, ts, { format: 'pt', shard: String(i) });
    for (const t of ts) weightMap[t.name] = basename(shards[i]!);
  });
  const index = writeCheckpoint('model', weightMap);

  it('reads every tensor of every shard', async () => {
    for (const read of [readSafetensors(index), await readSafetensorsAsync(index)]) {
      expect(Object.keys(read).sort()).toEqual(TENSORS.map((t) => t.name).sort());
      for (const t of TENSORS) expect(bytesOf(read[t.name]!.data)).toEqual(bytesOf(t.data));
    }
  });

  it('tells which shard each tensor is in, and merges the shards\' metadata (first value wins)', () => {
    const opened = openSafetensors(index);
    expect(opened.tensors.map((t) => [t.name, basename(t.file)])).toEqual(TENSORS.map((t) => [t.name, weightMap[t.name]]));
    expect(opened.metadata).toEqual({ format: 'pt', shard: '0' });
    expect(opened.read('w.bf16', { offset: 1, length: 2 }).data).toEqual(TENSORS[3]!.data.subarray(1, 3));
    opened.close();
  });

  it('refuses a tensor the index lists but its shard lacks', () => {
    const bad = writeCheckpoint('lacks', { ...weightMap, ghost: basename(shards[0]!) });
    expectError(() => openSafetensors(bad), RangeError, /^openSafetensors: the index '.*lacks\.safetensors\.index\.json' maps tensor "ghost" to shard 'model-00001-of-00003\.safetensors', which has no such tensor/);
  });

  it('refuses a tensor a shard holds but the index does not list, or puts elsewhere', async () => {
    const { scalar: _, ...withoutScalar } = weightMap;
    const unlisted = writeCheckpoint('unlisted', withoutScalar);
    expectError(() => openSafetensors(unlisted), RangeError, /shard '.*model-00003-of-00003\.safetensors' holds tensor "scalar", but the index '.*unlisted\.safetensors\.index\.json' does not list it/);
    await expect(openSafetensorsAsync(unlisted)).rejects.toThrow(/does not list it/);
    const moved = writeCheckpoint('moved', { ...weightMap, scalar: basename(shards[0]!) });
    expectError(() => readSafetensors(moved), RangeError, /holds tensor "scalar", but the index .* maps it to 'model-00001-of-00003\.safetensors'/);
  });

  it('refuses a missing shard', async () => {
    const missing = writeCheckpoint('missing', { ...weightMap, extra: 'model-00004-of-00004.safetensors' });
    expectError(() => openSafetensors(missing), RangeError, /^openSafetensors: shard '.*model-00004-of-00004\.safetensors' listed in '.*missing\.safetensors\.index\.json' is missing/);
    await expect(openSafetensorsAsync(missing)).rejects.toThrow(/is missing/);
  });

  it('refuses an index that points outside its directory', async () => {
    // Written by hand: encodeSafetensorsIndex itself refuses such a map.
    const escape = file('escape.safetensors.index.json');
    writeFileSync(escape, JSON.stringify({ metadata: {}, weight_map: { ...weightMap, x: '../x.safetensors' } }));
    expectError(() => openSafetensors(escape), RangeError, /weight_map\["x"\] is "\.\.\/x\.safetensors"; a shard must be a plain file name in the index's directory/);
    await expect(readSafetensorsAsync(escape)).rejects.toBeInstanceOf(RangeError);
  });

  it("validates every shard's header, not only the ones read", () => {
    const broken = file('broken-00002-of-00002.safetensors');
    writeFileSync(broken, rawSafetensors('{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', Buffer.alloc(3)));
    const bad = writeCheckpoint('broken', { ...weightMap, x: basename(broken) });
    expectError(() => openSafetensors(bad), RangeError, /broken-00002-of-00002\.safetensors' is truncated/);
  });
});

describe('safetensors files that are damaged are refused with a RangeError that names the problem', () => {
  const entry = (name: string, dtype: string, shape: number[], begin: number, end: number) =>
    `"${name}":{"dtype":"${dtype}","shape":${JSON.stringify(shape)},"data_offsets":[${begin},${end}]}`;
  const good = writeSafetensors(file('good.safetensors'), TENSORS.slice(0, 2));
  const goodBytes = readFileSync(good);
  const cases: [string, Buffer, RegExp][] = [
    ['an empty file', Buffer.alloc(0), /is truncated: 0 bytes, too short for a \.safetensors file/],
    ['a header length larger than the file', rawSafetensors('{}', Buffer.alloc(0), 3n), /gives a header length of 3 bytes, larger than the file \(10 bytes\)/],
    ['a header length of 2^63', rawSafetensors('{}', Buffer.alloc(0), 2n ** 63n), /gives a header length of 9223372036854775808 bytes, larger than the file/],
    ['bad JSON', rawSafetensors('{"a":', Buffer.alloc(0)), /the header is not valid JSON/],
    ['a header that is not JSON at all', Buffer.from('PK\x03\x04 some zip file'), /header length of \d+ bytes, larger than the file/],
    ['an unknown dtype', rawSafetensors(`{${entry('ids', 'I128', [2], 0, 32)}}`, Buffer.alloc(32)), /dtype "I128" of tensor "ids" is not a safetensors dtype/],
    ['overlapping offsets', rawSafetensors(`{${entry('a', 'F32', [2], 0, 8)},${entry('b', 'F16', [4], 6, 14)}}`, Buffer.alloc(14)), /tensor "b" \(data_offsets \[6, 14\]\) overlaps tensor "a"/],
    ['a hole', rawSafetensors(`{${entry('a', 'F32', [2], 0, 8)},${entry('b', 'F16', [4], 10, 18)}}`, Buffer.alloc(18)), /bytes \[8, 10\) of the data belong to no tensor: a hole before tensor "b"/],
    ['a size that does not match the shape', rawSafetensors(`{${entry('a', 'F64', [2], 0, 8)}}`, Buffer.alloc(8)), /shape \[2\] of F64 needs 16 bytes/],
    ['truncated data', goodBytes.subarray(0, goodBytes.length - 1), /is truncated: tensor "w\.f64" \(data_offsets \[48, 88\]\) ends past the 87 bytes of data/],
    ['trailing bytes', Buffer.concat([goodBytes, Buffer.alloc(4)]), /has 4 bytes after the last tensor's data: expected 88 bytes of data, file has 92/],
  ];
  for (const [problem, bytes, message] of cases) {
    it(problem, async () => {
      const path = file(`bad-${problem.replace(/\W/g, '-')}.safetensors`);
      writeFileSync(path, bytes);
      expectError(() => openSafetensors(path), RangeError, new RegExp(`^openSafetensors: '${path.replace(/[.\\]/g, '\\$&')}'.*${message.source}`));
      expectError(() => readSafetensors(path), RangeError, message);
      await expect(openSafetensorsAsync(path)).rejects.toThrow(message);
      await expect(readSafetensorsAsync(path)).rejects.toBeInstanceOf(RangeError);
    });
  }
});
