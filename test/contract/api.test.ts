// What every draw returns, on whichever backend this project runs.
import { describe, expect, it } from 'vitest';

import { backend, normal, randomBits, truncatedNormal, uniform } from '../../src/index.js';
import * as promises from '../../src/promises.js';
import { bytes } from '../helpers/reference.js';

const info = backend();

describe(`the public API (${info.kind}, ${info.simd})`, () => {
  it('reports the backend it runs on', () => {
    expect(info.kind).toBe(process.env['WEIGHTINIT_BACKEND']);
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    if (info.kind === 'js') expect(info.simd).toBe('none');
    else expect(info.simd).toBe(process.env['WEIGHTINIT_SIMD'] || info.simd);
    expect(info.threads).toBeGreaterThanOrEqual(1);
  });

  it('returns shape, dtype, data and the seed; the same seed gives the same tensor', () => {
    const t = normal([3, 4], { seed: 11 });
    expect(t.shape).toEqual([3, 4]);
    expect(t.dtype).toBe('float32');
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(t.data).toHaveLength(12);
    expect(t.seed).toBe(11);
    expect(bytes(normal([12], { seed: 11 }).data).equals(bytes(t.data))).toBe(true);
    expect(bytes(normal([12], { seed: 12 }).data).equals(bytes(t.data))).toBe(false);
  });

  it('draws a random seed when none is given and returns it, so the tensor can be drawn again', () => {
    const a = uniform([1000]);
    const b = uniform([1000]);
    expect(a.seed).not.toEqual(b.seed);
    expect(Number.isSafeInteger(a.seed)).toBe(true);
    expect(bytes(uniform([1000], { seed: a.seed }).data).equals(bytes(a.data))).toBe(true);
  });

  it('treats a number seed and the equal bigint alike, and separates streams', () => {
    expect(bytes(uniform(64, { seed: 5 }).data).equals(bytes(uniform(64, { seed: 5n }).data))).toBe(true);
    expect(bytes(uniform(64, { seed: 5, stream: 1 }).data).equals(bytes(uniform(64, { seed: 5 }).data))).toBe(false);
  });

  it('fills a caller-given out array in place and returns it as data', () => {
    const out = new Float32Array(10);
    const t = truncatedNormal([2, 5], { seed: 3, out });
    expect(t.data).toBe(out);
    expect(t.dtype).toBe('float32');
    const out64 = new Float64Array(10);
    const t64 = truncatedNormal([2, 5], { seed: 3, out: out64 });
    expect(t64.dtype).toBe('float64');
    expect([...t64.data]).toEqual([...out]);
  });

  it('gives float64 tensors holding exactly the float32 samples', () => {
    const f32 = normal([257], { seed: 8, mean: 1, std: 3 }).data;
    const f64 = normal([257], { seed: 8, mean: 1, std: 3, dtype: 'float64' }).data;
    expect(f64).toBeInstanceOf(Float64Array);
    expect([...f64]).toEqual([...f32]);
  });

  it('accepts scalar and empty shapes', () => {
    expect(uniform([], { seed: 1 }).data).toHaveLength(1);
    expect(uniform(5, { seed: 1 }).shape).toEqual([5]);
    expect(uniform([0, 7], { seed: 1 }).data).toHaveLength(0);
  });

  it('keeps uniform defaults [0, 1) and truncated-normal defaults mean +- 2 std', () => {
    const u = uniform([4096], { seed: 1 }).data;
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    const t = truncatedNormal([4096], { seed: 1, mean: 10, std: 0.5 }).data;
    expect(Math.min(...t)).toBeGreaterThanOrEqual(9);
    expect(Math.max(...t)).toBeLessThanOrEqual(11);
  });

  it('gives a constant tensor for std 0', () => {
    expect(new Set(normal([100], { seed: 1, mean: 0.5, std: 0 }).data)).toEqual(new Set([0.5]));
    expect(new Set(truncatedNormal([100], { seed: 1, mean: 0.5, std: 0 }).data)).toEqual(new Set([0.5]));
  });

  it('offers every function as a Promise in weightinit/promises, resolving to the same result', async () => {
    const pending = promises.normal([16], { seed: 2 });
    expect(pending).toBeInstanceOf(Promise);
    const t = await pending;
    expect(t.seed).toBe(2);
    expect([...t.data]).toEqual([...normal([16], { seed: 2 }).data]);
    const out = new Uint32Array(8);
    expect(await promises.randomBits(out, { seed: 1 })).toBe(out);
  });

  it('keeps the event loop turning while a Promise fill runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await promises.normal([info.kind === 'js' ? 1 << 20 : 1 << 24], { seed: 1, threads: 1 });
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });

  it('returns the Uint32Array it filled from randomBits', () => {
    const out = new Uint32Array(5);
    expect(randomBits(out, { seed: 0 })).toBe(out);
    expect(out.some((w) => w !== 0)).toBe(true);
  });
});
