// One call of any scheme, from argument checking to the filled tensor,
// shared by the sync and Promise forms; and the raw stream.
import { kernels } from './backend.js';
import { rangeError, typeError } from './errors.js';
import type { KernelOutput, Kernels } from './kernels.js';
import { liveLength } from './liveLength.js';
import { callerOutput, freshOutput, type Output } from './output.js';
import { ASYNC_KEYS, Tracker, type AsyncOptions } from './progress.js';
import { flatRegion, shardOf, shardRegion, type Region, type ShardOptions } from './region.js';
import type { KernelCall, Scheme, SchemeCall, Steps } from './schemes/scheme.js';
import { advance, position, resolveKey, resolveStream, type Seed, type StreamOptions } from './stream.js';
import { BYTES_PER_ELEMENT, checkDType, checkShape, type DType, type Tensor } from './tensor.js';
import { checkOptions, threadCount } from './validate.js';

export interface DrawOptions<D extends DType = DType> extends StreamOptions {
  /**
   * 'float32' (default), 'float64' (the same samples, widened exactly), or
   * 'float16' / 'bfloat16' (the same samples rounded to nearest even, as bits in a Uint16Array).
   */
  dtype?: D;
  /** Threads to use (native backend); default: the machine's cores. */
  threads?: number;
  /**
   * Fill this array instead of allocating one: the dtype's own array, or any
   * typed array, Buffer or DataView whose bytes receive little-endian elements.
   * Its length must match the shape, the shard, or (with `offset`) the part drawn.
   */
  out?: ArrayBufferView;
  /**
   * With `offset`, `shape` is still the whole tensor (its fans set the scale)
   * and the call draws elements [offset, offset + n) of its row-major order:
   * n = the length of `out`, or the rest of the tensor.
   */
  offset?: number | bigint;
  /** Draw only this rank's slice of the tensor along an axis (see `shard()`). */
  shard?: ShardOptions;
}

export interface BitsOptions extends StreamOptions {
  seed: Seed;
  threads?: number;
}

/** The Promise forms take these as well. */
export type AsyncDrawOptions<D extends DType = DType> = DrawOptions<D> & AsyncOptions;

const STREAM_KEYS = ['seed', 'stream', 'offset', 'threads'] as const;
const DRAW_KEYS = [...STREAM_KEYS, 'dtype', 'out', 'shard'] as const;

function threadsOf(fn: string, o: Record<string, unknown>): number {
  const info = kernels().info();
  return threadCount(fn, o['threads'], info.threads, info.maxThreads);
}

function regionOf(fn: string, o: Record<string, unknown>, dims: number[], size: number, given: Output | undefined): Region {
  if (o['shard'] !== undefined) {
    if (o['offset'] !== undefined) throw new TypeError(`${fn}: pass either 'shard' or 'offset', not both`);
    const region = shardRegion(dims, shardOf(fn, dims, o['shard']));
    if (given && given.count !== region.count) {
      throw rangeError(fn, 'out.length', `${region.count} (the elements of the shard, shape [${region.dims.join(', ')}])`, given.count);
    }
    return region;
  }
  if (o['offset'] === undefined && given && given.count !== size) {
    throw rangeError(fn, 'out.length', `${size} (the elements of shape [${dims.join(', ')}]); pass 'offset' to draw part of it`, given.count);
  }
  return flatRegion(fn, dims, size, o['offset'], given?.count);
}

interface Plan {
  tensor: Tensor;
  output: Output;
  steps: Steps;
}

// Everything is checked before anything is allocated, drawn or written.
function plan(scheme: Scheme, shape: unknown, options: unknown, extraKeys: readonly string[] = []): Plan & { o: Record<string, unknown> } {
  const fn = scheme.name;
  const o = checkOptions(fn, options, [...scheme.keys, ...DRAW_KEYS, ...extraKeys]);
  const { dims, size } = checkShape(fn, shape);
  scheme.check({ fn, o, dims, size });
  const threads = threadsOf(fn, o);
  const { seed, key, stream } = resolveKey(fn, o as StreamOptions);
  const dtype = checkDType(fn, o['dtype']);
  const given = o['out'] === undefined ? undefined : callerOutput(fn, o['out'], dtype);
  const region = regionOf(fn, o, dims, size, given);
  if (!scheme.elementwise && !region.whole) {
    throw new RangeError(`${fn}: ${fn} is computed as a whole tensor, not element by element, so it cannot be drawn in parts ('offset', 'shard')`);
  }
  const output = given ?? freshOutput(fn, dtype ?? 'float32', region.count, region.dims);
  const call: SchemeCall = { fn, o, dims, size, dtype: output.dtype, out: output.data, position: position(key, stream, 0n), threads };
  return {
    o,
    output,
    steps: regionSteps(scheme, call, region, key, stream),
    tensor: { shape: region.dims, dtype: output.dtype, data: output.data, seed } as Tensor,
  };
}

// The region's runs one after another in the output, each drawn at its own place in the stream.
function* regionSteps(scheme: Scheme, call: SchemeCall, region: Region, key: bigint, stream: bigint): Steps {
  for (let r = 0; r < region.runs; r++) {
    const out = region.runs === 1 ? call.out : call.out.subarray(r * region.runLength, (r + 1) * region.runLength);
    yield* scheme.steps({ ...call, out, position: position(key, stream, BigInt(region.first + r * region.stride)) });
  }
}

function runSync(k: KernelCall, on: Kernels = kernels()): void {
  if (k.op === 'fill') on.fill(k.distribution, k.out, k.position, k.params, k.threads, k.element);
  else on.orthogonalize(k.a, k.rows, k.cols, k.threads);
}

function drainSync(steps: Steps, on?: Kernels): void {
  for (let s = steps.next(); !s.done; s = steps.next()) runSync(s.value, on);
}

// Async fills go to the kernels in pieces, so that progress is reported and an
// abort takes effect between pieces; pieces too small to be worth a trip off
// the event loop run in place, with a turn of the event loop now and then.
const PIECE = 1 << 23;
const OFF_LOOP_MIN = 1 << 17;
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

// N-API cannot pin an ArrayBuffer: a caller could transfer its `out` while a
// native thread writes into it, and the memory could be freed under the
// writes. So kernels running off the event loop get private arrays; each
// piece is copied into the caller's array on the main thread, once it is
// known to be still attached. (A SharedArrayBuffer cannot be detached.)
// Pieces of 2^20 elements stay in the last-level cache between the fill and
// the copy; bench/promiseStaging.mjs measured 2^22 single-staged at 1.9x the
// in-place time, 2^20 double-staged at 1.45x, 2^18 at 2x (per-call overhead).
const STAGE = 1 << 20;

/** Whether kernels must not write `a` off the event loop: it is the caller's, and detachable. */
function exposed(a: ArrayBufferView, callerBuffer: ArrayBufferLike | undefined): boolean {
  return a.buffer === callerBuffer && !(callerBuffer instanceof SharedArrayBuffer);
}

function detachedError(fn: string): TypeError {
  return new TypeError(`${fn}: out was detached (transferred) while the Promise form was filling it; do not transfer it before the Promise settles`);
}

/** Copies `from` into the caller's `to` at `at`, unless `to` was detached meanwhile. */
function copyIn<A extends KernelOutput>(fn: string, to: A, length: number, from: A, at: number): void {
  if (liveLength(to) !== length) throw detachedError(fn);
  (to as Float32Array).set(from as Float32Array, at);
}

async function fillPieceAsync(k: KernelCall & { op: 'fill' }, fn: string, callerBuffer: ArrayBufferLike | undefined): Promise<void> {
  if (!exposed(k.out, callerBuffer)) {
    await kernels().fillAsync(k.distribution, k.out, k.position, k.params, k.threads, k.element);
    return;
  }
  const length = k.out.length;
  const Array_ = k.out.constructor as new (n: number) => KernelOutput;
  // Two stages: the kernels fill the next piece while this one is copied in.
  const stages = [new Array_(Math.min(STAGE, length)), new Array_(Math.min(STAGE, Math.max(0, length - STAGE)))];
  // The stage that holds the piece from `at`.
  const part = (at: number): KernelOutput => stages[(at / STAGE) % 2]!.subarray(0, Math.min(STAGE, length - at));
  const fillStage = (at: number): Promise<void> =>
    kernels().fillAsync(k.distribution, part(at), advance(k.position, at), k.params, k.threads, k.element);
  let filling = fillStage(0);
  for (let at = 0; at < length; at += STAGE) {
    await filling;
    if (at + STAGE < length) filling = fillStage(at + STAGE);
    try {
      copyIn(fn, k.out, length, part(at), at);
    } catch (error) {
      // The next piece fills a stage of ours: let it finish before the caller hears.
      await filling.catch(() => undefined);
      throw error;
    }
  }
}

async function orthogonalizeAsync(k: KernelCall & { op: 'orthogonalize' }, fn: string, callerBuffer: ArrayBufferLike | undefined): Promise<void> {
  if (!exposed(k.a, callerBuffer)) {
    await kernels().orthogonalizeAsync(k.a, k.rows, k.cols, k.threads);
    return;
  }
  const a = k.a.slice();
  await kernels().orthogonalizeAsync(a, k.rows, k.cols, k.threads);
  copyIn(fn, k.a, a.length, a, 0);
}

async function drainAsync(steps: Steps, tracker: Tracker, bytesPerElement: number, fn: string, callerBuffer?: ArrayBufferLike): Promise<void> {
  let inPlace = 0;
  for (let s = steps.next(); !s.done; s = steps.next()) {
    const k = s.value;
    tracker.check();
    if (k.op === 'orthogonalize') {
      await orthogonalizeAsync(k, fn, callerBuffer);
      continue;
    }
    const length = k.out.length;
    for (let at = 0; at < length; at += PIECE) {
      if (liveLength(k.out) !== length) throw detachedError(fn);
      const piece = { ...k, out: k.out.subarray(at, at + PIECE), position: advance(k.position, at) };
      if (piece.out.length >= OFF_LOOP_MIN) {
        await fillPieceAsync(piece, fn, callerBuffer);
      } else {
        runSync(piece);
        inPlace += piece.out.length;
        if (inPlace >= PIECE) {
          inPlace = 0;
          await yieldToEventLoop();
        }
      }
      tracker.advance(piece.out.length * bytesPerElement);
      tracker.check();
    }
  }
  tracker.finish();
}

/** Draws with the process's backend, or with `on` (tests compare backends in one process). */
export function drawTensor(scheme: Scheme, shape: unknown, options: unknown, on?: Kernels): Tensor {
  const { tensor, output, steps } = plan(scheme, shape, options);
  drainSync(steps, on);
  output.commit?.();
  return tensor;
}

/**
 * `outIsOurs`: `options.out` belongs to this package and no caller can
 * detach it meanwhile (the file writers' chunks), so kernels fill it in place.
 */
export async function drawTensorAsync(scheme: Scheme, shape: unknown, options: unknown, outIsOurs = false): Promise<Tensor> {
  const { tensor, output, steps, o } = plan(scheme, shape, options, ASYNC_KEYS);
  // A resizable buffer could shrink under a fill running off the event loop (the native kernels refuse it too).
  // The caller's buffer is the one to ask: an unaligned raw-bytes out is filled through a private copy.
  const callerView = ArrayBuffer.isView(o['out']) ? o['out'] : output.data;
  if ((callerView.buffer as { resizable?: boolean }).resizable === true && output.count > 0) {
    throw new TypeError(`${scheme.name}: out must not be a view on a resizable ArrayBuffer in a Promise form (it could shrink while the fill runs); use the sync form or a fixed-length buffer`);
  }
  const bytesPerElement = BYTES_PER_ELEMENT[output.dtype];
  const tracker = new Tracker(scheme.name, o, output.count * bytesPerElement);
  tracker.check();
  const callerBuffer = ArrayBuffer.isView(o['out']) && !outIsOurs ? o['out'].buffer : undefined;
  await drainAsync(steps, tracker, bytesPerElement, scheme.name, callerBuffer);
  output.commit?.();
  return tensor;
}

function planBits(out: unknown, options: unknown, extraKeys: readonly string[] = []): { k: KernelCall; o: Record<string, unknown> } {
  const fn = 'randomBits';
  if (!(out instanceof Uint32Array)) throw typeError(fn, 'out', 'a Uint32Array', out);
  if (options === undefined) throw new TypeError(`${fn}: options with a 'seed' are required`);
  const o = checkOptions(fn, options, [...STREAM_KEYS, ...extraKeys]);
  const threads = threadsOf(fn, o);
  const { position } = resolveStream(fn, o as StreamOptions, out.length, true);
  return { k: { op: 'fill', distribution: 'bits', out, params: new Float32Array(0), position, threads }, o };
}

export function drawBits(out: Uint32Array, options: BitsOptions): Uint32Array {
  runSync(planBits(out, options).k);
  return out;
}

export async function drawBitsAsync(out: Uint32Array, options: BitsOptions & AsyncOptions): Promise<Uint32Array> {
  const { k, o } = planBits(out, options, ASYNC_KEYS);
  const tracker = new Tracker('randomBits', o, out.byteLength);
  tracker.check();
  await drainAsync((function* () { yield k; })(), tracker, 4, 'randomBits', out.buffer);
  return out;
}
