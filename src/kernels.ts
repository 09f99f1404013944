// The seam between the facade and the two backends. Everything above it is
// semantics (written once, in TypeScript); everything below it is a primitive
// fill that both backends implement bit for bit alike.
import type { Position } from './stream.js';

export type Distribution = 'bits' | 'uniform' | 'normal' | 'truncatedNormal';
export type KernelOutput = Uint32Array | Float32Array | Float64Array;

export interface KernelInfo {
  simd: 'avx512' | 'avx2' | 'neon' | 'scalar' | 'none';
  /** Threads a fill uses by default: the machine's cores for native, 1 for js. */
  threads: number;
  maxThreads: number;
}

export interface Kernels {
  readonly kind: 'native' | 'js';
  /**
   * Fills `out` with elements of `distribution` starting at `position`
   * (stream.ts); `params` is the float32 vector of distributionParams.ts.
   */
  fill(distribution: Distribution, out: KernelOutput, position: Position, params: Float32Array, threads: number): void;
  /** The same, off the event loop. */
  fillAsync(distribution: Distribution, out: KernelOutput, position: Position, params: Float32Array, threads: number): Promise<void>;
  info(): KernelInfo;
}
