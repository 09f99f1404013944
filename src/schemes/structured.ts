// Deterministic schemes: constants (also for biases), identity matrices and
// Dirac (identity-preserving) convolution kernels.
import { conventionOf, RULES } from '../conventions.js';
import { rangeError, typeError } from '../errors.js';
import { fillConstant, float32Work, storeFloat32 } from '../store.js';
import { checkRepresentable, gainOf } from './representable.js';
import { finiteNumber } from '../validate.js';
import type { Convention } from '../conventions.js';
import type { DrawOptions } from '../draw.js';
import type { DType } from '../tensor.js';
import type { Scheme, SchemeCall } from './scheme.js';

export interface ConstantOptions<D extends DType = 'float32'> extends DrawOptions<D> {
  /** The value of every element (required). */
  value: number;
}

export interface IdentityOptions<D extends DType = 'float32'> extends DrawOptions<D> {
  /** The value on the diagonal (default 1). */
  gain?: number;
}

export interface DiracOptions<D extends DType = 'float32'> extends DrawOptions<D> {
  /** Groups of output channels, as torch's dirac_ (default 1). */
  groups?: number;
  /** Layout and centre tap: 'keras'/'jax' [*k, in, out] at (k-1)//2, 'pytorch' [out, in, *k] at k//2. */
  convention?: Convention;
}

function constantScheme(name: string, keys: readonly string[], valueOf: (c: Pick<SchemeCall, 'fn' | 'o'>) => number): Scheme {
  return {
    name,
    keys,
    elementwise: true,
    check: (c) => void valueOf(c),
    *steps(c) {
      fillConstant(c.out, c.dtype, valueOf(c));
    },
  };
}

export const zerosScheme = constantScheme('zeros', [], () => 0);
export const onesScheme = constantScheme('ones', [], () => 1);
export const constantSchemeOf = constantScheme('constant', ['value'], ({ fn, o }) => {
  if (o['value'] === undefined) throw new TypeError(`${fn}: option 'value' is required (a finite number)`);
  const value = finiteNumber(fn, 'value', o['value'], 0);
  checkRepresentable(fn, 'value', value, o);
  return value;
});

/** gain on the diagonal of a 2-D (possibly rectangular) matrix, as torch eye_ and Keras Identity. */
export const identityScheme: Scheme = {
    name: 'identity',
    keys: ['gain'],
    elementwise: false,
    check({ fn, o, dims }) {
      gainOf(fn, o);
      if (dims.length !== 2) throw new RangeError(`${fn}: needs a 2-D shape [rows, cols], got [${dims.join(', ')}]`);
    },
    *steps(c) {
      const [rows, cols] = c.dims as [number, number];
      const w = float32Work(c.out);
      w.fill(0);
      const g = Math.fround(gainOf(c.fn, c.o));
      for (let i = 0; i < Math.min(rows, cols); i++) w[i * cols + i] = g;
      storeFloat32(w, c.out, c.dtype);
    },
};

function groupsOf(fn: string, o: Record<string, unknown>): number {
  const g = o['groups'] ?? 1;
  if (typeof g !== 'number') throw typeError(fn, 'groups', 'a positive integer', g);
  if (!Number.isInteger(g) || g < 1) throw rangeError(fn, 'groups', 'a positive integer', g);
  return g;
}

/** Row-major strides of dims. */
export function strides(dims: readonly number[]): number[] {
  const s = new Array<number>(dims.length).fill(1);
  for (let i = dims.length - 2; i >= 0; i--) s[i] = s[i + 1]! * dims[i + 1]!;
  return s;
}

/**
 * Where the (out, in) channel axes and the spatial axes of a 3-5-D conv
 * kernel are, for the convention's layout: PyTorch [out, in, *k], Keras/JAX [*k, in, out].
 */
export function convAxes(fn: string, o: Record<string, unknown>, dims: readonly number[]) {
  if (dims.length < 3 || dims.length > 5) {
    throw new RangeError(`${fn}: needs a 3-, 4- or 5-D convolution kernel shape, got [${dims.join(', ')}]`);
  }
  const rules = RULES[conventionOf(fn, o['convention'])];
  const pytorch = rules.defaultLayout === 'oihw';
  const outAxis = pytorch ? 0 : dims.length - 1;
  const inAxis = pytorch ? 1 : dims.length - 2;
  const spatial = dims.map((_, i) => i).filter((i) => i !== outAxis && i !== inAxis);
  return { outAxis, inAxis, spatial, centre: rules.centre };
}

/**
 * Dirac kernels (torch dirac_): within each of `groups` groups of output
 * channels, output d copies input d at the kernel's centre tap.
 */
export const diracScheme: Scheme = {
  name: 'dirac',
  keys: ['groups', 'convention'],
  elementwise: false,
  check({ fn, o, dims }) {
    const { outAxis } = convAxes(fn, o, dims);
    const groups = groupsOf(fn, o);
    if (dims[outAxis]! % groups !== 0) {
      throw new RangeError(`${fn}: the ${dims[outAxis]} output channels do not split into ${groups} groups; pass groups dividing them`);
    }
  },
  *steps(c) {
    if (c.size === 0) return;
    const { outAxis, inAxis, spatial, centre } = convAxes(c.fn, c.o, c.dims);
    const groups = groupsOf(c.fn, c.o);
    const s = strides(c.dims);
    const perGroup = c.dims[outAxis]! / groups;
    const centreOffset = spatial.reduce((at, axis) => at + centre(c.dims[axis]!) * s[axis]!, 0);
    const w = float32Work(c.out);
    w.fill(0);
    for (let g = 0; g < groups; g++) {
      for (let d = 0; d < Math.min(perGroup, c.dims[inAxis]!); d++) {
        w[(g * perGroup + d) * s[outAxis]! + d * s[inAxis]! + centreOffset] = 1;
      }
    }
    storeFloat32(w, c.out, c.dtype);
  },
};
