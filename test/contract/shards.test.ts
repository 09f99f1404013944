// Element i of a tensor depends only on (seed, stream, i): the tensor drawn
// whole equals its parts drawn alone — flat ranges at an offset, or the
// shards of several ranks along any axis — assembled, byte for byte, into
// any kind of output, synchronously or not.
import { describe, expect, it } from 'vitest';

import * as w from '../../src/index.js';
import * as promises from '../../src/promises.js';
import { bytes } from '../helpers/reference.js';

const info = w.backend();
const draws = { uniform: w.uniform, normal: w.normal, truncatedNormal: w.truncatedNormal, heNormal: w.heNormal, glorotUniform: w.glorotUniform } as const;

// Uneven cut points, so part edges fall inside blocks and vectors.
const CUTS = [0, 1, 6, 17, 1000, 4099, 70001, 100003];

/** Copies the shard (start..end along axis) of a row-major tensor out of `whole`. */
function sliceAlong(whole: Float32Array, dims: number[], axis: number, start: number, end: number): Float32Array {
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = dims.slice(0, axis).reduce((a, b) => a * b, 1);
  const run = (end - start) * inner;
  const out = new Float32Array(outer * run);
  for (let o = 0; o < outer; o++) out.set(whole.subarray((o * dims[axis]! + start) * inner, (o * dims[axis]! + end) * inner), o * run);
  return out;
}

describe(`parts equal the whole (${info.kind}, ${info.simd})`, () => {
  for (const [name, draw] of Object.entries(draws)) {
    it(`${name}: flat ranges at offsets, assembled into views of one buffer`, () => {
      const n = CUTS[CUTS.length - 1]!;
      const shape = [n, 1];
      const whole = draw(shape, { seed: 2024n, stream: 5 }).data;
      const assembled = new Float32Array(n);
      for (let s = 0; s + 1 < CUTS.length; s++) {
        const [a, b] = [CUTS[s]!, CUTS[s + 1]!];
        const part = draw(shape, { seed: 2024n, stream: 5, offset: a, out: assembled.subarray(a, b) });
        expect(part.shape).toEqual([b - a]);
      }
      expect(bytes(assembled).equals(bytes(whole))).toBe(true);
    });
  }

  it('the scale of a part comes from the whole shape: PyTorch heNormal of rows of a [4096, 512] layer has std sqrt(2/512)', () => {
    const pytorch = { convention: 'pytorch' } as const; // [out, in], plain normal
    const rows = w.heNormal([4096, 512], { ...pytorch, seed: 3, offset: 512 * 100, out: new Float32Array(512 * 200) }).data;
    expect(w.schemeDistribution('heNormal', [4096, 512], pytorch)).toMatchObject({ std: Math.sqrt(2 / 512) });
    const whole = w.heNormal([4096, 512], { ...pytorch, seed: 3 }).data;
    expect(bytes(rows).equals(bytes(whole.subarray(512 * 100, 512 * 300)))).toBe(true);
  });

  it('without an out, a draw from an offset runs to the end of the tensor', () => {
    const whole = w.normal([10, 100], { seed: 8 }).data;
    const tail = w.normal([10, 100], { seed: 8, offset: 737 });
    expect(tail.shape).toEqual([263]);
    expect(bytes(tail.data).equals(bytes(whole.subarray(737)))).toBe(true);
  });

  it('a tensor of more than 2^32 elements is drawn in parts: a slice across the 2^34-word segment boundary', () => {
    const shape = [1 << 20, 1 << 16]; // 2^36 elements, 256 GiB as float32: never allocated
    const at = 2 ** 34 - 5;
    const part = w.heNormal(shape, { seed: 11, convention: 'pytorch', offset: at, out: new Float32Array(10) }).data;
    const std = Math.sqrt(2 / (1 << 16));
    const sameStream = w.normal([2 ** 36], { seed: 11, std: Math.fround(std), offset: at, out: new Float32Array(10) }).data;
    expect(bytes(part).equals(bytes(sameStream))).toBe(true);
    expect(() => w.heNormal(shape, { seed: 11 })).toThrow(/more than one typed array holds \(2\^32\).*'offset' and 'out', or with 'shard'/);
  });

  describe('shards of several world sizes and axes assemble into the whole', () => {
    const dims = [13, 7, 11];
    const whole = w.truncatedNormal(dims, { seed: 99n, stream: 2, std: 0.5 }).data;
    for (const axis of [0, 1, 2, -1]) {
      for (const world of [1, 2, 3, 4, 5, 16]) {
        it(`axis ${axis}, world ${world}`, () => {
          const a = axis < 0 ? axis + dims.length : axis;
          let covered = 0;
          for (let rank = 0; rank < world; rank++) {
            const s = w.shard(dims, { world, rank, axis });
            const got = w.truncatedNormal(dims, { seed: 99n, stream: 2, std: 0.5, shard: { world, rank, axis } });
            expect(got.shape).toEqual(s.shape);
            expect(bytes(got.data).equals(bytes(sliceAlong(whole, dims, a, s.start, s.end))), `rank ${rank}`).toBe(true);
            covered += s.end - s.start;
          }
          expect(covered).toBe(dims[a]);
        });
      }
    }
  });

  it('shard() splits like torch.chunk: ceil(n / world) per rank, the last ones fewer or none', () => {
    expect([0, 1, 2, 3].map((rank) => w.shard([10, 4], { world: 4, rank }).shape[0])).toEqual([3, 3, 3, 1]);
    expect([0, 1, 2, 3].map((rank) => w.shard([5, 4], { world: 4, rank }).shape[0])).toEqual([2, 2, 1, 0]);
    expect(w.shard([6, 8, 2], { world: 4, rank: 1, axis: 1 })).toEqual({
      world: 4, rank: 1, axis: 1, start: 2, end: 4, shape: [6, 2, 2], offset: 4, length: 24,
    });
    const empty = w.normal([5, 4], { seed: 1, shard: { world: 4, rank: 3 } });
    expect(empty.shape).toEqual([0, 4]);
    expect(empty.data.length).toBe(0);
  });

  it('a Shard from shard() can be passed back as the option; an edited one is refused', () => {
    const s = w.shard([64, 32], { world: 3, rank: 2, axis: 1 });
    const got = w.normal([64, 32], { seed: 5, shard: s }).data;
    expect(bytes(got).equals(bytes(w.normal([64, 32], { seed: 5, shard: { world: 3, rank: 2, axis: 1 } }).data))).toBe(true);
    expect(() => w.normal([64, 32], { seed: 5, shard: { ...s, start: 0 } })).toThrow(RangeError);
    expect(() => w.normal([64, 31], { seed: 5, shard: s })).toThrow(/shard.end must be 31/);
  });

  it('float16, bfloat16 and float64 shards equal the whole tensor in that dtype', () => {
    for (const dtype of ['float16', 'bfloat16', 'float64'] as const) {
      const whole = w.glorotNormal([40, 30], { seed: 6, dtype }).data;
      const parts = [0, 1, 2].map((rank) => w.glorotNormal([40, 30], { seed: 6, dtype, shard: { world: 3, rank } }).data);
      expect(Buffer.concat(parts.map(bytes)).equals(bytes(whole)), dtype).toBe(true);
    }
  });

  it('out may be raw bytes: a Buffer, an unaligned Uint8Array view, a DataView, a view on a SharedArrayBuffer', () => {
    const whole = w.normal([1000], { seed: 21, dtype: 'float64' }).data;
    const buffer = Buffer.alloc(8000);
    w.normal([1000], { seed: 21, dtype: 'float64', out: buffer });
    expect(buffer.equals(bytes(whole))).toBe(true);

    const unaligned = new Uint8Array(new ArrayBuffer(8003), 3, 8000);
    const t = w.normal([1000], { seed: 21, dtype: 'float64', out: unaligned });
    expect(Buffer.from(unaligned).equals(bytes(whole))).toBe(true);
    expect(bytes(t.data).equals(bytes(whole))).toBe(true);

    const view = new DataView(new ArrayBuffer(8000));
    w.normal([1000], { seed: 21, dtype: 'float64', out: view });
    expect(view.getFloat64(8 * 999, true)).toBe(whole[999]);

    const shared = new Float32Array(new SharedArrayBuffer(4 * 1000));
    w.normal([2000], { seed: 21, offset: 1000, out: shared });
    expect(bytes(shared).equals(bytes(w.normal([2000], { seed: 21 }).data.subarray(1000)))).toBe(true);
  });

  it('randomBits: parts at offsets anywhere in the 2^66-word stream', () => {
    const n = 5003;
    const whole = w.randomBits(new Uint32Array(n), { seed: 9, offset: 2n ** 40n });
    const assembled = new Uint32Array(n);
    for (const [a, b] of [[0, 3], [3, 1234], [1234, 5003]] as const) {
      w.randomBits(assembled.subarray(a, b), { seed: 9, offset: 2n ** 40n + BigInt(a) });
    }
    expect(bytes(assembled).equals(bytes(whole))).toBe(true);
  });

  it('Promise forms equal the sync forms, also for parts and shards', async () => {
    for (const name of ['uniform', 'normal', 'truncatedNormal', 'heNormal'] as const) {
      const sync = draws[name]([300004], { seed: 31 }).data;
      const whole = (await promises[name]([300004], { seed: 31 })).data;
      const tail = (await promises[name]([300004], { seed: 31, offset: 299000 })).data;
      const shard = (await promises[name]([300004], { seed: 31, shard: { world: 4, rank: 3 } })).data;
      expect(bytes(whole).equals(bytes(sync)), name).toBe(true);
      expect(bytes(tail).equals(bytes(sync.subarray(299000))), `${name} tail`).toBe(true);
      expect(bytes(shard).equals(bytes(sync.subarray(225003))), `${name} shard`).toBe(true);
    }
    const strided = await promises.normal([300, 1000], { seed: 2, shard: { world: 7, rank: 5, axis: 1 } });
    expect(bytes(strided.data).equals(bytes(w.normal([300, 1000], { seed: 2, shard: { world: 7, rank: 5, axis: 1 } }).data))).toBe(true);
    const bits = await promises.randomBits(new Uint32Array(1000), { seed: 4 });
    expect(bytes(bits).equals(bytes(w.randomBits(new Uint32Array(1000), { seed: 4 })))).toBe(true);
  });
});
