// The Promise forms report progress in bytes and stop on an AbortSignal
// between pieces of work, rejecting with an AbortError.
import { describe, expect, it } from 'vitest';

import { backend, normal } from '../../src/index.js';
import * as promises from '../../src/promises.js';
import type { Progress } from '../../src/progress.js';
import { bytes } from '../helpers/reference.js';

const info = backend();
// Large enough for several pieces on either backend.
const N = info.kind === 'native' ? 1 << 26 : 3 << 23;

describe(`progress and abort (${info.kind}, ${info.simd})`, () => {
  it('progress rises to the total, reaching it exactly once, and the result is unchanged', async () => {
    const seen: Progress[] = [];
    const t = await promises.normal([N], { seed: 1, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((p) => p.total === 4 * N)).toBe(true);
    expect(seen.every((p, i) => i === 0 || p.done > seen[i - 1]!.done)).toBe(true);
    expect(seen.filter((p) => p.done === p.total)).toHaveLength(1);
    expect(seen.at(-1)!.done).toBe(4 * N);
    expect(bytes(t.data.subarray(N - 1000)).equals(bytes(normal([N], { seed: 1, offset: N - 1000 }).data))).toBe(true);
  });

  it('also for schemes with no kernel pieces (constants) and for raw bits', async () => {
    const seen: Progress[] = [];
    await promises.zeros([1000], { onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([{ done: 4000, total: 4000 }]);
    const bits: Progress[] = [];
    await promises.randomBits(new Uint32Array(1 << 24), { seed: 2, onProgress: (p) => bits.push(p) });
    expect(bits.at(-1)).toEqual({ done: 1 << 26, total: 1 << 26 });
  });

  it('an already aborted signal rejects with an AbortError carrying the reason, and out is untouched', async () => {
    const out = new Float32Array(1000).fill(7);
    const signal = AbortSignal.abort('stop');
    const call = promises.normal([1000], { seed: 1, out, signal });
    await expect(call).rejects.toMatchObject({ name: 'AbortError', cause: 'stop', message: 'normal: aborted' });
    expect(out.every((v) => v === 7)).toBe(true);
  });

  it('an abort during the fill stops it between pieces', async () => {
    const controller = new AbortController();
    const seen: Progress[] = [];
    const call = promises.heNormal([N / 1024, 1024], {
      seed: 1,
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p);
        controller.abort();
      },
    });
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.done).toBeLessThan(seen[0]!.total);
  });

  it('signal and onProgress are checked', async () => {
    await expect(promises.normal([4], { signal: {} as never })).rejects.toThrow(/normal: signal must be an AbortSignal, got a Object/);
    await expect(promises.normal([4], { onProgress: 1 as never })).rejects.toThrow(/onProgress must be a function, got 1/);
    expect(() => normal([4], { signal: AbortSignal.abort() } as never)).toThrow(/unknown option 'signal'/);
  });
});
