// Bad input gets a TypeError or RangeError that names the argument and says
// what was expected; the output buffer is left untouched.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

import { backend, normal, randomBits, truncatedNormal, uniform } from '../../src/index.js';
import * as promises from '../../src/promises.js';
import { addonPath } from '../../src/native/binding.js';

const info = backend();

describe(`bad input is refused with a typed, precise error (${info.kind}, ${info.simd})`, () => {
  it.each([
    [[-1], RangeError, /shape\[0\] must be a non-negative integer, got -1/],
    [[2.5], RangeError, /shape\[0\] must be a non-negative integer, got 2.5/],
    [[NaN], RangeError, /shape\[0\].*got NaN/],
    [[Infinity], RangeError, /shape\[0\].*got Infinity/],
    [[3, '4'], TypeError, /shape\[1\] must be a non-negative integer, got "4"/],
    ['3', TypeError, /shape must be a number or an array of numbers/],
    [[65536, 65536, 2], RangeError, /more than one typed array holds.*offset/],
  ])('shape %j', (shape, type, message) => {
    expect(() => normal(shape as number[], { seed: 1 })).toThrow(type);
    expect(() => normal(shape as number[], { seed: 1 })).toThrow(message);
  });

  it.each([
    ['normal std < 0', () => normal(4, { std: -1 }), RangeError, /normal: std must be a number >= 0, got -1/],
    ['normal std NaN', () => normal(4, { std: NaN }), RangeError, /std must be a finite number, got NaN/],
    ['normal mean string', () => normal(4, { mean: '0' as unknown as number }), TypeError, /mean must be a finite number, got "0"/],
    ['uniform low >= high', () => uniform(4, { low: 1, high: 1 }), RangeError, /uniform: low must be less than high \(1\), got 1/],
    ['uniform infinite high', () => uniform(4, { high: Infinity }), RangeError, /high must be a finite number/],
    ['uniform span overflows float32', () => uniform(4, { low: -3e38, high: 3e38 }), RangeError, /overflows float32/],
    ['uniform empty in float32', () => uniform(4, { low: 1 + 1e-12, high: 1 + 2e-12 }), RangeError, /no float32 value lies in \[low, high\)/],
    ['truncated low >= high', () => truncatedNormal(4, { low: 2, high: -2 }), RangeError, /truncatedNormal: low must be less than high/],
    ['truncated bound NaN', () => truncatedNormal(4, { low: NaN }), RangeError, /low must be a number \(not NaN\)/],
    ['truncated no mass', () => truncatedNormal(4, { low: 40, high: 41 }), RangeError, /too little probability mass/],
    ['truncated std 0 outside window', () => truncatedNormal(4, { std: 0, low: 1, high: 2 }), RangeError, /all mass is at mean 0/],
    ['seed negative', () => normal(4, { seed: -1 }), RangeError, /seed must be a non-negative safe integer, or a bigint in \[0, 2\^64\), got -1/],
    ['seed 2^64', () => normal(4, { seed: 2n ** 64n }), RangeError, /seed must be an integer in \[0, 2\^64\), got 18446744073709551616n/],
    ['seed fractional', () => normal(4, { seed: 1.5 }), RangeError, /seed must be/],
    ['seed unsafe', () => normal(4, { seed: 2 ** 60 }), RangeError, /seed must be a non-negative safe integer/],
    ['seed string', () => normal(4, { seed: '1' as unknown as number }), TypeError, /seed must be a safe integer or a bigint, got "1"/],
    ['stream 2^64', () => normal(4, { stream: 2n ** 64n }), RangeError, /stream must be an integer in \[0, 2\^64\)/],
    ['offset negative', () => normal(4, { offset: -1 }), RangeError, /offset must be a non-negative safe integer/],
    ['offset past the tensor', () => normal(4, { offset: 5 }), RangeError, /offset must be at most 4 \(the number of elements of shape \[4\]\)/],
    ['out past the tensor', () => normal(4, { offset: 2, out: new Float32Array(3) }), RangeError, /out.length must be at most 2/],
    ['out not the whole tensor without offset', () => normal(4, { out: new Float32Array(3) }), RangeError, /out.length must be 4 .*pass 'offset'/],
    ['shard and offset', () => normal(4, { offset: 1, shard: { world: 2, rank: 0 } }), TypeError, /either 'shard' or 'offset'/],
    ['shard rank', () => normal(4, { shard: { world: 2, rank: 2 } }), RangeError, /rank must be an integer in \[0, 1\]/],
    ['raw bytes out of odd length', () => normal(4, { out: new Uint8Array(15) }), RangeError, /out.byteLength must be a multiple of 4/],
    ['out of another kind', () => normal(4, { out: [0, 0, 0, 0] as never }), TypeError, /out must be a Float32Array.*Buffer or DataView/],
    ['threads 0', () => normal(4, { threads: 0 }), RangeError, /threads must be an integer from 1 to \d+, got 0/],
    ['threads 1.5', () => normal(4, { threads: 1.5 }), RangeError, /threads must be an integer/],
    ['unknown dtype', () => normal(4, { dtype: 'float8' as 'float32' }), TypeError, /dtype must be one of 'float32', 'float64', 'float16', 'bfloat16', got "float8"/],
    ['out of the wrong type', () => normal(4, { out: new Float32Array(4).buffer as never }), TypeError, /out must be a Float32Array, Float64Array, Uint16Array \(float16\/bfloat16 bits\), or any typed array, Buffer or DataView \(raw bytes\), got a ArrayBuffer/],
    ['out of the wrong length', () => normal([2, 3], { out: new Float32Array(5) }), RangeError, /out.length must be 6 \(the elements of shape \[2, 3\]\); pass 'offset' to draw part of it, got 5/],
    ['out and dtype disagree', () => normal(4, { out: new Float32Array(4), dtype: 'float64' }), TypeError, /out is a Float32Array but dtype is 'float64'/],
    ['unknown option', () => normal(4, { sdt: 1 } as never), TypeError, /normal: unknown option 'sdt'; expected one of: mean, std/],
    ['options not an object', () => normal(4, 5 as never), TypeError, /options must be an object, got 5/],
    ['randomBits without seed', () => randomBits(new Uint32Array(4), {} as never), TypeError, /randomBits: option 'seed' is required/],
    ['randomBits without options', () => randomBits(new Uint32Array(4), undefined as never), TypeError, /options with a 'seed' are required/],
    ['randomBits into a Float32Array', () => randomBits(new Float32Array(4) as never, { seed: 1 }), TypeError, /out must be a Uint32Array, got a Float32Array/],
  ])('%s', (_, call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });

  it('leaves out untouched when a call is refused', () => {
    const out = new Float32Array(4).fill(7);
    expect(() => normal(4, { out, std: -1 })).toThrow(RangeError);
    expect(() => normal(4, { out, seed: -1 })).toThrow(RangeError);
    expect([...out]).toEqual([7, 7, 7, 7]);
  });

  it('rejects the Promise forms with the same errors', async () => {
    await expect(promises.normal(4, { std: -1 })).rejects.toThrow(RangeError);
    await expect(promises.uniform([-1])).rejects.toThrow(/shape\[0\]/);
    await expect(promises.randomBits(new Uint32Array(1), {} as never)).rejects.toThrow(TypeError);
  });
});

describe.runIf(info.kind === 'native')('the raw native binding checks what would otherwise crash', () => {
  const raw = (): Record<string, (...args: unknown[]) => unknown> => createRequire(__filename)(addonPath);
  const position = new Uint32Array(7);
  const none = new Float32Array(0);
  const uniformParams = new Float32Array([0, 1, 0.99999994]);

  it.each([
    ['no arguments', []],
    ['unknown distribution', ['gamma', new Float32Array(4), position, none, 1]],
    ['distribution not a string', [1, new Float32Array(4), position, none, 1]],
    ['out not a typed array', ['uniform', [1, 2, 3], position, uniformParams, 1]],
    ['bits into a Float32Array', ['bits', new Float32Array(4), position, none, 1]],
    ['uniform into an Int32Array', ['uniform', new Int32Array(4), position, uniformParams, 1]],
    ['position too short', ['uniform', new Float32Array(4), new Uint32Array(6), uniformParams, 1]],
    ['position of the wrong type', ['uniform', new Float32Array(4), new Float64Array(7), uniformParams, 1]],
    ['phase out of range', ['uniform', new Float32Array(4), new Uint32Array([0, 0, 0, 0, 0, 0, 4]), uniformParams, 1]],
    ['fill past the stream end', ['bits', new Uint32Array(8), new Uint32Array([0, 0, 0, 0, 0xffffffff, 0xffffffff, 0]), none, 1]],
    ['params too short', ['truncatedNormal', new Float32Array(4), position, new Float32Array(6), 1]],
    ['params missing', ['normal', new Float32Array(4), position, undefined, 1]],
    ['threads 0', ['normal', new Float32Array(4), position, new Float32Array(2), 0]],
    ['threads 10^6', ['normal', new Float32Array(4), position, new Float32Array(2), 1e6]],
    ['threads NaN', ['normal', new Float32Array(4), position, new Float32Array(2), NaN]],
    ['threads a string', ['normal', new Float32Array(4), position, new Float32Array(2), '2']],
  ])('%s', (_, args) => {
    for (const fn of ['fill', 'fillAsync']) {
      let error: unknown;
      try {
        raw()[fn]!(...args);
      } catch (e) {
        error = e;
      }
      expect(error, fn).toBeInstanceOf(Error);
      expect((error as Error).message, fn).toMatch(/^weightinit native: /);
    }
  });

  it('treats an array whose buffer was detached as empty: nothing is written, nothing crashes', () => {
    const view = new Float32Array(new ArrayBuffer(16));
    structuredClone(view.buffer, { transfer: [view.buffer] });
    expect(view.length).toBe(0);
    for (const fn of ['fill', 'fillAsync']) {
      expect(() => raw()[fn]!('normal', view, position, new Float32Array(2), 1)).not.toThrow();
    }
  });
});
