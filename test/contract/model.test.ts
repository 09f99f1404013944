// initModel: one seed for the model, one stream per parameter derived from
// its name alone, so each parameter is reproducible on its own whatever else
// the model holds.
import { describe, expect, it } from 'vitest';

import * as w from '../../src/index.js';
import { parameterStream } from '../../src/model/parameterStream.js';
import * as promises from '../../src/promises.js';
import { bytes } from '../helpers/reference.js';

const info = w.backend();

const base = {
  'embed.weight': { shape: [1000, 64], scheme: 'normal', options: { std: 0.02 } },
  'encoder.layers.0.attn.q.weight': { shape: [64, 64], scheme: 'xavier_uniform', options: { convention: 'pytorch' } },
  'encoder.layers.0.attn.q.bias': { shape: [64], scheme: 'zeros' },
  'encoder.layers.0.mlp.weight': { shape: [256, 64], scheme: 'kaiming-normal', options: { convention: 'pytorch', nonlinearity: 'relu' } },
  'encoder.layers.0.mlp.rotation': { shape: [64, 64], scheme: 'orthogonal' },
  'head.weight': { shape: [10, 64], scheme: 'heUniform', dtype: 'bfloat16' as const },
};

describe(`initModel (${info.kind}, ${info.simd})`, () => {
  it("a parameter's stream is the first 63 bits of SHA-256 of its name (values from Python's hashlib)", () => {
    expect(parameterStream('encoder.layers.3.attn.q.weight')).toBe(5969247227686439385n);
    expect(parameterStream('')).toBe(1449310910991872227n);
  });

  it('each parameter equals its scheme drawn alone with the model seed and its stream', () => {
    const model = w.initModel(base, { seed: 42 });
    expect(Object.keys(model)).toEqual(Object.keys(base));
    const q = w.xavierUniform([64, 64], { convention: 'pytorch', seed: 42, stream: parameterStream('encoder.layers.0.attn.q.weight') });
    expect(bytes(model['encoder.layers.0.attn.q.weight']!.data).equals(bytes(q.data))).toBe(true);
    const head = w.heUniform([10, 64], { seed: 42, stream: parameterStream('head.weight'), dtype: 'bfloat16' });
    expect(bytes(model['head.weight']!.data).equals(bytes(head.data))).toBe(true);
    expect(model['encoder.layers.0.attn.q.bias']!.data.every((v) => v === 0)).toBe(true);
  });

  it('adding, removing and reordering parameters never changes the others', () => {
    const before = w.initModel(base, { seed: 7 });
    const entries = Object.entries(base).filter(([name]) => name !== 'embed.weight').reverse();
    const changed = Object.fromEntries([['encoder.layers.0.attn.k.weight', { shape: [64, 64], scheme: 'glorotNormal' }], ...entries]);
    const after = w.initModel(changed, { seed: 7 });
    for (const [name] of entries) expect(bytes(after[name]!.data).equals(bytes(before[name]!.data)), name).toBe(true);
  });

  it('a different seed or name changes the values', () => {
    const a = w.initModel({ x: { shape: [100], scheme: 'normal' } }, { seed: 1 }).x!.data;
    const b = w.initModel({ x: { shape: [100], scheme: 'normal' } }, { seed: 2 }).x!.data;
    const c = w.initModel({ y: { shape: [100], scheme: 'normal' } }, { seed: 1 }).y!.data;
    expect(bytes(a).equals(bytes(b))).toBe(false);
    expect(bytes(a).equals(bytes(c))).toBe(false);
  });

  it('without a seed, each tensor carries the fresh seed that reproduces the model', () => {
    const model = w.initModel(base);
    const seed = model['embed.weight']!.seed;
    expect(Object.values(model).every((t) => t.seed === seed)).toBe(true);
    expect(bytes(w.initModel(base, { seed })['embed.weight']!.data).equals(bytes(model['embed.weight']!.data))).toBe(true);
  });

  it('the Promise form returns the same tensors', async () => {
    const sync = w.initModel(base, { seed: 3, dtype: 'float16' });
    const async_ = await promises.initModel(base, { seed: 3, dtype: 'float16' });
    for (const name of Object.keys(base)) expect(bytes(async_[name]!.data).equals(bytes(sync[name]!.data)), name).toBe(true);
  });

  it.each([
    ['spec not an object', () => w.initModel([] as never), TypeError, /initModel: spec must be an object mapping parameter names/],
    ['unknown scheme', () => w.initModel({ a: { shape: [2], scheme: 'he' } }), TypeError, /spec\["a"\]: scheme must be one of/],
    ['bad shape', () => w.initModel({ a: { shape: [2, -1], scheme: 'zeros' } }), RangeError, /spec\["a"\]: shape\[1\] must be a non-negative integer/],
    ['unknown entry key', () => w.initModel({ a: { shape: [2], scheme: 'zeros', std: 1 } as never }), TypeError, /unknown option 'std'/],
    ['seed inside options', () => w.initModel({ a: { shape: [2], scheme: 'normal', options: { seed: 1 } } }), TypeError, /must not set 'seed': the model sets it/],
    ['a bad scheme option', () => w.initModel({ a: { shape: [2], scheme: 'normal', options: { std: -1 } } }), RangeError, /std/],
    ['file in the sync form', () => w.initModel({}, { file: 'x.safetensors' } as never), TypeError, /unknown option 'file'/],
  ])('%s is refused before anything is drawn', (_, call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });
});
