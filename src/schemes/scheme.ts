// What a scheme is: a recipe that, given the checked call, yields the kernel
// calls that produce the tensor. One generator serves the sync API (each call
// run in place) and the Promise API (each call awaited off the event loop).
import type { Distribution, HalfElement, KernelOutput } from '../kernels.js';
import type { Position } from '../stream.js';
import type { DType, FloatArray } from '../tensor.js';

export type FloatDistribution = Exclude<Distribution, 'bits'>;

export type KernelCall =
  | { op: 'fill'; distribution: Distribution; out: KernelOutput; position: Position; params: Float32Array; threads: number; element?: HalfElement }
  | { op: 'orthogonalize'; a: Float32Array; rows: number; cols: number; threads: number };

export type Steps = Generator<KernelCall, void, void>;

export interface SchemeCall {
  fn: string;
  /** The call's options, checked for unknown keys. */
  o: Record<string, unknown>;
  dims: number[];
  size: number;
  dtype: DType;
  out: FloatArray;
  position: Position;
  threads: number;
}

export interface Scheme {
  /** The public function's name, used in messages. */
  name: string;
  /** Its own option names, besides seed, stream, offset, dtype, threads, out. */
  keys: readonly string[];
  /**
   * Whether element i depends only on (seed, stream, offset + i), so that
   * `offset` draws a shard; schemes computed whole (orthogonal, sparse, ...)
   * refuse a non-zero offset.
   */
  elementwise: boolean;
  /** Checks the scheme's options before anything is allocated or drawn. */
  check(c: Omit<SchemeCall, 'out' | 'dtype' | 'position' | 'threads'>): void;
  steps(c: SchemeCall): Steps;
}
