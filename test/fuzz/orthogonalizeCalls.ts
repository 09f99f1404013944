// Calls of orthogonalize and orthogonalizeAsync. A valid call on a finite
// Gaussian matrix must leave orthonormal columns (rows when wide); one on a
// matrix of NaN, infinities or zeros only has to come back; a call with one
// argument broken must be refused with an error that names that argument.
import { orthonormalityError, vectorsOf } from '../helpers/qrChecks.js';
import { type Call, type Expectation, describeValue, isPromiseForm, refused } from './call.js';
import {
  BACKINGS, HOSTILE_DIMENSIONS, HOSTILE_THREADS, TYPED_ARRAYS, canShrink, emptiedView, view,
} from './hostileValues.js';
import type { Rng } from './prng.js';

// Around the GEMM tiles and the 96-column block of the Householder QR.
const SIDES = [0, 1, 2, 3, 4, 5, 7, 8, 13, 16, 17, 31, 33];
const BIG_SIDES = [95, 96, 97, 130];
const TOLERANCE = 1e-3;

interface OrthogonalizeArgs {
  a: Float32Array;
  rows: number;
  cols: number;
  threads: number;
  gaussian: boolean;
}

function validArgs(r: Rng, async: boolean): OrthogonalizeArgs {
  const big = r.chance(0.03);
  const rows = big ? r.pick(BIG_SIDES) : r.pick(SIDES);
  const cols = big ? r.pick(BIG_SIDES) : r.pick(SIDES);
  const n = rows * cols;
  const a = n === 0 && r.chance(0.2) ? emptiedView(Float32Array, 4, r)
    : view(Float32Array, n, r.pick(BACKINGS.filter((b) => !(async && canShrink(b)))));
  const gaussian = r.chance(0.8);
  for (let i = 0; i < n; i++) {
    a[i] = gaussian ? r.gaussian() : r.pick([0, 0, 1, NaN, Infinity, -Infinity, 3e38, -1e-40]);
  }
  return { a, rows, cols, threads: r.pick([1, 1, 2, 3, 4]), gaussian };
}

function orthonormal(o: OrthogonalizeArgs): Expectation {
  return {
    kind: 'valid',
    check: () => {
      if (!o.gaussian || o.rows * o.cols === 0) return undefined;
      const error = orthonormalityError(vectorsOf(o.a, o.rows, o.cols));
      return error <= TOLERANCE ? undefined : `||Q^T Q - I|| = ${error}`;
    },
  };
}

type Breakage = (r: Rng, o: OrthogonalizeArgs, list: unknown[]) => RegExp | undefined;

const BREAKAGES: readonly Breakage[] = [
  (r, _o, list) => {
    list.length = r.pick([0, 1, 2, 3, 5, 6]);
    return /expected 4 arguments/;
  },
  (r, o, list) => {
    list[0] = r.pick<() => unknown>([
      () => view(r.pick(TYPED_ARRAYS.filter((t) => t !== Float32Array)), o.a.length, r.pick(BACKINGS)),
      () => Array.from({ length: o.a.length }, (_, i) => o.a[i]),
      () => new Proxy(o.a, {}),
      () => r.pick<unknown>([null, undefined, {}, 'a', 4, new ArrayBuffer(16)]),
    ])();
    return /argument 0 \(a\) must be a Float32Array/;
  },
  (r, o, list) => {
    const n = o.rows * o.cols;
    list[0] = n > 0 && r.chance(0.3) ? emptiedView(Float32Array, n, r) : view(Float32Array, n + r.pick([1, 2, 7]), 'plain');
    return /argument 0 \(a\) must hold rows \* cols/;
  },
  (r, _o, list) => {
    list[1] = r.pick(HOSTILE_DIMENSIONS);
    return /argument 1 \(rows\)/;
  },
  (r, _o, list) => {
    list[2] = r.pick(HOSTILE_DIMENSIONS);
    return /argument 2 \(cols\)/;
  },
  (r, _o, list) => {
    // Dimensions each fine, whose product no array holds.
    list[1] = r.pick([2 ** 31, 2 ** 32 - 1, 65536]);
    list[2] = r.pick([2 ** 31, 2 ** 32 - 1, 65537]);
    return /argument 0 \(a\) must hold rows \* cols/;
  },
  (r, _o, list) => {
    list[3] = r.pick(HOSTILE_THREADS);
    return /argument 3 \(threads\)/;
  },
];

const shrinkable: Breakage = (r, o, list) => {
  if (o.a.length === 0) return undefined;
  list[0] = view(Float32Array, o.a.length, r.pick(['resizable', 'lengthTracking'] as const));
  return /argument 0 \(a\) must not be a view of a resizable ArrayBuffer/;
};

export function orthogonalizeCall(r: Rng, fn: 'orthogonalize' | 'orthogonalizeAsync'): Call {
  const async = isPromiseForm(fn);
  const o = validArgs(r, async);
  const list: unknown[] = [o.a, o.rows, o.cols, o.threads];
  const what = () => `${fn}(${list.map(describeValue).join(', ')})`;
  if (r.chance(0.4)) return { fn, args: list, expect: orthonormal(o), what: what() };
  const breakages = async ? [...BREAKAGES, shrinkable] : BREAKAGES;
  for (;;) {
    const names = r.pick(breakages)(r, o, list);
    if (names !== undefined) return { fn, args: list, expect: refused(names), what: `broken: ${what()}` };
  }
}
