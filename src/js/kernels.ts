// The TypeScript backend: the twin of the native kernel tables. Large fills
// are shared out to worker threads (fillPool.ts).
// Words are made a tile at a time (philoxBlocks), and each distribution maps a
// tile with the operations of samplers.ts in bulk loops, the normal quantile
// eight lanes at a time (quantileSamples.ts); the few elements those leave
// over go through samplers.ts itself.
import { convertFloat32 } from '../halfFloat.js';
import type { Distribution, HalfElement, KernelInfo, KernelOutput, Kernels } from '../kernels.js';
import { advance, type Position } from '../stream.js';
import { defaultThreads, fillInParallel, fillInParallelAsync, poolFailure } from './fillPool.js';
import { networkStats, networkStatsAsync } from './networkStats.js';
import { orthogonalize, orthogonalizeAsync } from './orthogonalize.js';
import { philoxBlocks } from './philox.js';
import { quantileSamples } from './quantileSamples.js';
import { normalFromWord, truncatedNormalFromWord } from './samplers.js';

// Words per tile: a multiple of 4, so only a fill's first tile starts inside a
// block. The tile buffers are module constants, which V8 builds into the code
// of the functions here; arrays from other modules it re-checks at each access.
const TILE_WORDS = 1024;
const tileWords = new Uint32Array(TILE_WORDS);
// Where float64 and half outputs get their float32 samples before conversion.
const tileFloats = new Float32Array(TILE_WORDS);
// The arguments of quantileSamples, and the indices it leaves over.
const tileFourPQ = new Float32Array(TILE_WORDS);
const tileFourPQBits = new Uint32Array(tileFourPQ.buffer);
const tileX = new Float64Array(TILE_WORDS);
const tileLeftOver = new Int32Array(TILE_WORDS);

// Makes the n words from position p on, tile by tile: writes the blocks that
// hold a tile's words to tileWords and calls visit(from, count, at), where
// tileWords[from + k] is word at + k of the n, for k < count. With `direct`,
// tiles of whole blocks go to direct[at..] instead, unvisited.
function forEachTile(
  p: Position, n: number, visit: (from: number, count: number, at: number) => void, direct?: Uint32Array,
): void {
  const k0 = p[0]!, k1 = p[1]!, s0 = p[2]!, s1 = p[3]!;
  let lo = p[4]!;
  let hi = p[5]!;
  let from = p[6]!;
  for (let at = 0; at < n; ) {
    // Tiles stop at the end of each 2^32-block segment, so the low counter
    // word never wraps inside philoxBlocks.
    const words = Math.min(from + n - at, TILE_WORDS, (2 ** 32 - lo) * 4);
    if (direct !== undefined && from === 0 && words % 4 === 0) {
      philoxBlocks(k0, k1, lo, hi, s0, s1, words / 4, direct, at);
    } else {
      philoxBlocks(k0, k1, lo, hi, s0, s1, Math.ceil(words / 4), tileWords, 0);
      visit(from, words - from, at);
    }
    at += words - from;
    // Unless this was the last tile, it ended on a block boundary.
    lo += words / 4;
    from = 0;
    if (lo === 2 ** 32) {
      lo = 0;
      hi += 1;
    }
  }
}

export function fillBits(out: Uint32Array, p: Position): void {
  forEachTile(p, out.length, (from, count, at) => out.set(tileWords.subarray(from, from + count), at), out);
}

type TileMap = (from: number, count: number, out: Float32Array, at: number) => void;
type FloatOutput = Float32Array | Float64Array | Uint16Array;

// float64 and half outputs hold the same float32 samples, converted.
function fillFloats(out: FloatOutput, p: Position, map: TileMap, element?: HalfElement): void {
  if (out instanceof Float32Array) {
    forEachTile(p, out.length, (from, count, at) => map(from, count, out, at));
  } else if (out instanceof Float64Array) {
    forEachTile(p, out.length, (from, count, at) => {
      map(from, count, tileFloats, 0);
      out.set(tileFloats.subarray(0, count), at);
    });
  } else {
    if (element === undefined) throw new TypeError("a Uint16Array output needs element 'float16' or 'bfloat16'");
    forEachTile(p, out.length, (from, count, at) => {
      map(from, count, tileFloats, 0);
      convertFloat32(tileFloats.subarray(0, count), out.subarray(at, at + count), element);
    });
  }
}

/** params: [low, span, top] (uniformFromWord) */
export function fillUniform(out: FloatOutput, p: Position, params: Float32Array, element?: HalfElement): void {
  fillFloats(out, p, (from, count, dst, at) => uniformTile(from, count, dst, at, params), element);
}

function uniformTile(from: number, count: number, out: Float32Array, at: number, params: Float32Array): void {
  const f = Math.fround;
  const words = tileWords;
  // Read here, not passed as numbers: a boxed `top` would make V8 box every
  // x that meets it in `x < top ? x : top`.
  const low = params[0]!, span = params[1]!, top = params[2]!;
  for (let i = 0; i < count; i++) {
    // unit(w) * span is exact in double (24-bit times 24-bit significands).
    const x = f(low + f((words[from + i]! >>> 8) * 2 ** -24 * span));
    out[at + i] = x < top ? x : top;
  }
}

/** params: [mean, std] (normalFromWord) */
export function fillNormal(out: FloatOutput, p: Position, params: Float32Array, element?: HalfElement): void {
  fillFloats(out, p, (from, count, dst, at) => normalTile(from, count, dst, at, params), element);
}

function normalTile(from: number, count: number, out: Float32Array, at: number, params: Float32Array): void {
  const words = tileWords;
  const fourPQ = tileFourPQ, X = tileX;
  for (let i = 0; i < count; i++) {
    // u = centered(w); 1 - u and u - (1 - u) are exact (multiples of 2^-24
    // in (-1, 1)), and so is 4u * (1 - u) in double (48 bits): the float32
    // store is its one rounding.
    const u = (((words[from + i]! >>> 9) << 1) | 1) * 2 ** -24;
    fourPQ[i] = 4 * u * (1 - u);
    X[i] = u - (1 - u);
  }
  const leftOver = quantileSamples(count, tileFourPQBits, X, tileLeftOver, out, at, params[0]!, params[1]!, 1);
  for (let k = 0; k < leftOver; k++) {
    const i = tileLeftOver[k]!;
    out[at + i] = normalFromWord(words[from + i]!, params);
  }
}

/** params: [mean, std, pLow, pWidth, flip, low, high] (truncatedNormalFromWord) */
export function fillTruncatedNormal(out: FloatOutput, p: Position, params: Float32Array, element?: HalfElement): void {
  fillFloats(out, p, (from, count, dst, at) => truncatedNormalTile(from, count, dst, at, params), element);
}

function truncatedNormalTile(from: number, count: number, out: Float32Array, at: number, params: Float32Array): void {
  const f = Math.fround;
  const words = tileWords;
  const fourPQ = tileFourPQ, X = tileX;
  const pLow = params[2]!, pWidth = params[3]!, low = params[5]!, high = params[6]!;
  for (let i = 0; i < count; i++) {
    const u = (((words[from + i]! >>> 9) << 1) | 1) * 2 ** -24;
    const p = f(pLow + f(u * pWidth));
    const q = f(1 - p);
    // 4p is exact, and so is 4p * q in double: the float32 store rounds it.
    fourPQ[i] = 4 * p * q;
    X[i] = f(p - q);
  }
  const leftOver = quantileSamples(count, tileFourPQBits, X, tileLeftOver, out, at, params[0]!, params[1]!, params[4]!);
  // The clamping that quantileSamples leaves to its caller.
  for (let i = 0; i < count; i++) {
    const y = out[at + i]!;
    const above = y > low ? y : low;
    out[at + i] = above < high ? above : high;
  }
  for (let k = 0; k < leftOver; k++) {
    const i = tileLeftOver[k]!;
    out[at + i] = truncatedNormalFromWord(words[from + i]!, params);
  }
}

/** Fills `out` from `p` on the calling thread alone. */
export function fillHere(
  distribution: Distribution, out: KernelOutput, p: Position, params: Float32Array, element?: HalfElement,
): void {
  if (distribution === 'bits') fillBits(out as Uint32Array, p);
  else if (distribution === 'uniform') fillUniform(out as FloatOutput, p, params, element);
  else if (distribution === 'normal') fillNormal(out as FloatOutput, p, params, element);
  else fillTruncatedNormal(out as FloatOutput, p, params, element);
}

export function fill(
  distribution: Distribution, out: KernelOutput, p: Position, params: Float32Array, threads: number, element?: HalfElement,
): void {
  fillInParallel(distribution, out, p, params, threads, element, fillHere);
}

// Elements per slice of an async fill; between slices the event loop runs.
const ASYNC_SLICE = 1 << 16;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Fills on worker threads (fillPool.ts) while the event loop runs; what they
 * leave (all of a small fill, or when none is free) is filled here in slices,
 * yielding between them.
 */
export async function fillAsync(
  distribution: Distribution, out: KernelOutput, p: Position, params: Float32Array, threads: number, element?: HalfElement,
): Promise<void> {
  const filled = out.length < ASYNC_SLICE ? 0 : await fillInParallelAsync(distribution, out, p, params, threads, element, fillHere);
  for (let start = filled; start < out.length; start += ASYNC_SLICE) {
    await yieldToEventLoop();
    fillHere(distribution, out.subarray(start, start + ASYNC_SLICE), advance(p, start), params, element);
  }
}

export const jsKernels: Kernels = {
  kind: 'js',
  fill,
  fillAsync,
  orthogonalize,
  orthogonalizeAsync,
  networkStats,
  networkStatsAsync,
  info: (): KernelInfo => ({ simd: 'none', threads: poolFailure() === undefined ? defaultThreads : 1, maxThreads: 256 }),
};
