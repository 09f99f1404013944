// readNpy / readNpyAsync: a file written with encodeNpyHeader reads back
// byte for byte, whole or in ranges; a damaged file is a clear error.
import { truncateSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { encodeNpyHeader, type NpyDType } from '../../src/io/npyHeader.js';
import { readNpy, readNpyAsync } from '../../src/io/readNpy.js';
import { bytesOf, expectError, rawNpy, sampleData, scratchDir, writeNpy } from './files.js';

const file = scratchDir();
const DTYPES: NpyDType[] = ['float16', 'float32', 'float64'];
const SHAPES = [[], [5], [0], [2, 0, 3], [3, 4], [2, 3, 4]];
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

describe('readNpy round trips', () => {
  for (const dtype of DTYPES) {
    for (const shape of SHAPES) {
      it(`${dtype} [${shape}]`, async () => {
        const data = sampleData(dtype, size(shape));
        const path = writeNpy(file(`rt-${dtype}-${shape.join('x')}.npy`), dtype, shape, data);
        for (const t of [readNpy(path), await readNpyAsync(path)]) {
          expect(t.dtype).toBe(dtype);
          expect(t.shape).toEqual(shape);
          expect(t.data.constructor).toBe(data.constructor);
          expect(bytesOf(t.data)).toEqual(bytesOf(data));
        }
      });
    }
  }
});

describe('readNpy ranges (offset/length): how a tensor of more than 2^32 elements is read', () => {
  const data = sampleData('float32', 24);
  const path = writeNpy(file('range.npy'), 'float32', [2, 3, 4], data);

  it('reads `length` elements from element `offset` as a 1-D tensor', async () => {
    for (const t of [readNpy(path, { offset: 5, length: 7 }), await readNpyAsync(path, { offset: 5n, length: 7 })]) {
      expect(t.shape).toEqual([7]);
      expect([...t.data]).toEqual([...data.subarray(5, 12)]);
    }
  });

  it('reads the rest from offset, or the first length elements', () => {
    expect([...readNpy(path, { offset: 20 }).data]).toEqual([...data.subarray(20)]);
    expect(readNpy(path, { length: 3 })).toMatchObject({ shape: [3], data: data.subarray(0, 3) });
    expect(readNpy(path, { offset: 24, length: 0 }).shape).toEqual([0]);
  });

  it('refuses a range past the end and bad options, naming them', async () => {
    expectError(() => readNpy(path, { offset: 20, length: 5 }), RangeError, /^readNpy: offset 20 \+ length 5 is past the end of the array in '.*range\.npy', which has 24 elements/);
    expectError(() => readNpy(path, { offset: 25 }), RangeError, /^readNpy: offset must be at most 24/);
    expectError(() => readNpy(path, { offset: -1 }), RangeError, /^readNpy: offset must be a non-negative safe integer, got -1/);
    expectError(() => readNpy(path, { length: 1.5 }), RangeError, /^readNpy: length must be an integer from 0 to 2\^32, got 1\.5/);
    expectError(() => readNpy(path, { length: '3' } as never), TypeError, /^readNpy: length must be a non-negative integer, got "3"/);
    expectError(() => readNpy(path, { ofset: 1 } as never), TypeError, /^readNpy: unknown option 'ofset'; expected one of: offset, length/);
    expectError(() => readNpy(3 as never), TypeError, /^readNpy: path must be a file path \(string\), got 3/);
    await expect(readNpyAsync(path, { offset: 30 })).rejects.toThrow(/^readNpy: offset must be at most 24/);
  });

  it('refuses to read more than 2^32 elements at once, saying to pass offset/length', async () => {
    // A sparse file: the header of a float16 array of 2^32 + 8 elements, the data all holes (no disk used).
    const path = file('huge.npy');
    const head = encodeNpyHeader('t', 'float16', [2 ** 32 + 8]);
    writeFileSync(path, head);
    truncateSync(path, head.length + (2 ** 32 + 8) * 2);
    expectError(() => readNpy(path), RangeError, /has 4294967304 elements, more than one typed array holds \(2\^32\); read it in parts with the 'offset' and 'length' options/);
    await expect(readNpyAsync(path)).rejects.toThrow(RangeError);
    expectError(() => readNpy(path, { offset: 1 }), RangeError, /pass 'length' too/);
    const tail = readNpy(path, { offset: 2 ** 32 + 4, length: 4 });
    expect([...tail.data]).toEqual([0, 0, 0, 0]);
  });
});

describe('readNpy byte order', () => {
  it("swaps big-endian ('>') data", () => {
    const values = [1.5, -2, 1e-300, Infinity];
    const big = Buffer.alloc(32);
    values.forEach((v, i) => big.writeDoubleBE(v, i * 8));
    const path = file('big-endian.npy');
    writeFileSync(path, rawNpy("{'descr': '>f8', 'fortran_order': False, 'shape': (4,), }", big));
    expect([...readNpy(path).data]).toEqual(values);
  });
});

describe('readNpy refuses damaged files with a RangeError that names the problem', () => {
  const good = Buffer.concat([encodeNpyHeader('t', 'float32', [3, 4]), bytesOf(sampleData('float32', 12))]);
  const cases: [string, Buffer, RegExp][] = [
    ['bad magic', Buffer.concat([Buffer.from('XNUMPY'), good.subarray(6)]), /is not a \.npy file: it does not start with the magic/],
    ['an empty file', Buffer.alloc(0), /is truncated: 0 bytes/],
    ['a truncated preamble', good.subarray(0, 9), /is truncated: 9 bytes, shorter than the \.npy 1\.0 preamble/],
    ['a truncated header', good.subarray(0, 100), /is truncated: its header length says the header ends at byte 128, but the file has 100 bytes/],
    ['truncated data', good.subarray(0, good.length - 1), /is truncated: expected 48 bytes of data, file has 47/],
    ['trailing bytes', Buffer.concat([good, Buffer.from([0])]), /has 1 bytes after its data: expected 48 bytes of data, file has 49/],
    ['a bad dict', rawNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4) + 1}", Buffer.alloc(48)), /bad \.npy header: ',' or '\}' expected/],
    ['Fortran order', rawNpy("{'descr': '<f4', 'fortran_order': True, 'shape': (3, 4), }", Buffer.alloc(48)), /Fortran \(column-major\) order/],
    ['an unsupported dtype', rawNpy("{'descr': '<i4', 'fortran_order': False, 'shape': (3, 4), }", Buffer.alloc(48)), /holds dtype '<i4', which weightinit does not read/],
    ['version 9.0', Buffer.concat([good.subarray(0, 6), Buffer.from([9, 0]), good.subarray(8)]), /version 9\.0/],
  ];
  for (const [problem, bytes, message] of cases) {
    it(problem, async () => {
      const path = file(`bad-${problem.replace(/\W/g, '-')}.npy`);
      writeFileSync(path, bytes);
      expectError(() => readNpy(path), RangeError, new RegExp(`^readNpy: '${path.replace(/[.\\]/g, '\\$&')}'.*${message.source}`));
      await expect(readNpyAsync(path)).rejects.toThrow(message);
      await expect(readNpyAsync(path)).rejects.toBeInstanceOf(RangeError);
    });
  }

  it('passes on the system error for a missing file', () => {
    expect(() => readNpy(file('missing.npy'))).toThrow(/ENOENT/);
  });
});
