// The readers over files whose headers are generated, not damaged at random:
// every field of a .npy dict and a .safetensors JSON header takes plausible,
// edge and absurd values (shapes of 10^15 elements, offsets past the file,
// wrong types), and an index may point anywhere. Each read returns a tensor
// consistent with its header and the file, or a TypeError/RangeError.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

import * as w from '../../src/index.js';
import * as promises from '../../src/promises.js';
import { rawNpy, rawSafetensors } from '../io/files.js';
import { hostileValue } from './hostileValues.js';
import { asyncOutcomeOf, outcomeOf } from './outcome.js';
import { runs } from './runs.js';

const dir = mkdtempSync(join(tmpdir(), 'weightinit-properties-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ARRAY = { float32: Float32Array, float64: Float64Array, float16: Uint16Array, bfloat16: Uint16Array } as const;

/** Dims as a header may claim them: small, huge, past 2^53, negative, fractional. */
const claimedDim = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 4 }), weight: 8 },
  { arbitrary: fc.constantFrom(2 ** 20, 2 ** 32, 1e15, 2 ** 53 - 1, 2 ** 53, 2 ** 64, -1, 1.5), weight: 1 },
);
const claimedShape = fc.array(claimedDim, { maxLength: 4 });
const bytesOf = (n: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * 37) & 0xff));
const dataBytes = fc.integer({ min: 0, max: 200 }).map(bytesOf);
const rangeOptions = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  { arbitrary: fc.record({ offset: fc.oneof(fc.nat(40), fc.constantFrom(2 ** 53, 2n ** 64n, -1)), length: fc.oneof(fc.nat(40), fc.constantFrom(2 ** 32 + 1, -1, 0.5)) }, { requiredKeys: [] }), weight: 2 },
  { arbitrary: hostileValue, weight: 1 },
);

/** A read result: its data holds exactly its shape's elements of its dtype. */
function expectConsistent(t: { shape: number[]; dtype: keyof typeof ARRAY; data: ArrayBufferView }): void {
  expect(t.data).toBeInstanceOf(ARRAY[t.dtype]);
  expect((t.data as Float32Array).length).toBe(t.shape.reduce((a, b) => a * b, 1));
}

/** Any JSON a header could hold where an entry, shape or offsets belong. */
const jsonJunk = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(1e300, -1, 0.5, 2 ** 64, '', 'F32', [1, 2, 3], { dtype: 'F32' }));

/** undefined 7 times in 8, else a value of `a` (fc.option's freq counts the other way round). */
const rarely = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ arbitrary: fc.constant(undefined), weight: 7 }, { arbitrary: a, weight: 1 });

let serial = 0;
const fileNamed = (suffix: string): string => join(dir, `f${serial++}${suffix}`);

describe('readers over generated headers', () => {
  it('.npy: a tensor matching its header, or a TypeError/RangeError (sync and async)', async () => {
    const dict = fc.record({
      descr: fc.oneof({ arbitrary: fc.constantFrom("'<f4'", "'<f8'", "'<f2'", "'>f4'", "'|f8'"), weight: 4 }, { arbitrary: fc.constantFrom("'<i4'", "'<c8'", "[('a', '<f4')]", "'<f4"), weight: 1 }),
      fortran: fc.oneof({ arbitrary: fc.constant('False'), weight: 4 }, { arbitrary: fc.constantFrom('True', '0', "'no'"), weight: 1 }),
      shape: claimedShape,
      extra: fc.oneof({ arbitrary: fc.constant(''), weight: 4 }, { arbitrary: fc.constantFrom(", 'x': 1", ", 'shape': (1,)"), weight: 1 }),
    });
    // Mostly exactly the data the header describes (so that reads succeed), else any number of bytes.
    const file = dict.chain((d) => {
      const itemSize = Number(/f([248])/.exec(d.descr)?.[1] ?? 4);
      const exact = d.shape.every((n) => Number.isSafeInteger(n) && n >= 0) ? d.shape.reduce((a, b) => a * b, 1) * itemSize : Infinity;
      const data = exact <= 4096 ? fc.oneof({ arbitrary: fc.constant(exact).map(bytesOf), weight: 3 }, { arbitrary: dataBytes, weight: 1 }) : dataBytes;
      return data.map((bytes) => ({ d, bytes }));
    });
    let reads = 0;
    await fc.assert(
      fc.asyncProperty(file, fc.constantFrom(1, 2, 3), rangeOptions, async ({ d, bytes }, major, range) => {
        const path = fileNamed('.npy');
        const tuple = d.shape.length === 1 ? `(${d.shape[0]},)` : `(${d.shape.join(', ')})`;
        writeFileSync(path, rawNpy(`{'descr': ${d.descr}, 'fortran_order': ${d.fortran}, 'shape': ${tuple}${d.extra}, }`, bytes, major));
        const sync = outcomeOf(() => w.readNpy(path, range as never));
        const viaPromise = await asyncOutcomeOf(() => promises.readNpy(path, range as never));
        expect(viaPromise.ok).toBe(sync.ok);
        if (!sync.ok) return;
        reads++;
        expectConsistent(sync.value as never);
        if (range === undefined) expect(sync.value.shape).toEqual(d.shape);
      }),
      runs(300),
    );
    expect(reads, 'generated files that read: the property must reach past the checks').toBeGreaterThan(30);
  });

  it('.safetensors: tensors matching their headers, or a TypeError/RangeError (sync, async, openSafetensors)', async () => {
    const code = fc.constantFrom('F32', 'F64', 'F16', 'BF16');
    const SIZE: Record<string, number> = { F32: 4, F64: 8, F16: 2, BF16: 2 };
    const names = fc.constantFrom('w', 'b', 'layer.0.weight', '__metadata__', 'toString', '__proto__', '');
    const tensors = fc.uniqueArray(fc.record({ name: names.filter((n) => n !== '__metadata__'), dtype: code, shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }) }), { selector: (t) => t.name, maxLength: 3 });
    // One damage at most: a field replaced by an edge or junk value, or the data cut or extended.
    const damage = fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 4 },
      { arbitrary: fc.record({ field: fc.constantFrom('dtype', 'shape', 'data_offsets', 'entry'), value: fc.oneof(claimedShape, jsonJunk, fc.constantFrom('I8', 'U64', 'f32', 'toString')) }), weight: 2 },
      { arbitrary: fc.record({ field: fc.constant('data'), value: fc.integer({ min: -8, max: 8 }) }), weight: 1 },
    );
    const metadataValue = fc.oneof({ arbitrary: fc.string({ maxLength: 3 }), weight: 8 }, { arbitrary: jsonJunk, weight: 1 });
    const header = fc.tuple(tensors, damage, fc.option(fc.dictionary(fc.string({ maxLength: 3 }), metadataValue, { maxKeys: 2 }))).map(([list, harm, metadata]) => {
      const json: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
      let at = 0;
      for (const t of list) {
        const size = t.shape.reduce((a, b) => a * b, 1) * SIZE[t.dtype]!;
        // defineProperty: a tensor may be named "__proto__", which plain assignment would not make a key.
        Object.defineProperty(json, t.name, { value: { dtype: t.dtype, shape: t.shape, data_offsets: [at, at + size] }, enumerable: true, writable: true, configurable: true });
        at += size;
      }
      let dataLength = at;
      const victim = list[0] && (json[list[0].name] as Record<string, unknown>);
      if (harm?.field === 'data') dataLength = Math.max(0, at + (harm.value as number));
      else if (harm && victim) {
        if (harm.field === 'entry') Object.defineProperty(json, list[0]!.name, { value: harm.value, enumerable: true });
        else victim[harm.field] = harm.value;
      }
      return { json, data: bytesOf(dataLength) };
    });
    let reads = 0;
    await fc.assert(
      fc.asyncProperty(header, rarely(fc.constantFrom(0n, 2n ** 63n, 2n ** 64n - 1n, 1n << 40n)), rangeOptions, async ({ json, data }, claimedLength, range) => {
        const path = fileNamed('.safetensors');
        writeFileSync(path, rawSafetensors(JSON.stringify(json), data, claimedLength ?? undefined));
        const sync = outcomeOf(() => w.readSafetensors(path));
        const viaPromise = await asyncOutcomeOf(() => promises.readSafetensors(path));
        expect(viaPromise.ok).toBe(sync.ok);
        if (sync.ok) {
          reads++;
          for (const t of Object.values(sync.value)) expectConsistent(t as never);
        }
        const opened = outcomeOf(() => w.openSafetensors(path));
        if (!opened.ok) return;
        try {
          for (const t of opened.value.tensors) {
            const part = outcomeOf(() => opened.value.read(t.name, range as never));
            if (part.ok) expectConsistent(part.value as never);
          }
          outcomeOf(() => opened.value.read(hostileValue as never));
        } finally {
          opened.value.close();
        }
      }),
      runs(300),
    );
    expect(reads, 'generated files that read: the property must reach past the checks').toBeGreaterThan(30);
  });

  it('an index can only name shards in its own directory', async () => {
    const inner = join(dir, 'index');
    mkdirSync(inner, { recursive: true });
    const tensor = { w: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } };
    // A valid shard beside the index, and one outside the directory that an index must never reach.
    writeFileSync(join(inner, 'inside.safetensors'), rawSafetensors(JSON.stringify(tensor), Buffer.alloc(4)));
    writeFileSync(join(dir, 'outside.safetensors'), rawSafetensors(JSON.stringify(tensor), Buffer.alloc(4)));
    const shardName = fc.constantFrom('inside.safetensors', '../outside.safetensors', `${dir}/outside.safetensors`, 'sub/inside.safetensors', '..', '.', '', 'in\0side', '..\\outside.safetensors', 'missing.safetensors');
    await fc.assert(
      fc.asyncProperty(shardName, rarely(jsonJunk), async (shard, junk) => {
        const index = join(inner, 'model.safetensors.index.json');
        writeFileSync(index, JSON.stringify({ metadata: junk ?? {}, weight_map: { w: shard } }));
        const sync = outcomeOf(() => w.readSafetensors(index));
        const viaPromise = await asyncOutcomeOf(() => promises.readSafetensors(index));
        expect(viaPromise.ok).toBe(sync.ok);
        // Only the shard in the index's own directory can be read.
        if (sync.ok) expect(shard).toBe('inside.safetensors');
      }),
      runs(60),
    );
  });
});
