// Shapes for the draw properties: small valid ones (drawn whole, fast),
// huge ones (only ever used where validation fails or a small part is drawn),
// and malformed ones.
import fc from 'fast-check';

import { edgeNumber, hostileValue } from './hostileValues.js';

/** Up to 4 dims of 0..6, or a matrix up to 40 x 40: every scheme's whole draw stays under ~2^12 elements. */
export const smallShape: fc.Arbitrary<number[]> = fc.oneof(
  { arbitrary: fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 4 }), weight: 3 },
  { arbitrary: fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 })), weight: 2 },
  { arbitrary: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 })), weight: 1 },
);

const hugeDim = fc.constantFrom(2 ** 17, 2 ** 20, 2 ** 31, 2 ** 32, 2 ** 37, 2 ** 40, 1e15, 2 ** 53 - 1);

/** Shapes with at least one huge dim: valid up to 2^53 - 1 elements, or too large. */
export const hugeShape: fc.Arbitrary<number[]> = fc
  .tuple(fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), hugeDim), { maxLength: 3 }), hugeDim, fc.nat(3))
  .map(([dims, huge, at]) => [...dims.slice(0, at), huge, ...dims.slice(at)]);

/** Not a shape: bad dims (negative, fractional, NaN, too large, wrong types), holes, and non-arrays. */
export const malformedShape: fc.Arbitrary<unknown> = fc.oneof(
  fc.tuple(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }), fc.oneof(edgeNumber, hostileValue)).map(([dims, bad]) => [...dims, bad]),
  fc.sparseArray(fc.integer({ min: 0, max: 6 }), { maxLength: 4, noTrailingHole: false }),
  edgeNumber,
  hostileValue,
);

/** Any shape argument, mostly small valid ones. */
export const anyShape: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: smallShape, weight: 12 },
  { arbitrary: hugeShape, weight: 2 },
  { arbitrary: malformedShape, weight: 2 },
);

/**
 * The dims and element count weightinit must see in `shape`, computed here
 * independently of src/tensor.ts; undefined when `shape` is not a valid shape.
 */
export function validShape(shape: unknown): { dims: number[]; size: number } | undefined {
  const dims = typeof shape === 'number' ? [shape] : shape;
  if (!Array.isArray(dims)) return undefined;
  const list = Array.from(dims as unknown[]);
  if (!list.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) return undefined;
  const numbers = list as number[];
  // Exact: a 0 anywhere makes the tensor empty however large the other dims.
  const size = numbers.includes(0) ? 0 : Number(numbers.reduce((n, d) => n * BigInt(d), 1n));
  if (size > Number.MAX_SAFE_INTEGER) return undefined;
  return { dims: numbers, size };
}
