// One call of any scheme, from argument checking to the filled tensor,
// shared by the sync and Promise forms; and the raw stream.
import { kernels } from './backend.js';
import { typeError } from './errors.js';
import type { Kernels } from './kernels.js';
import type { KernelCall, Scheme, SchemeCall, Steps } from './schemes/scheme.js';
import { resolveStream, type Seed, type StreamOptions } from './stream.js';
import { checkShape, outputFor, type DType, type FloatArray, type Tensor } from './tensor.js';
import { checkOptions, threadCount } from './validate.js';

export interface DrawOptions<D extends DType = DType> extends StreamOptions {
  /**
   * 'float32' (default), 'float64' (the same samples, widened exactly), or
   * 'float16' / 'bfloat16' (the same samples rounded to nearest even, as bits in a Uint16Array).
   */
  dtype?: D;
  /** Threads to use (native backend); default: the machine's cores. */
  threads?: number;
  /** Fill this array instead of allocating one; its length must match the shape. */
  out?: FloatArray;
}

export interface BitsOptions extends StreamOptions {
  seed: Seed;
  threads?: number;
}

const STREAM_KEYS = ['seed', 'stream', 'offset', 'threads'] as const;
const DRAW_KEYS = [...STREAM_KEYS, 'dtype', 'out'] as const;

function threadsOf(fn: string, o: Record<string, unknown>): number {
  const info = kernels().info();
  return threadCount(fn, o['threads'], info.threads, info.maxThreads);
}

// Everything is checked before anything is allocated, drawn or written.
function plan(scheme: Scheme, shape: unknown, options: unknown): { call: SchemeCall; tensor: Tensor } {
  const fn = scheme.name;
  const o = checkOptions(fn, options, [...scheme.keys, ...DRAW_KEYS]);
  const { dims, size } = checkShape(fn, shape);
  scheme.check({ fn, o, dims, size });
  const threads = threadsOf(fn, o);
  const { seed, position } = resolveStream(fn, o as StreamOptions, size);
  if (!scheme.elementwise && position.some((word, i) => i >= 4 && word !== 0)) {
    throw new RangeError(`${fn}: offset must be 0: ${fn} is computed as a whole tensor, not element by element, so it cannot be drawn in shards`);
  }
  const { dtype, data } = outputFor(fn, o['dtype'], o['out'], size, dims);
  return {
    call: { fn, o, dims, size, dtype, out: data, position, threads },
    tensor: { shape: dims, dtype, data, seed } as Tensor,
  };
}

function runSync(k: KernelCall, on: Kernels = kernels()): void {
  if (k.op === 'fill') on.fill(k.distribution, k.out, k.position, k.params, k.threads, k.element);
  else on.orthogonalize(k.a, k.rows, k.cols, k.threads);
}

function runAsync(k: KernelCall): Promise<void> {
  if (k.op === 'fill') return kernels().fillAsync(k.distribution, k.out, k.position, k.params, k.threads, k.element);
  return kernels().orthogonalizeAsync(k.a, k.rows, k.cols, k.threads);
}

function drainSync(steps: Steps, on?: Kernels): void {
  for (let s = steps.next(); !s.done; s = steps.next()) runSync(s.value, on);
}

async function drainAsync(steps: Steps): Promise<void> {
  for (let s = steps.next(); !s.done; s = steps.next()) await runAsync(s.value);
}

/** Draws with the process's backend, or with `on` (tests compare backends in one process). */
export function drawTensor(scheme: Scheme, shape: unknown, options: unknown, on?: Kernels): Tensor {
  const { call, tensor } = plan(scheme, shape, options);
  drainSync(scheme.steps(call), on);
  return tensor;
}

export async function drawTensorAsync(scheme: Scheme, shape: unknown, options: unknown): Promise<Tensor> {
  const { call, tensor } = plan(scheme, shape, options);
  await drainAsync(scheme.steps(call));
  return tensor;
}

function planBits(out: unknown, options: unknown): KernelCall {
  const fn = 'randomBits';
  if (!(out instanceof Uint32Array)) throw typeError(fn, 'out', 'a Uint32Array', out);
  if (options === undefined) throw new TypeError(`${fn}: options with a 'seed' are required`);
  const o = checkOptions(fn, options, STREAM_KEYS);
  const threads = threadsOf(fn, o);
  const { position } = resolveStream(fn, o as StreamOptions, out.length, true);
  return { op: 'fill', distribution: 'bits', out, params: new Float32Array(0), position, threads };
}

export function drawBits(out: Uint32Array, options: BitsOptions): Uint32Array {
  runSync(planBits(out, options));
  return out;
}

export async function drawBitsAsync(out: Uint32Array, options: BitsOptions): Promise<Uint32Array> {
  await runAsync(planBits(out, options));
  return out;
}
