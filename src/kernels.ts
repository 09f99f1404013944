// The seam between the facade and the two backends. Everything above it is
// semantics (written once, in TypeScript); everything below it is a primitive
// kernel: fills that both backends implement bit for bit alike, and an
// orthogonalization and a network pass on which they agree within a stated
// tolerance.
import type { NetworkPass } from './diagnostics/networkPass.js';
import type { Position } from './stream.js';

export type Distribution = 'bits' | 'uniform' | 'normal' | 'truncatedNormal';
export type KernelOutput = Uint32Array | Float32Array | Float64Array | Uint16Array;
/** What a Uint16Array output holds. */
export type HalfElement = 'float16' | 'bfloat16';

export interface KernelInfo {
  simd: 'avx512' | 'avx2' | 'neon' | 'scalar' | 'none';
  /** Threads a fill uses by default: the machine's cores (js: 1 when its workers cannot start). */
  threads: number;
  maxThreads: number;
}

export interface Kernels {
  readonly kind: 'native' | 'js';
  /**
   * Fills `out` with elements of `distribution` starting at `position`
   * (stream.ts); `params` is the float32 vector of distributionParams.ts.
   * Float64 and half outputs hold the float32 samples converted
   * (halfFloat.ts); `element` says which half type a Uint16Array holds.
   */
  fill(distribution: Distribution, out: KernelOutput, position: Position, params: Float32Array, threads: number, element?: HalfElement): void;
  /** The same, off the event loop. */
  fillAsync(distribution: Distribution, out: KernelOutput, position: Position, params: Float32Array, threads: number, element?: HalfElement): Promise<void>;
  /**
   * Replaces the row-major rows x cols `a` with Q diag(sign(diag R)) of its
   * QR decomposition (Haar-distributed when `a` is Gaussian): orthonormal
   * columns when rows >= cols, else orthonormal rows (the QR of a^T). A
   * floating-point reduction: the backends agree within a tolerance, not bit
   * for bit (test/contract/orthogonalize.test.ts).
   */
  orthogonalize(a: Float32Array, rows: number, cols: number, threads: number): void;
  /** The same, off the event loop. */
  orthogonalizeAsync(a: Float32Array, rows: number, cols: number, threads: number): Promise<void>;
  /**
   * Runs `pass` forward and backward and returns its statistics per layer,
   * laid out as diagnostics/networkPass.ts says. A floating-point reduction:
   * the backends agree within a tolerance (test/contract/networkStats.test.ts);
   * the native result does not depend on the thread count.
   */
  networkStats(pass: NetworkPass, threads: number): Float64Array;
  /** The same, off the event loop. */
  networkStatsAsync(pass: NetworkPass, threads: number): Promise<Float64Array>;
  info(): KernelInfo;
}
