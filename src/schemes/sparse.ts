// Sparse matrices (Martens 2010): a normal draw with a fixed number of zeros
// in every column. PyTorch's sparse_ counts zeros (`sparsity`, the fraction
// of zeros: ceil(sparsity * rows) per column); Lasagne's Sparse counts
// non-zeros (here `density`: floor(density * rows) non-zeros per column).
// Which rows are zero is decided by random keys from a second stream of the
// same seed (docs/RNG.md): in each column, the rows with the smallest keys.
import { checkHalfRange, normalParams } from '../distributionParams.js';
import { rangeError } from '../errors.js';
import { advanceStream } from '../stream.js';
import { float32Work, storeFloat32 } from '../store.js';
import { finiteNumber } from '../validate.js';
import type { DrawOptions } from '../draw.js';
import { halfElement, type DType } from '../tensor.js';
import type { Scheme, SchemeCall } from './scheme.js';

export interface SparseOptions<D extends DType = 'float32'> extends DrawOptions<D> {
  /** Fraction of zeros per column, in [0, 1) (torch's sparsity). */
  sparsity?: number;
  /** Fraction of non-zeros per column, in (0, 1] (Lasagne's sparsity), instead of `sparsity`. */
  density?: number;
  /** Std of the non-zero normal entries (default 0.01). */
  std?: number;
}

function zerosPerColumn(fn: string, o: Record<string, unknown>, rows: number): number {
  if (o['sparsity'] !== undefined && o['density'] !== undefined) {
    throw new TypeError(`${fn}: give either 'sparsity' (fraction of zeros, PyTorch) or 'density' (fraction of non-zeros, Lasagne), not both`);
  }
  if (o['density'] !== undefined) {
    const density = finiteNumber(fn, 'density', o['density'], 1);
    if (!(density > 0 && density <= 1)) throw rangeError(fn, 'density', 'a fraction of non-zeros in (0, 1]', density);
    return rows - Math.floor(density * rows);
  }
  if (o['sparsity'] === undefined) throw new TypeError(`${fn}: option 'sparsity' (fraction of zeros in [0, 1)) or 'density' is required`);
  const sparsity = finiteNumber(fn, 'sparsity', o['sparsity'], 0);
  if (!(sparsity >= 0 && sparsity < 1)) throw rangeError(fn, 'sparsity', 'a fraction of zeros in [0, 1)', sparsity);
  return Math.ceil(sparsity * rows);
}

function stdOf(fn: string, o: Record<string, unknown>): number {
  return finiteNumber(fn, 'std', o['std'], 0.01);
}

function check({ fn, o, dims }: Pick<SchemeCall, 'fn' | 'o' | 'dims'>): void {
  if (dims.length !== 2) throw new RangeError(`${fn}: needs a 2-D shape [rows, cols], got [${dims.join(', ')}]`);
  zerosPerColumn(fn, o, dims[0]!);
  const half = halfElement((o['dtype'] ?? 'float32') as DType);
  const params = normalParams(fn, 0, stdOf(fn, o));
  if (half !== undefined) checkHalfRange(fn, 'normal', params, half);
}

export const sparseScheme: Scheme = {
  name: 'sparse',
  keys: ['sparsity', 'density', 'std'],
  elementwise: false,
  check,
  *steps(c) {
    const [rows, cols] = c.dims as [number, number];
    const w = float32Work(c.out);
    yield { op: 'fill', distribution: 'normal', out: w, position: c.position, params: normalParams(c.fn, 0, stdOf(c.fn, c.o)), threads: c.threads };
    const keys = new Uint32Array(rows * cols);
    yield { op: 'fill', distribution: 'bits', out: keys, position: advanceStream(c.position), params: new Float32Array(0), threads: c.threads };
    const zeros = zerosPerColumn(c.fn, c.o, rows);
    const order = Array.from({ length: rows }, (_, r) => r);
    for (let col = 0; col < cols; col++) {
      order.sort((a, b) => keys[a * cols + col]! - keys[b * cols + col]! || a - b);
      for (let k = 0; k < zeros; k++) w[order[k]! * cols + col] = 0;
    }
    storeFloat32(w, c.out, c.dtype);
  },
};
