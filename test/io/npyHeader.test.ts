// The .npy preamble, byte for byte as NumPy's format spec (numpy.lib.format)
// defines it, and the strict parser of its header dict.
import { describe, expect, it } from 'vitest';

import { encodeNpyHeader, npyHeaderLength, parseNpyHeader, NPY_PREFIX_BYTES } from '../../src/io/npyHeader.js';
import { expectError, rawNpy } from './files.js';

describe('encodeNpyHeader', () => {
  it('writes the preamble of a float32 (3, 4) array exactly as the spec says', () => {
    // Spec: 6 bytes magic "\x93NUMPY"; 2 bytes version 1.0; uint16 little-endian
    // HEADER_LEN; the header, an ASCII Python dict literal of 'descr' (the
    // dtype: '<f4' = little-endian 4-byte float), 'fortran_order' and 'shape',
    // padded with spaces and ended by '\n' so that 10 + HEADER_LEN is a
    // multiple of 64. The dict is 59 characters, so 10 + 59 + 1 = 70 rounds
    // up to 128: HEADER_LEN = 118 = 0x76, with 58 spaces before the '\n'.
    const expected = Buffer.concat([
      Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]), // \x93 N U M P Y
      Buffer.from([0x01, 0x00]), // version 1.0
      Buffer.from([0x76, 0x00]), // HEADER_LEN 118
      Buffer.from("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }", 'latin1'),
      Buffer.from(' '.repeat(58), 'latin1'),
      Buffer.from('\n', 'latin1'),
    ]);
    expect(encodeNpyHeader('x', 'float32', [3, 4])).toEqual(expected);
  });

  it('writes Python tuples: (5,) for one dim, () for a scalar', () => {
    expect(encodeNpyHeader('x', 'float64', [5]).toString('latin1')).toContain("{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }");
    expect(encodeNpyHeader('x', 'float16', []).toString('latin1')).toContain("{'descr': '<f2', 'fortran_order': False, 'shape': (), }");
  });

  it('pads every preamble to a multiple of 64 bytes, ending in a newline', () => {
    for (const shape of [[], [1], [0], [12345678, 3], Array(20).fill(3)]) {
      const head = encodeNpyHeader('x', 'float32', shape);
      expect(head.length % 64).toBe(0);
      expect(head[head.length - 1]).toBe(0x0a);
      expect(head.readUInt16LE(8)).toBe(head.length - 10);
    }
  });

  it('switches to version 2.0 (uint32 length) when the header does not fit a uint16 length', () => {
    const shape = Array(30000).fill(1); // "1, " x 30000 > 65535 characters
    const head = encodeNpyHeader('x', 'float32', shape);
    expect([head[6], head[7]]).toEqual([2, 0]);
    expect(head.readUInt32LE(8)).toBe(head.length - 12);
    expect(head.length % 64).toBe(0);
    expect(parseNpyHeader('x', head, head.length + 4, 'big.npy')).toMatchObject({ dtype: 'float32', shape, dataOffset: head.length });
  });

  it('refuses bfloat16, which NumPy has no dtype for, pointing to .safetensors or float32', () => {
    expectError(() => encodeNpyHeader('writeNpy', 'bfloat16' as never, [2]), RangeError, /^writeNpy: .*bfloat16.*\.safetensors.*float32/);
  });

  it('refuses other dtypes and bad shapes, naming the argument', () => {
    expectError(() => encodeNpyHeader('writeNpy', 'int8' as never, [2]), TypeError, /^writeNpy: dtype must be 'float16', 'float32' or 'float64', got "int8"/);
    expectError(() => encodeNpyHeader('writeNpy', 'float32', [2, -1]), RangeError, /^writeNpy: shape\[1\] must be a non-negative integer, got -1/);
    expectError(() => encodeNpyHeader('writeNpy', 'float32', [2.5]), RangeError, /shape\[0\]/);
    expectError(() => encodeNpyHeader('writeNpy', 'float32', '3' as never), TypeError, /^writeNpy: shape must be an array/);
  });
});

describe('npyHeaderLength', () => {
  const head = encodeNpyHeader('x', 'float32', [3, 4]);

  it('reads the preamble length from the first 12 bytes', () => {
    expect(npyHeaderLength('t', head.subarray(0, NPY_PREFIX_BYTES), 128 + 48, 'a.npy')).toBe(128);
  });

  it('refuses a file without the magic', () => {
    expectError(() => npyHeaderLength('t', Buffer.from('PK\x03\x04 zip file!'), 100, 'a.npz'), RangeError, /'a\.npz' is not a \.npy file: .*magic/);
  });

  it('refuses versions other than 1.0, 2.0, 3.0', () => {
    const v4 = Buffer.from(head.subarray(0, 12));
    v4[6] = 4;
    expectError(() => npyHeaderLength('t', v4, 200, 'a.npy'), RangeError, /version 4\.0; weightinit reads versions 1\.0, 2\.0 and 3\.0/);
  });

  it('refuses a header length that runs past the end of the file, before anything is allocated', () => {
    expectError(() => npyHeaderLength('t', head.subarray(0, 12), 100, 'a.npy'), RangeError, /'a\.npy' is truncated: .*header ends at byte 128, but the file has 100 bytes/);
    const huge = Buffer.from(head.subarray(0, 12));
    huge[6] = 2;
    huge.writeUInt32LE(0xffffffff, 8);
    expectError(() => npyHeaderLength('t', huge, 2 ** 40, 'a.npy'), RangeError, /header of 4294967295 bytes/);
  });

  it('refuses a file shorter than the preamble', () => {
    expectError(() => npyHeaderLength('t', head.subarray(0, 7), 7, 'a.npy'), RangeError, /truncated: 7 bytes/);
  });
});

describe('parseNpyHeader', () => {
  const parse = (dict: string, dataBytes = 0, major = 1) => {
    const file = rawNpy(dict, Buffer.alloc(dataBytes), major);
    return parseNpyHeader('readNpy', file.subarray(0, file.length - dataBytes), file.length, 'a.npy');
  };

  it('reads what encodeNpyHeader writes', () => {
    const head = encodeNpyHeader('x', 'float16', [2, 3]);
    expect(parseNpyHeader('t', head, head.length + 12, 'a.npy')).toEqual({ dtype: 'float16', shape: [2, 3], dataOffset: head.length, byteSwap: false });
  });

  it('accepts the keys in any order, with or without a trailing comma, any whitespace, either quote', () => {
    expect(parse(`{"shape":(2,),"fortran_order":False,"descr":"<f8"}`, 16)).toMatchObject({ dtype: 'float64', shape: [2] });
    expect(parse(`{ 'fortran_order' : False ,\n\t'shape' : ( 2 , 3 , ) , 'descr' : '<f4' , }   `, 24)).toMatchObject({ shape: [2, 3] });
  });

  it("reads '|' and '=' as little-endian and '>' as big-endian (swapped)", () => {
    expect(parse("{'descr': '|f4', 'fortran_order': False, 'shape': (1,), }", 4).byteSwap).toBe(false);
    expect(parse("{'descr': '=f2', 'fortran_order': False, 'shape': (1,), }", 2).byteSwap).toBe(false);
    expect(parse("{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", 8)).toMatchObject({ dtype: 'float64', byteSwap: true });
  });

  it('reads version 2.0 and 3.0 (UTF-8) headers', () => {
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }";
    expect(parse(dict, 12, 2)).toMatchObject({ shape: [3], dataOffset: 12 + dict.length + 1 });
    expect(parse(dict, 12, 3)).toMatchObject({ shape: [3], dataOffset: 12 + dict.length + 1 });
    // 3.0 differs only in decoding the header as UTF-8 rather than latin1.
    const withKey = dict.replace('}', "'\u00e9': 'x', }");
    expectError(() => parse(withKey, 12, 3), RangeError, /unexpected key '\u00e9'/);
    expectError(() => parse(withKey, 12, 2), RangeError, /unexpected key '\u00c3\u00a9'/);
  });

  it('accepts fortran_order True when the order cannot matter (at most one dim above 1)', () => {
    expect(parse("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 5, 1), }", 20).shape).toEqual([1, 5, 1]);
  });

  it('refuses Fortran-ordered arrays, saying so', () => {
    expectError(() => parse("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", 24), RangeError, /Fortran \(column-major\) order/);
  });

  it('refuses dtypes other than float16/32/64, naming the file, the descr and what is supported', () => {
    for (const descr of ['<i8', '<c8', '|u1', '<f16', '|b1', '<U3', 'f4', '<M8[ns]']) {
      expectError(() => parse(`{'descr': '${descr}', 'fortran_order': False, 'shape': (1,), }`, 8), RangeError, new RegExp(`^readNpy: 'a\\.npy' holds dtype '${descr.replace(/[[\]]/g, '\\$&')}', .*'<f2', '<f4', '<f8'`));
    }
    expectError(() => parse("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", 4), RangeError, /structured dtype/);
  });

  it('refuses a malformed dict, saying where', () => {
    const bad: [string, RegExp][] = [
      ["{'descr': '<f4', 'fortran_order': False}", /missing key 'shape'/],
      ["{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", /a string, True, False or a tuple expected/],
      ["{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 'y'}", /unexpected key 'x'/],
      ["{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", /duplicate key 'descr'/],
      ["{'descr': '<f4', 'fortran_order': False, 'shape': (4)}", /\(4\) is not a tuple; a 1-tuple is written \(4,\)/],
      ["{'descr': '<f4', 'fortran_order': False, 'shape': (-4,)}", /non-negative integer expected/],
      ["{'descr': '<f4', 'fortran_order': False, 'shape': (2 * 2,)}", /',' or '\)' expected/],
      ["{'descr': '<f4', 'fortran_order': False, 'shape': (4L,)}", /non-negative integer expected/],
      ["{'descr': '<f4', 'fortran_order': False, 'shape': (04,)}", /non-negative integer expected/],
      ["{'descr': '<f4', 'fortran_order': 0, 'shape': (4,)}", /a string, True, False or a tuple expected/],
      ["{'descr': '<f4', 'fortran_order': Falsey, 'shape': (4,)}", /a string, True, False or a tuple expected/],
      ["{'descr': '<f4', 'fortran_order': 'no', 'shape': (4,)}", /'fortran_order' must be True or False/],
      ["{'descr': '<f4', 'fortran_order': False, 'shape': [4]}", /structured dtype|a string, True, False or a tuple/],
      ["{'descr': '<f4\\x', 'fortran_order': False, 'shape': (4,)}", /without escapes/],
      ["{'descr': '<f4, 'fortran_order': False, 'shape': (4,)}", /expected/],
      ["{'descr': '<f4', 'fortran_order': False, 'shape': (4,)} junk", /nothing but spaces/],
      ["{'descr': '<f4' 'fortran_order': False, 'shape': (4,)}", /'}' expected/],
      ["['descr', '<f4']", /'\{' expected/],
      ["{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}", /too large/],
    ];
    for (const [dict, message] of bad) expectError(() => parse(dict, 16), RangeError, message);
  });

  it('refuses a 3.0 header that is not UTF-8', () => {
    const file = rawNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", Buffer.alloc(4), 3);
    file[20] = 0xff;
    expectError(() => parseNpyHeader('t', file.subarray(0, file.length - 4), file.length, 'a.npy'), RangeError, /not valid UTF-8/);
  });

  it('requires the file to hold exactly the data the header describes', () => {
    expectError(() => parse("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }", 47), RangeError, /'a\.npy' is truncated: expected 48 bytes of data, file has 47/);
    expectError(() => parse("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }", 49), RangeError, /1 bytes after its data: expected 48 bytes of data, file has 49/);
    expectError(() => parse("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }", 8), RangeError, /truncated: expected 633825300114114700748351602688 bytes/);
  });
});
