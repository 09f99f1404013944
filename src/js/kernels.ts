// The TypeScript backend: the twin of the native kernel tables, one element
// at a time, single-threaded.
import type { Distribution, KernelInfo, KernelOutput, Kernels } from '../kernels.js';
import { advance, type Position } from '../stream.js';
import { philox4x32_10 } from './philox.js';
import { normalFromWord, truncatedNormalFromWord, uniformFromWord } from './samplers.js';

type FromWord = (w: number, params: Float32Array) => number;

const block = new Uint32Array(4);

// Calls emit(i, word) for the n words starting at position p.
function forEachWord(p: Position, n: number, emit: (i: number, w: number) => void): void {
  const [k0, k1, s0, s1] = [p[0]!, p[1]!, p[2]!, p[3]!];
  let lo = p[4]!;
  let hi = p[5]!;
  let lane = p[6]!;
  for (let i = 0; i < n; ) {
    philox4x32_10(lo, hi, s0, s1, k0, k1, block, 0);
    for (; lane < 4 && i < n; lane++, i++) emit(i, block[lane]!);
    lane = 0;
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi = (hi + 1) >>> 0;
  }
}

export function fillBits(out: Uint32Array, p: Position): void {
  forEachWord(p, out.length, (i, w) => { out[i] = w; });
}

function fillWith(sample: FromWord): (out: Float32Array | Float64Array, p: Position, params: Float32Array) => void {
  return (out, p, params) => forEachWord(p, out.length, (i, w) => { out[i] = sample(w, params); });
}

export const fillUniform = fillWith(uniformFromWord);
export const fillNormal = fillWith(normalFromWord);
export const fillTruncatedNormal = fillWith(truncatedNormalFromWord);

export function fill(distribution: Distribution, out: KernelOutput, p: Position, params: Float32Array): void {
  if (distribution === 'bits') fillBits(out as Uint32Array, p);
  else if (distribution === 'uniform') fillUniform(out as Float32Array, p, params);
  else if (distribution === 'normal') fillNormal(out as Float32Array, p, params);
  else fillTruncatedNormal(out as Float32Array, p, params);
}

// Elements per slice of an async fill; between slices the event loop runs.
const ASYNC_SLICE = 1 << 16;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Fills in slices, yielding between them, so the event loop keeps running. */
export async function fillAsync(distribution: Distribution, out: KernelOutput, p: Position, params: Float32Array): Promise<void> {
  for (let start = 0; start < out.length; start += ASYNC_SLICE) {
    await yieldToEventLoop();
    fill(distribution, out.subarray(start, start + ASYNC_SLICE), advance(p, start), params);
  }
}

export const jsKernels: Kernels = {
  kind: 'js',
  fill,
  fillAsync,
  info: (): KernelInfo => ({ simd: 'none', threads: 1, maxThreads: 256 }),
};
