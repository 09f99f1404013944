// One draw from argument checking to filled array, shared by the sync and
// Promise forms of every distribution and of the raw stream.
import { kernels } from './backend.js';
import type { Distribution as DistributionSpec } from './distributions.js';
import { typeError } from './errors.js';
import type { Distribution, KernelOutput } from './kernels.js';
import { resolveStream, type Seed, type StreamOptions } from './stream.js';
import { checkShape, outputFor, type DType, type FloatArray, type Tensor } from './tensor.js';
import { checkOptions, threadCount } from './validate.js';

export interface DrawOptions<D extends DType = DType> extends StreamOptions {
  /** 'float32' (default) or 'float64': the same float32 samples, widened exactly. */
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

interface Call {
  distribution: Distribution;
  out: KernelOutput;
  params: Float32Array;
  position: Uint32Array;
  threads: number;
}

function streamCall(fn: string, o: Record<string, unknown>, size: number, seedRequired: boolean) {
  const info = kernels().info();
  const threads = threadCount(fn, o['threads'], info.threads, info.maxThreads);
  return { threads, ...resolveStream(fn, o as StreamOptions, size, seedRequired) };
}

function planTensor(spec: DistributionSpec, shape: unknown, options: unknown): { call: Call; tensor: Tensor } {
  const fn = spec.name;
  const o = checkOptions(fn, options, [...spec.keys, ...DRAW_KEYS]);
  const { dims, size } = checkShape(fn, shape);
  const params = spec.params(fn, o);
  const { threads, seed, position } = streamCall(fn, o, size, false);
  const { dtype, data } = outputFor(fn, o['dtype'], o['out'], size, dims);
  return {
    call: { distribution: spec.name, out: data, params, position, threads },
    tensor: { shape: dims, dtype, data, seed } as Tensor,
  };
}

function planBits(out: unknown, options: unknown): Call {
  const fn = 'randomBits';
  if (!(out instanceof Uint32Array)) throw typeError(fn, 'out', 'a Uint32Array', out);
  if (options === undefined) throw new TypeError(`${fn}: options with a 'seed' are required`);
  const o = checkOptions(fn, options, STREAM_KEYS);
  const { threads, position } = streamCall(fn, o, out.length, true);
  return { distribution: 'bits', out, params: new Float32Array(0), position, threads };
}

function run(c: Call): void {
  kernels().fill(c.distribution, c.out, c.position, c.params, c.threads);
}

function runAsync(c: Call): Promise<void> {
  return kernels().fillAsync(c.distribution, c.out, c.position, c.params, c.threads);
}

export function drawTensor(spec: DistributionSpec, shape: unknown, options: unknown): Tensor {
  const { call, tensor } = planTensor(spec, shape, options);
  run(call);
  return tensor;
}

export async function drawTensorAsync(spec: DistributionSpec, shape: unknown, options: unknown): Promise<Tensor> {
  const { call, tensor } = planTensor(spec, shape, options);
  await runAsync(call);
  return tensor;
}

export function drawBits(out: Uint32Array, options: BitsOptions): Uint32Array {
  run(planBits(out, options));
  return out;
}

export async function drawBitsAsync(out: Uint32Array, options: BitsOptions): Promise<Uint32Array> {
  await runAsync(planBits(out, options));
  return out;
}
