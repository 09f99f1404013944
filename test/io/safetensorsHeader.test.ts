// The .safetensors header and the Hugging Face shard index, byte for byte as
// the format (huggingface/safetensors) defines them, and their validation.
import { describe, expect, it } from 'vitest';

import {
  encodeSafetensorsHeader, encodeSafetensorsIndex, parseSafetensorsHeader, parseSafetensorsIndex, safetensorsHeaderLength, safetensorsShardNames,
} from '../../src/io/safetensorsHeader.js';
import { expectError } from './files.js';

describe('encodeSafetensorsHeader', () => {
  it('writes a one-tensor header exactly as the format says', () => {
    // Format: N as a little-endian uint64, then N bytes of UTF-8 JSON mapping
    // each name to its dtype code, shape and [begin, end) byte offsets in the
    // data that follows. This JSON is 54 bytes; padded with 2 spaces N = 56,
    // so the data starts at 8 + 56 = 64, a multiple of 8.
    const { header, tensors, dataBytes } = encodeSafetensorsHeader('x', [{ name: 'a', dtype: 'float32', shape: [2] }]);
    const expected = Buffer.concat([
      Buffer.from([56, 0, 0, 0, 0, 0, 0, 0]),
      Buffer.from('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', 'utf8'),
      Buffer.from('  ', 'utf8'),
    ]);
    expect(header).toEqual(expected);
    expect(tensors).toEqual([{ name: 'a', dtype: 'float32', code: 'F32', shape: [2], begin: 0, end: 8 }]);
    expect(dataBytes).toBe(8);
  });

  it('writes __metadata__ first and lays the tensors out contiguously in the given order', () => {
    const { header, tensors, dataBytes } = encodeSafetensorsHeader(
      'x',
      [
        { name: 'w', dtype: 'bfloat16', shape: [2, 3] },
        { name: 'b', dtype: 'float64', shape: [] },
        { name: 'e', dtype: 'float16', shape: [0, 4] },
      ],
      { format: 'pt' },
    );
    const json = '{"__metadata__":{"format":"pt"},' +
      '"w":{"dtype":"BF16","shape":[2,3],"data_offsets":[0,12]},' +
      '"b":{"dtype":"F64","shape":[],"data_offsets":[12,20]},' +
      '"e":{"dtype":"F16","shape":[0,4],"data_offsets":[20,20]}}';
    const n = Number(header.readBigUInt64LE(0));
    expect((8 + n) % 8).toBe(0);
    expect(header.subarray(8).toString('utf8')).toBe(json.padEnd(n, ' '));
    expect(tensors.map((t) => [t.name, t.begin, t.end])).toEqual([['w', 0, 12], ['b', 12, 20], ['e', 20, 20]]);
    expect(dataBytes).toBe(20);
  });

  it('escapes names as JSON and writes them as UTF-8', () => {
    const { header } = encodeSafetensorsHeader('x', [{ name: 'layer"1".\u00e9', dtype: 'float32', shape: [1] }]);
    expect(header.subarray(8).toString('utf8')).toContain('"layer\\"1\\".\u00e9":');
  });

  it('refuses bad names, dtypes, shapes and metadata, naming the argument', () => {
    const t = (name: unknown, dtype: unknown = 'float32', shape: unknown = [1]) => ({ name, dtype, shape }) as never;
    expectError(() => encodeSafetensorsHeader('writeSafetensors', [t('a'), t('a')]), RangeError, /^writeSafetensors: tensors\[1\]\.name "a" is used twice/);
    expectError(() => encodeSafetensorsHeader('writeSafetensors', [t('__metadata__')]), RangeError, /tensors\[0\]\.name must be a non-empty string other than '__metadata__'/);
    expectError(() => encodeSafetensorsHeader('writeSafetensors', [t('')]), RangeError, /tensors\[0\]\.name/);
    expectError(() => encodeSafetensorsHeader('writeSafetensors', [t('\ud800')]), RangeError, /valid Unicode/);
    expectError(() => encodeSafetensorsHeader('writeSafetensors', [t(3)]), TypeError, /tensors\[0\]\.name must be a string, got 3/);
    expectError(() => encodeSafetensorsHeader('writeSafetensors', [t('a', 'int8')]), TypeError, /tensors\[0\]\.dtype must be one of 'float32'/);
    expectError(() => encodeSafetensorsHeader('writeSafetensors', [t('a', 'float32', [-2])]), RangeError, /tensors\[0\]\.shape\[0\] must be a non-negative integer, got -2/);
    expectError(() => encodeSafetensorsHeader('writeSafetensors', [t('a', 'float64', [2 ** 40, 2 ** 40])]), RangeError, /more than 2\^53 bytes/);
    expectError(() => encodeSafetensorsHeader('writeSafetensors', [t('a')], { v: 1 } as never), TypeError, /metadata\["v"\] must be a string, got 1/);
    expectError(() => encodeSafetensorsHeader('writeSafetensors', {} as never), TypeError, /tensors must be an array/);
  });
});

describe('safetensorsHeaderLength', () => {
  const lengthBytes = (n: bigint) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(n);
    return b;
  };

  it('reads N and checks it fits in the file', () => {
    expect(safetensorsHeaderLength('t', lengthBytes(56n), 64 + 8, 'a.safetensors')).toBe(56);
    expect(safetensorsHeaderLength('t', lengthBytes(56n), 64, 'a.safetensors')).toBe(56);
  });

  it('refuses a length larger than the file, before anything is allocated', () => {
    expectError(() => safetensorsHeaderLength('t', lengthBytes(57n), 64, 'a.safetensors'), RangeError, /header length of 57 bytes, larger than the file \(64 bytes\)/);
    expectError(() => safetensorsHeaderLength('t', lengthBytes(2n ** 63n), 64, 'a.safetensors'), RangeError, /header length of 9223372036854775808 bytes, larger than the file/);
  });

  it('refuses a length over the format limit of 100 MB even in a file that large', () => {
    expectError(() => safetensorsHeaderLength('t', lengthBytes(100_000_001n), 2 ** 40, 'a.safetensors'), RangeError, /more than the 100000000/);
  });

  it('refuses a file shorter than 8 bytes', () => {
    expectError(() => safetensorsHeaderLength('t', Buffer.alloc(5), 5, 'a.safetensors'), RangeError, /truncated: 5 bytes/);
  });
});

describe('parseSafetensorsHeader', () => {
  const parse = (json: string, dataBytes: number) => parseSafetensorsHeader('readSafetensors', Buffer.from(json, 'utf8'), dataBytes, 'a.safetensors');
  const entry = (name: string, dtype: string, shape: number[], begin: number, end: number) =>
    `"${name}":{"dtype":"${dtype}","shape":${JSON.stringify(shape)},"data_offsets":[${begin},${end}]}`;

  it('reads what encodeSafetensorsHeader writes, tensors in data order', () => {
    const { header, tensors } = encodeSafetensorsHeader('x', [
      { name: '1', dtype: 'float16', shape: [3] },
      { name: '0', dtype: 'float32', shape: [2, 2] },
    ], { a: 'b' });
    expect(parseSafetensorsHeader('t', header.subarray(8), 22, 'a.safetensors')).toEqual({ metadata: { a: 'b' }, tensors });
  });

  it('accepts empty tensors, scalars, any key order, whitespace, and no metadata', () => {
    const json = `{ ${entry('s', 'F64', [], 0, 8)} , ${entry('e', 'BF16', [3, 0], 8, 8)}, "z": {"shape": [1], "data_offsets": [8, 10], "dtype": "F16"}}   `;
    expect(parse(json, 10).tensors.map((t) => [t.name, t.dtype, t.shape])).toEqual([['s', 'float64', []], ['e', 'bfloat16', [3, 0]], ['z', 'float16', [1]]]);
    expect(parse('{}', 0)).toEqual({ metadata: {}, tensors: [] });
  });

  it("lists the format's other dtypes with their sizes (packed F4/F6 too), and refuses unknown ones", () => {
    const sizes: [string, number[], number][] = [['I64', [2], 16], ['U8', [3], 3], ['BOOL', [5], 5], ['F8_E4M3', [4], 4], ['I32', [1], 4], ['C64', [1], 8], ['F4', [4], 2], ['F6_E2M3', [4], 3]];
    for (const [code, shape, bytes] of sizes) {
      expect(parse(`{${entry('x', code, shape, 0, bytes)}}`, bytes).tensors[0], code).toMatchObject({ name: 'x', dtype: null, code, shape });
    }
    expectError(() => parse(`{${entry('x', 'F4', [3], 0, 2)}}`, 2), RangeError, /shape \[3\] of F4, which does not fill whole bytes/);
    expectError(() => parse(`{${entry('x', 'I64', [2], 0, 8)}}`, 8), RangeError, /shape \[2\] of I64 needs 16 bytes/);
    expectError(() => parse(`{${entry('x', 'F128', [1], 0, 16)}}`, 16), RangeError, /dtype "F128" of tensor "x" is not a safetensors dtype/);
    expectError(() => parse(`{${entry('x', 'constructor', [1], 0, 16)}}`, 16), RangeError, /"constructor"/);
  });

  it('refuses tensor entries without exactly dtype, shape and data_offsets', () => {
    expectError(() => parse('{"x":{"dtype":"F32","shape":[1]}}', 4), RangeError, /tensor "x" has no 'data_offsets'/);
    expectError(() => parse('{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"extra":1}}', 4), RangeError, /tensor "x" has an unexpected field 'extra'/);
    expectError(() => parse('{"x":[1]}', 4), RangeError, /tensor "x" must be an object/);
    expectError(() => parse('{"x":{"dtype":4,"shape":[1],"data_offsets":[0,4]}}', 4), RangeError, /dtype that is not a string/);
  });

  it('refuses bad shapes and offsets', () => {
    expectError(() => parse(`{${entry('x', 'F32', [-1], 0, 4)}}`, 4), RangeError, /tensor "x" has shape \[-1\]; expected an array of non-negative integers/);
    expectError(() => parse('{"x":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}', 4), RangeError, /shape \[1\.5\]/);
    expectError(() => parse('{"x":{"dtype":"F32","shape":[9007199254740993],"data_offsets":[0,4]}}', 4), RangeError, /tensor "x" has shape/);
    expectError(() => parse(`{${entry('x', 'F32', [1], 4, 0)}}`, 4), RangeError, /data_offsets \[4,0\]; expected \[begin, end\] with 0 <= begin <= end/);
    expectError(() => parse('{"x":{"dtype":"F32","shape":[1],"data_offsets":[0]}}', 4), RangeError, /data_offsets \[0\]/);
  });

  it('requires end - begin to be the byte size of the shape', () => {
    expectError(() => parse(`{${entry('x', 'F32', [2, 3], 0, 20)}}`, 20), RangeError, /tensor "x" has data_offsets \[0, 20\] \(20 bytes\), but shape \[2, 3\] of F32 needs 24 bytes/);
  });

  it('requires the tensors to tile the data exactly: no overlap, no hole, nothing past the end, nothing after', () => {
    expectError(() => parse(`{${entry('a', 'F32', [2], 0, 8)},${entry('b', 'F32', [2], 4, 12)}}`, 12), RangeError, /tensor "b" \(data_offsets \[4, 12\]\) overlaps tensor "a", which ends at byte 8/);
    expectError(() => parse(`{${entry('a', 'F32', [2], 0, 8)},${entry('b', 'F32', [2], 12, 20)}}`, 20), RangeError, /bytes \[8, 12\) of the data belong to no tensor: a hole before tensor "b"/);
    expectError(() => parse(`{${entry('a', 'F32', [2], 4, 12)}}`, 12), RangeError, /bytes \[0, 4\) .* a hole before tensor "a"/);
    expectError(() => parse(`{${entry('a', 'F32', [2], 0, 8)},${entry('b', 'F32', [2], 8, 16)}}`, 12), RangeError, /'a\.safetensors' is truncated: tensor "b" \(data_offsets \[8, 16\]\) ends past the 12 bytes of data the file has/);
    expectError(() => parse(`{${entry('a', 'F32', [2], 0, 8)}}`, 9), RangeError, /1 bytes after the last tensor's data: expected 8 bytes of data, file has 9/);
  });

  it('refuses headers that are not a JSON object in UTF-8', () => {
    expectError(() => parse('{"a": ', 0), RangeError, /'a\.safetensors': the header is not valid JSON/);
    expectError(() => parse(' {}', 0), RangeError, /does not start with '\{'/);
    expectError(() => parse('[1]', 0), RangeError, /does not start with '\{'/);
    expectError(() => parseSafetensorsHeader('t', Buffer.from([0x7b, 0xff, 0x7d]), 0, 'a.safetensors'), RangeError, /not valid UTF-8/);
  });

  it('refuses __metadata__ that is not an object of strings', () => {
    expectError(() => parse('{"__metadata__":{"n":1}}', 0), RangeError, /__metadata__ must be an object of strings/);
    expectError(() => parse('{"__metadata__":"pt"}', 0), RangeError, /__metadata__ must be an object of strings/);
  });

  it('keeps a tensor or metadata key named __proto__ as data', () => {
    const parsed = parse(`{"__metadata__":{"__proto__":"x"},${entry('__proto__', 'F32', [1], 0, 4)}}`, 4);
    expect(Object.getPrototypeOf(parsed.metadata)).toBe(Object.prototype);
    expect(parsed.metadata['__proto__']).toBe('x');
    expect(parsed.tensors[0]!.name).toBe('__proto__');
  });
});

describe('sharded checkpoints', () => {
  it('names shards as Hugging Face does', () => {
    expect(safetensorsShardNames('dir/model.safetensors', 3)).toEqual([
      'dir/model-00001-of-00003.safetensors',
      'dir/model-00002-of-00003.safetensors',
      'dir/model-00003-of-00003.safetensors',
    ]);
    expect(safetensorsShardNames('m.safetensors', 123456).at(-1)).toBe('m-123456-of-123456.safetensors');
    expectError(() => safetensorsShardNames('model.bin', 2), RangeError, /^safetensorsShardNames: file must be a path ending in '\.safetensors'/);
    expectError(() => safetensorsShardNames('model.safetensors', 0), RangeError, /count must be a positive integer, got 0/);
  });

  it('writes the index as transformers does: 2-space indent, keys sorted, newline at the end', () => {
    const text = encodeSafetensorsIndex(40, { 'b.weight': 'model-00002-of-00002.safetensors', 'a.weight': 'model-00001-of-00002.safetensors', '10': 'model-00001-of-00002.safetensors', '9': 'model-00002-of-00002.safetensors' });
    expect(text).toBe(
      '{\n' +
        '  "metadata": {\n' +
        '    "total_size": 40\n' +
        '  },\n' +
        '  "weight_map": {\n' +
        '    "10": "model-00001-of-00002.safetensors",\n' +
        '    "9": "model-00002-of-00002.safetensors",\n' +
        '    "a.weight": "model-00001-of-00002.safetensors",\n' +
        '    "b.weight": "model-00002-of-00002.safetensors"\n' +
        '  }\n' +
        '}\n',
    );
    expect(JSON.parse(encodeSafetensorsIndex(0, {}, { z: '1', format: 'pt' }))).toEqual({ metadata: { total_size: 0, format: 'pt', z: '1' }, weight_map: {} });
  });

  it('refuses bad index arguments', () => {
    expectError(() => encodeSafetensorsIndex(-1, {}), RangeError, /^encodeSafetensorsIndex: totalSize must be a non-negative integer/);
    expectError(() => encodeSafetensorsIndex(1, { a: '../x.safetensors' }), RangeError, /weightMap\["a"\] must be a plain file name/);
    expectError(() => encodeSafetensorsIndex(1, { a: 3 } as never), TypeError, /weightMap\["a"\] must be a string/);
    expectError(() => encodeSafetensorsIndex(1, {}, { total_size: '2' }), RangeError, /must not hold 'total_size'/);
  });

  it('parses an index back', () => {
    const text = encodeSafetensorsIndex(8, { a: 's1.safetensors', b: 's2.safetensors' });
    expect(parseSafetensorsIndex('t', text, 'i.json')).toEqual({ metadata: { total_size: 8 }, weightMap: { a: 's1.safetensors', b: 's2.safetensors' } });
  });

  it('refuses an index that points outside its directory or is not an index', () => {
    const index = (map: unknown) => JSON.stringify({ metadata: {}, weight_map: map });
    for (const shard of ['../x.safetensors', '/etc/passwd', 'sub/x.safetensors', 'a\\b', '..', '.', '']) {
      expectError(() => parseSafetensorsIndex('openSafetensors', index({ w: shard }), 'i.json'), RangeError, /weight_map\["w"\] is .*; a shard must be a plain file name in the index's directory/);
    }
    expectError(() => parseSafetensorsIndex('t', index({ w: 1 }), 'i.json'), RangeError, /weight_map\["w"\] is 1/);
    expectError(() => parseSafetensorsIndex('t', '{"metadata": {}}', 'i.json'), RangeError, /has no "weight_map" object/);
    expectError(() => parseSafetensorsIndex('t', '{"weight_map": {}, "metadata": 3}', 'i.json'), RangeError, /"metadata" must be an object/);
    expectError(() => parseSafetensorsIndex('t', '{"weight_map": ', 'i.json'), RangeError, /'i\.json': the index is not valid JSON/);
    expectError(() => parseSafetensorsIndex('t', '[]', 'i.json'), RangeError, /'i\.json' is not a JSON object/);
  });
});
