// Whole models and files: initModel over random specs (names, shapes,
// schemes, options, dtypes, junk), and the writers over random tensors and
// options. Each call returns what was asked — a tensor per parameter with
// its shape and dtype, files that read back byte for byte — or a
// TypeError/RangeError, and leaves no file behind when it fails.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

import * as w from '../../src/index.js';
import * as promises from '../../src/promises.js';
import { bytes } from '../helpers/reference.js';
import { DTYPES, seedLike } from './drawCalls.js';
import { hostileValue, mostly, notAnObject } from './hostileValues.js';
import { asyncOutcomeOf, firstNaN, isSystemError, outcomeOf } from './outcome.js';
import { runs } from './runs.js';
import { smallShape } from './shapes.js';

const dir = mkdtempSync(join(tmpdir(), 'weightinit-models-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const schemeName = fc.constantFrom('heNormal', 'he-normal', 'kaiming_normal', 'glorotUniform', 'zeros', 'ones', 'normal', 'uniform', 'truncatedNormal', 'orthogonal', 'identity', 'lecunNormal', 'constant', 'sparse', 'nope');
const parameterOptions = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 4 },
  { arbitrary: fc.record({ std: mostly(fc.double({ min: 0, max: 2, noNaN: true })), convention: mostly(fc.constantFrom('keras', 'pytorch', 'jax')) }, { requiredKeys: [] }), weight: 3 },
  { arbitrary: fc.record({ value: mostly(fc.double({ min: -2, max: 2, noNaN: true })), sparsity: fc.double({ min: 0, max: 0.9, noNaN: true }) }, { requiredKeys: [] }), weight: 1 },
  { arbitrary: fc.record({ seed: fc.nat(), offset: fc.nat(), out: fc.constant(new Float32Array(1)) }, { requiredKeys: [] }), weight: 1 },
  { arbitrary: hostileValue, weight: 1 },
);
const parameter = fc.record(
  { shape: fc.oneof({ arbitrary: smallShape, weight: 9 }, { arbitrary: hostileValue, weight: 1 }), scheme: mostly(schemeName), options: parameterOptions, dtype: mostly(fc.constantFrom(...DTYPES)) },
  { requiredKeys: ['shape', 'scheme'] },
);
const parameterName = fc.oneof(fc.constantFrom('encoder.0.weight', 'encoder.0.bias', 'w', '', '__proto__', 'constructor', 'a/b', '..'), fc.string({ maxLength: 8 }));
const spec = fc.oneof({ arbitrary: fc.dictionary(parameterName, fc.oneof({ arbitrary: parameter, weight: 9 }, { arbitrary: hostileValue, weight: 1 }), { maxKeys: 4 }), weight: 12 }, { arbitrary: notAnObject, weight: 1 });
const modelOptions = fc.oneof(
  { arbitrary: fc.record({ seed: seedLike, dtype: mostly(fc.constantFrom(...DTYPES)), threads: mostly(fc.constantFrom(1, 2)) }, { requiredKeys: [] }), weight: 8 },
  { arbitrary: fc.constant(undefined), weight: 1 },
  { arbitrary: notAnObject, weight: 1 },
);

const ARRAY = { float32: Float32Array, float64: Float64Array, float16: Uint16Array, bfloat16: Uint16Array } as const;

describe('initModel and the writers over random arguments', () => {
  it('initModel: a tensor per parameter with its shape and dtype, the same bytes for the same seed, sync and async alike', async () => {
    await fc.assert(
      fc.asyncProperty(spec, modelOptions, async (s, o) => {
        const sync = outcomeOf(() => w.initModel(s as never, o as never));
        const viaPromise = await asyncOutcomeOf(() => promises.initModel(s as never, o as never));
        expect(viaPromise.ok).toBe(sync.ok);
        if (!sync.ok || !viaPromise.ok) return;
        const entries = Object.entries(s as Record<string, { shape: number[]; dtype?: keyof typeof ARRAY }>);
        expect(Object.keys(sync.value).sort()).toEqual(entries.map(([name]) => name).sort());
        for (const [name, p] of entries) {
          const t = sync.value[name]!;
          const dtype = p.dtype ?? (o as { dtype?: keyof typeof ARRAY } | undefined)?.dtype ?? 'float32';
          expect(t.shape).toEqual(typeof p.shape === 'number' ? [p.shape] : [...p.shape]);
          expect(t.dtype).toBe(dtype);
          expect(t.data).toBeInstanceOf(ARRAY[dtype]);
          expect(firstNaN(t.data)).toBeUndefined();
          // The same seed, the same bytes (the sync and Promise forms each drew a fresh one when none was given).
          const again = w.initModel(s as never, { ...(o as object | undefined), seed: t.seed } as never)[name]!;
          expect(bytes(again.data).equals(bytes(t.data))).toBe(true);
        }
      }),
      runs(250, 150),
    );
  });

  it('writeSafetensors / writeNpy: files that read back byte for byte, or a typed error and no file left', async () => {
    const tensor = fc.record({ shape: smallShape, dtype: fc.constantFrom(...DTYPES), seed: fc.nat() }).map(({ shape, dtype, seed }) => w.normal(shape, { dtype, seed }));
    const tensorLike = fc.oneof({ arbitrary: tensor, weight: 8 }, { arbitrary: fc.record({ shape: mostly(smallShape), dtype: mostly(fc.constantFrom(...DTYPES)), data: mostly(fc.constant(new Float32Array(4))) }), weight: 1 }, { arbitrary: hostileValue, weight: 1 });
    const fileOptions = fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 4 },
      { arbitrary: fc.record({ maxShardBytes: mostly(fc.integer({ min: 1, max: 400 })), memoryBudget: mostly(fc.constant(2 ** 20)), metadata: mostly(fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 })) }, { requiredKeys: [] }), weight: 4 },
      { arbitrary: hostileValue, weight: 1 },
    );
    const target = fc.constantFrom('out.safetensors', 'out.npy', 'out.txt', '', 'sub/dir/out.safetensors', 'sub/dir/out.npy');
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom('a', 'b.weight', 'c', ''), tensorLike, { minKeys: 1, maxKeys: 3 }), fileOptions, target, async (tensors, options, name) => {
        const roundDir = join(dir, `w${round++}`);
        rmSync(roundDir, { recursive: true, force: true });
        mkdirSync(roundDir);
        const file = join(roundDir, name);
        const written = name.endsWith('.npy')
          ? await asyncOutcomeOf(() => promises.writeNpy(file, Object.values(tensors)[0] as never, options as never), true)
          : await asyncOutcomeOf(() => promises.writeSafetensors(file, tensors as never, options as never), true);
        if (!written.ok) {
          // Nothing under any name: no final file and no temporary left behind ('sub/dir' does not exist: ENOENT).
          expect(readdirSync(roundDir)).toEqual([]);
          // The operating system's error names the file to be written (a shard's, when sharded), never its temporary.
          if (isSystemError(written.error)) expect((written.error as NodeJS.ErrnoException).path).not.toMatch(/\.partial$/);
          return;
        }
        if (name.endsWith('.npy')) {
          const back = w.readNpy(file);
          expect(bytes(back.data).equals(bytes((Object.values(tensors)[0] as w.Tensor).data))).toBe(true);
        } else {
          const back = w.readSafetensors(written.value.index ?? file);
          for (const [key, t] of Object.entries(tensors)) expect(bytes(back[key]!.data).equals(bytes((t as w.Tensor).data))).toBe(true);
        }
        expect(readdirSync(roundDir).filter((f) => f.endsWith('.partial'))).toEqual([]);
      }),
      runs(150, 100),
    );
  });
});
