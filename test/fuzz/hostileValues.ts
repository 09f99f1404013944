// Values a caller could pass that the native layer must survive: every kind
// of JS value, and typed arrays over every kind of memory (plain, at an offset
// in a larger buffer, shared, resizable, shrunk past the view's end, detached).
import type { Rng } from './prng.js';

export type AnyTypedArray =
  | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
  | Float32Array | Float64Array | BigInt64Array | BigUint64Array;
export type TypedArrayConstructor<T extends AnyTypedArray = AnyTypedArray> = {
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): T;
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
};

export const TYPED_ARRAYS: readonly TypedArrayConstructor[] = [
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
];

/** Memory that holds all of a view's elements for as long as nobody detaches or shrinks it. */
export type Backing = 'plain' | 'offset' | 'shared' | 'resizable' | 'lengthTracking';
export const BACKINGS: readonly Backing[] = ['plain', 'plain', 'offset', 'shared', 'resizable', 'lengthTracking'];

/** Backings that JS can shrink while a Promise form runs, which the Promise forms refuse. */
export const canShrink = (backing: Backing): boolean => backing === 'resizable' || backing === 'lengthTracking';

export function detach(buffer: ArrayBufferLike): void {
  structuredClone(buffer, { transfer: [buffer as ArrayBuffer] });
}

export function view<T extends AnyTypedArray>(type: TypedArrayConstructor<T>, length: number, backing: Backing): T {
  const bytes = length * type.BYTES_PER_ELEMENT;
  switch (backing) {
    case 'plain':
      return new type(new ArrayBuffer(bytes));
    case 'offset': {
      const before = 3 * type.BYTES_PER_ELEMENT;
      return new type(new ArrayBuffer(before + bytes + 5 * type.BYTES_PER_ELEMENT), before, length);
    }
    case 'shared':
      return new type(new SharedArrayBuffer(bytes));
    case 'resizable':
      return new type(new ArrayBuffer(bytes, { maxByteLength: 2 * bytes + 8 }), 0, length);
    case 'lengthTracking':
      return new type(new ArrayBuffer(bytes, { maxByteLength: 2 * bytes + 8 }));
  }
}

/** A view with no usable elements left: its buffer detached, or shrunk below its end. */
export function emptiedView<T extends AnyTypedArray>(type: TypedArrayConstructor<T>, length: number, r: Rng): T {
  if (r.chance(0.5)) {
    const v = view(type, length, 'plain');
    detach(v.buffer);
    return v;
  }
  const v = view(type, Math.max(length, 1), 'resizable');
  (v.buffer as ArrayBuffer).resize(0);
  return v;
}

const NOT_NUMBERS: readonly unknown[] = [
  undefined, null, true, '2', '', 2n, {}, [2], new Number(2), Symbol('two'), () => 2,
];

/** Not a thread count from 1 to 256. */
export const HOSTILE_THREADS: readonly unknown[] = [
  0, -0, -1, 257, 1e6, NaN, Infinity, -Infinity, 1.5, 2 ** 32, 2 ** 32 + 1, 2 ** 53, 2 ** 64, -(2 ** 31),
  Number.MIN_VALUE, ...NOT_NUMBERS,
];

/** Not an integer from 0 to 2^32 - 1. */
export const HOSTILE_DIMENSIONS: readonly unknown[] = [
  -1, 0.5, 1.5, NaN, Infinity, -Infinity, 2 ** 32, 2 ** 32 + 1, 2 ** 53, 2 ** 64, 1e300, -(2 ** 31), ...NOT_NUMBERS,
];

/** Not an integer from 1 to 2^32 - 1. */
export const HOSTILE_WIDTHS: readonly unknown[] = [0, -0, ...HOSTILE_DIMENSIONS];

function anyTypedArray(r: Rng): AnyTypedArray {
  const type = r.pick(TYPED_ARRAYS);
  const length = r.pick([0, 1, 2, 3, 4, 6, 7, 8, 12, 16, r.below(300)]);
  return r.chance(0.15) ? emptiedView(type, length, r) : view(type, length, r.pick(BACKINGS));
}

const SCALARS: readonly unknown[] = [
  undefined, null, true, false, 0, -0, 1, -1, 2, 0.5, NaN, Infinity, -Infinity, 2 ** 31, 2 ** 32, 2 ** 32 + 1,
  2 ** 53, 2 ** 64, 1e6, 1e300, -1e300, Number.MIN_VALUE, 1n, -1n, 2n ** 64n, '', 'normal', 'bits', 'uniform',
  'truncatedNormal', 'float16', 'bfloat16', 'relu', '2', 'x'.repeat(10_000), Symbol('s'),
];

/** Anything at all: scalars, objects of every kind, typed arrays over any memory. */
export function anyValue(r: Rng): unknown {
  switch (r.below(4)) {
    case 0:
    case 1:
      return r.pick(SCALARS);
    case 2:
      return anyTypedArray(r);
    default:
      return r.pick<() => unknown>([
        () => ({}),
        () => [],
        () => [1, 2, 3, 4],
        () => Object.create(null),
        () => () => 1,
        () => new Date(0),
        () => /x/,
        () => new Map(),
        () => new Proxy({}, {}),
        () => new Proxy(new Float32Array(4), {}),
        () => new DataView(new ArrayBuffer(8)),
        () => new ArrayBuffer(16),
        () => new SharedArrayBuffer(16),
        () => Buffer.alloc(8),
        () => Promise.resolve(1),
        () => new Error('an error'),
        () => ({ length: 7, 0: 1, 1: 2 }),
        () => ({ valueOf: () => { throw new Error('fuzz valueOf'); }, toString: () => { throw new Error('fuzz toString'); } }),
      ])();
  }
}
