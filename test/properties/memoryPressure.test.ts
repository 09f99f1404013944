// Asking for more than the machine holds is refused with a RangeError before
// anything is allocated: tensors of 10^15 elements or 2^40 bytes, parts past
// the end of the tensor or the stream, and files whose headers claim such
// tensors (a corrupt or hostile header, or a real but sparse file). Each case
// is checked to leave the process's resident memory where it was (growth
// under 100 MB: far below any of the requests, which start at 8 GiB, and
// above the noise of a test run's own allocations).
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { freemem, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import * as w from '../../src/index.js';
import * as promises from '../../src/promises.js';
import { encodeNpyHeader } from '../../src/io/npyHeader.js';
import { encodeSafetensorsHeader } from '../../src/io/safetensorsHeader.js';
import { rawNpy, rawSafetensors } from '../io/files.js';
import { asyncOutcomeOf } from './outcome.js';

const MB = 2 ** 20;
const RSS_GROWTH_LIMIT = 100 * MB;
const info = w.backend();
const dir = mkdtempSync(join(tmpdir(), 'weightinit-pressure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `call`, which must fail with a RangeError matching `message`, and checks resident memory did not jump. */
async function expectRefusedWithoutAllocating(call: () => unknown, message: RegExp): Promise<void> {
  const before = process.memoryUsage().rss;
  const result = await asyncOutcomeOf(async () => call());
  const grown = process.memoryUsage().rss - before;
  expect(result.ok, 'the request should have been refused').toBe(false);
  if (!result.ok) {
    expect(result.error).toBeInstanceOf(RangeError);
    expect(result.error.message).toMatch(message);
  }
  expect(grown).toBeLessThan(RSS_GROWTH_LIMIT);
}

/** A file of `size` bytes that begins with `head` and is a hole after it: a huge tensor that takes no disk. */
function sparseFile(name: string, head: Buffer, size: number): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, head, 0, head.length, 0);
    ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
  return path;
}

describe(`requests larger than the machine (${info.kind}, ${info.simd})`, () => {
  it.each([
    ['10^15 float32 elements', () => w.normal([1e15], { seed: 1 }), /more than one typed array holds/],
    ['10^15 elements as a conv kernel', () => w.heNormal([1e5, 1e4, 1e3, 1], { seed: 1 }), /more than one typed array holds/],
    ['2^40 bytes: float64 of 2^37 elements', () => w.normal([2 ** 37], { seed: 1, dtype: 'float64' }), /more than one typed array holds/],
    ['2^40 bytes: float16 of 2^39 elements', () => w.uniform([2 ** 20, 2 ** 19], { seed: 1, dtype: 'float16' }), /more than one typed array holds/],
    ['2^33 elements from an offset', () => w.normal([2 ** 40], { seed: 1, offset: 2 ** 40 - 2 ** 33 }), /more than one typed array holds/],
    ['a shard of 2^35 elements', () => w.normal([2 ** 20, 2 ** 20], { seed: 1, shard: { world: 32, rank: 3 } }), /more than one typed array holds/],
    ['an orthogonal 2^20 x 2^20', () => w.orthogonal([2 ** 20, 2 ** 20], { seed: 1 }), /more than one typed array holds/],
    ['initModel with a 2^40-byte parameter', () => w.initModel({ big: { shape: [2 ** 38], scheme: 'zeros' } }), /more than one typed array holds/],
    ['more than 2^53 - 1 elements', () => w.normal([2 ** 30, 2 ** 30, 2 ** 30], { seed: 1 }), /more than 2\^53 - 1/],
  ])('%s: RangeError, nothing allocated (sync)', async (_, call, message) => {
    await expectRefusedWithoutAllocating(call, message);
  });

  it.each([
    ['10^15 elements', () => promises.normal([1e15], { seed: 1 })],
    ['float64 of 2^37 elements', () => promises.heNormal([2 ** 20, 2 ** 17], { seed: 1, dtype: 'float64' })],
    ['initModel of 2^40 bytes', () => promises.initModel({ big: { shape: [2 ** 38], scheme: 'normal' } })],
  ])('%s: the Promise form rejects with a RangeError, nothing allocated', async (_, call) => {
    await expectRefusedWithoutAllocating(call, /more than one typed array holds/);
  });

  it.each([
    ['offset past the tensor', () => w.normal([2 ** 40], { seed: 1, offset: 2 ** 40 + 1 }), /offset must be at most/],
    ['offset 2^64 (bigint) on a 2^53 - 1 tensor', () => w.normal([2 ** 53 - 1], { seed: 1, offset: 2n ** 64n, out: new Float32Array(4) }), /offset must be at most/],
    ['out reaching past the end', () => w.normal([2 ** 40], { seed: 1, offset: 2 ** 40 - 2, out: new Float32Array(4) }), /out.length must be at most 2/],
    ['randomBits past word 2^66', () => w.randomBits(new Uint32Array(8), { seed: 1, offset: 2n ** 66n - 4n }), /offset must be at most 2\^66 - 8/],
    ['out of another length than the shard', () => w.normal([2 ** 40, 4], { seed: 1, shard: { world: 2, rank: 0 }, out: new Float32Array(4) }), /out.length must be 2199023255552/],
  ])('%s: RangeError', async (_, call, message) => {
    await expectRefusedWithoutAllocating(call, message);
  });

  it('a small part of a 10^15-element tensor is drawn without allocating the rest', async () => {
    const before = process.memoryUsage().rss;
    const part = w.heNormal([1e5, 1e10], { seed: 1, offset: 1e15 - 8, out: new Float32Array(8) });
    const viaPromise = await promises.heNormal([1e5, 1e10], { seed: 1, offset: 1e15 - 8, out: new Float32Array(8) });
    expect([...viaPromise.data]).toEqual([...part.data]);
    expect(part.data.every(Number.isFinite)).toBe(true);
    expect(process.memoryUsage().rss - before).toBeLessThan(RSS_GROWTH_LIMIT);
  });

  // 2^32 float64 elements (32 GiB) is a valid request: it fails only because this machine cannot hold it.
  // Run where the allocation is certain to be refused at once: less memory than that and heuristic overcommit.
  const overcommit = (() => {
    try {
      return readFileSync('/proc/sys/vm/overcommit_memory', 'utf8').trim();
    } catch {
      return 'unknown';
    }
  })();
  it.runIf(totalmem() < 30 * 2 ** 30 && (overcommit === '0' || overcommit === '2'))(
    'a valid request larger than this machine (32 GiB of float64) is a RangeError, not a crash',
    async () => {
      expect(freemem()).toBeLessThan(32 * 2 ** 30);
      await expectRefusedWithoutAllocating(() => w.normal([2 ** 32], { seed: 1, dtype: 'float64' }), /cannot allocate/);
      await expectRefusedWithoutAllocating(() => promises.zeros([2 ** 16, 2 ** 16], { dtype: 'float64' }), /cannot allocate/);
    },
  );
});

describe('files whose headers claim huge tensors', () => {
  it.each([
    ['.npy claiming (10^15,) float64 over 16 bytes of data', () => rawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000000,), }", Buffer.alloc(16)), /truncated: expected 8000000000000000 bytes of data/],
    ['.npy claiming a 2^32 - 1 byte header', () => Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([2, 0, 0xff, 0xff, 0xff, 0xff]), Buffer.alloc(64)]), /claims a .npy header of 4294967295 bytes/],
    ['.npy claiming a 65535-byte header in a 100-byte file', () => Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([1, 0, 0xff, 0xff]), Buffer.alloc(90)]), /header length says the header ends at byte 65545/],
  ])('%s: RangeError before allocating', async (name, bytes, message) => {
    const path = join(dir, `${name.length}.npy`);
    writeFileSync(path, bytes());
    await expectRefusedWithoutAllocating(() => w.readNpy(path), message);
    await expectRefusedWithoutAllocating(() => promises.readNpy(path), message);
  });

  it.each([
    ['a header length of 2^40 in a small file', () => rawSafetensors('{}', Buffer.alloc(0), 2n ** 40n), /header length of 1099511627776 bytes, larger than the file/],
    ['a header length of 2^64 - 1', () => rawSafetensors('{}', Buffer.alloc(0), 2n ** 64n - 1n), /larger than the file/],
    ['F64 [2^37] over 8 bytes of data', () => rawSafetensors(JSON.stringify({ w: { dtype: 'F64', shape: [2 ** 37], data_offsets: [0, 2 ** 40] } }), Buffer.alloc(8)), /ends past the 8 bytes of data/],
    ['shape and offsets that disagree', () => rawSafetensors(JSON.stringify({ w: { dtype: 'F32', shape: [1e15], data_offsets: [0, 8] } }), Buffer.alloc(8)), /needs 4000000000000000 bytes/],
  ])('.safetensors with %s: RangeError before allocating', async (name, bytes, message) => {
    const path = join(dir, `${name.length}.safetensors`);
    writeFileSync(path, bytes());
    await expectRefusedWithoutAllocating(() => w.readSafetensors(path), message);
    await expectRefusedWithoutAllocating(() => promises.readSafetensors(path), message);
  });

  it('a real (sparse) 2^40-byte .npy: reading it whole is a RangeError before allocating; a small range reads', async () => {
    const head = encodeNpyHeader('test', 'float64', [2 ** 37]);
    const path = sparseFile('huge.npy', head, head.length + 2 ** 40);
    await expectRefusedWithoutAllocating(() => w.readNpy(path), /more than one typed array holds.*'offset' and 'length'/);
    await expectRefusedWithoutAllocating(() => promises.readNpy(path, { offset: 8 }), /pass 'length' too/);
    const before = process.memoryUsage().rss;
    const tail = w.readNpy(path, { offset: 2 ** 37 - 4, length: 4 });
    expect(tail).toEqual({ shape: [4], dtype: 'float64', data: new Float64Array(4) });
    expect(process.memoryUsage().rss - before).toBeLessThan(RSS_GROWTH_LIMIT);
  });

  it('a real (sparse) 2^40-byte .safetensors: read() whole is a RangeError before allocating; a small range reads', async () => {
    const { header } = encodeSafetensorsHeader('test', [{ name: 'w', dtype: 'float64', shape: [2 ** 37] }]);
    const path = sparseFile('huge.safetensors', header, header.length + 2 ** 40);
    const file = w.openSafetensors(path);
    try {
      await expectRefusedWithoutAllocating(() => file.read('w'), /more than one typed array holds/);
      expect(file.read('w', { offset: 2 ** 37 - 2, length: 2 }).data).toEqual(new Float64Array(2));
    } finally {
      file.close();
    }
    await expectRefusedWithoutAllocating(() => promises.readSafetensors(path), /more than one typed array holds/);
  });
});
