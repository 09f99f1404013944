// Orthogonal matrices (Saxe et al. 2014) and delta-orthogonal convolution
// kernels (Xiao et al. 2018). The Gaussian matrix is drawn from the stream
// like any normal tensor; the kernels' QR (with the signs of diag(R) folded
// in, so the result is Haar-distributed) makes its rows or columns orthonormal.
import { normalParams } from '../distributionParams.js';
import { conventionOf, RULES } from '../conventions.js';
import { float32Work, storeFloat32 } from '../store.js';
import type { Convention } from '../conventions.js';
import type { DrawOptions } from '../draw.js';
import type { DType } from '../tensor.js';
import type { Scheme, SchemeCall, Steps } from './scheme.js';

export interface OrthogonalOptions<D extends DType = 'float32'> extends DrawOptions<D> {
  /** Multiplies the orthogonal matrix (default 1). */
  gain?: number;
  /** How shapes of more than 2 dims flatten (and, for deltaOrthogonal, the kernel layout). */
  convention?: Convention;
}
import { gainOf } from './representable.js';
import { convAxes, strides } from './structured.js';

/** Draws a rows x cols Gaussian into `a` and orthogonalizes it, scaled by gain. */
function* orthogonalMatrix(c: SchemeCall, a: Float32Array, rows: number, cols: number): Steps {
  yield { op: 'fill', distribution: 'normal', out: a, position: c.position, params: normalParams(c.fn, 0, 1), threads: c.threads };
  yield { op: 'orthogonalize', a, rows, cols, threads: c.threads };
  const g = gainOf(c.fn, c.o);
  if (g !== 1) for (let i = 0; i < a.length; i++) a[i] = Math.fround(a[i]! * g);
}

// PyTorch flattens to (shape[0], rest); Keras and JAX to (rest, shape[-1]).
function matrixShape(c: Pick<SchemeCall, 'fn' | 'o' | 'dims' | 'size'>): [number, number] {
  const rules = RULES[conventionOf(c.fn, c.o['convention'])];
  if (c.size === 0) return [0, 0];
  const rows = rules.orthogonalRowsAxis === 'first' ? c.dims[0]! : c.size / c.dims[c.dims.length - 1]!;
  return [rows, c.size / rows];
}

export const orthogonalScheme: Scheme = {
  name: 'orthogonal',
  keys: ['gain', 'convention'],
  elementwise: false,
  check({ fn, o, dims, size }) {
    gainOf(fn, o);
    if (dims.length < 2) {
      throw new RangeError(`${fn}: needs a shape of at least 2 dims, got [${dims.join(', ')}]; higher-dimensional shapes are flattened to a matrix`);
    }
    matrixShape({ fn, o, dims, size });
  },
  *steps(c) {
    const [rows, cols] = matrixShape(c);
    const w = float32Work(c.out);
    yield* orthogonalMatrix(c, w, rows, cols);
    storeFloat32(w, c.out, c.dtype);
  },
};

/**
 * An orthogonal (in x out) map at the centre tap of a convolution kernel and
 * zero elsewhere, so the convolution is an isometry at initialization; needs
 * in <= out (JAX's delta_orthogonal).
 */
export const deltaOrthogonalScheme: Scheme = {
  name: 'deltaOrthogonal',
  keys: ['gain', 'convention'],
  elementwise: false,
  check({ fn, o, dims }) {
    gainOf(fn, o);
    const { inAxis, outAxis } = convAxes(fn, o, dims);
    if (dims[inAxis]! > dims[outAxis]!) {
      throw new RangeError(`${fn}: needs in channels <= out channels for an isometry, got in ${dims[inAxis]} > out ${dims[outAxis]}`);
    }
  },
  *steps(c) {
    const w = float32Work(c.out);
    w.fill(0);
    if (c.size !== 0) {
      const { inAxis, outAxis, spatial, centre } = convAxes(c.fn, c.o, c.dims);
      const [nIn, nOut] = [c.dims[inAxis]!, c.dims[outAxis]!];
      // The matrix is laid out as the kernel's two channel axes are: [in, out] (Keras/JAX) or [out, in] (PyTorch).
      const inFirst = inAxis < outAxis;
      const m = new Float32Array(nIn * nOut);
      yield* orthogonalMatrix(c, m, inFirst ? nIn : nOut, inFirst ? nOut : nIn);
      const s = strides(c.dims);
      const centreOffset = spatial.reduce((at, axis) => at + centre(c.dims[axis]!) * s[axis]!, 0);
      for (let i = 0; i < nIn; i++) {
        for (let o = 0; o < nOut; o++) {
          w[i * s[inAxis]! + o * s[outAxis]! + centreOffset] = m[inFirst ? i * nOut + o : o * nIn + i]!;
        }
      }
    }
    storeFloat32(w, c.out, c.dtype);
  },
};
