// Where PyTorch, Keras and JAX disagree, one place says what each does.
// weightinit's default is 'keras' (Keras/JAX layout, truncated-and-corrected
// normals); `convention` reproduces another library's rules exactly.
import { typeError } from './errors.js';

export type Convention = 'keras' | 'pytorch' | 'jax';
export const CONVENTIONS: readonly Convention[] = ['keras', 'pytorch', 'jax'];

export interface ConventionRules {
  /** The layout a scheme assumes when the call gives none. */
  defaultLayout: 'hwio' | 'oihw';
  /** The "normal" flavour of glorot/he/lecun: truncated at +-2 std and corrected (Keras, JAX), or plain (PyTorch). */
  normalFlavour: 'truncatedNormal' | 'normal';
  /** Keras gives a 1-D shape fan = shape[0] and a 0-D one fan = 1; PyTorch and JAX refuse them. */
  fansOfVectors: boolean;
  /** Orthogonal matrices: PyTorch orthonormalises rows of (shape[0], rest), Keras/JAX columns of (rest, shape[-1]). */
  orthogonalRowsAxis: 'first' | 'last';
  /** Centre tap of an even-sized kernel for dirac / deltaOrthogonal: k//2 (PyTorch) or (k-1)//2 (JAX). */
  centre: (k: number) => number;
}

export const RULES: Record<Convention, ConventionRules> = {
  keras: {
    defaultLayout: 'hwio',
    normalFlavour: 'truncatedNormal',
    fansOfVectors: true,
    orthogonalRowsAxis: 'last',
    centre: (k) => Math.floor((k - 1) / 2),
  },
  jax: {
    defaultLayout: 'hwio',
    normalFlavour: 'truncatedNormal',
    fansOfVectors: false,
    orthogonalRowsAxis: 'last',
    centre: (k) => Math.floor((k - 1) / 2),
  },
  pytorch: {
    defaultLayout: 'oihw',
    normalFlavour: 'normal',
    fansOfVectors: false,
    orthogonalRowsAxis: 'first',
    centre: (k) => Math.floor(k / 2),
  },
};

export function conventionOf(fn: string, value: unknown): Convention {
  if (value === undefined) return 'keras';
  if (!CONVENTIONS.includes(value as Convention)) {
    throw typeError(fn, 'convention', `one of ${CONVENTIONS.map((c) => `'${c}'`).join(', ')}`, value);
  }
  return value as Convention;
}
