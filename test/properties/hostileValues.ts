// Values no caller should pass, which every entry point must refuse with a
// TypeError or RangeError: wrong types, numbers at and past every limit the
// API has, objects that only look like what is expected.
import fc from 'fast-check';

/** Numbers at the edges: zero of both signs, non-integers, non-finite, and past 2^31, 2^32, 2^53, 2^64 and float32's range. */
export const edgeNumber: fc.Arbitrary<number> = fc.constantFrom(
  0, -0, 1, -1, 0.5, 1.5, -2.5, NaN, Infinity, -Infinity,
  2 ** 31, 2 ** 32, 2 ** 32 + 1, 2 ** 53 - 1, 2 ** 53, 2 ** 64, 1e15, 1e300, -1e300,
  3.4028234663852886e38, 3.5e38, 65504, 65520, 1e-45, 5e-324, Number.MAX_VALUE, Number.EPSILON,
);

/** Bigints at the edges of the 64-bit seed space and past it. */
export const edgeBigInt: fc.Arbitrary<bigint> = fc.constantFrom(0n, 1n, -1n, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n, 2n ** 64n, 2n ** 66n, -(2n ** 64n));

/** Anything but the right thing: other types, look-alikes and arbitrary JS values. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: edgeNumber, weight: 4 },
  { arbitrary: edgeBigInt, weight: 2 },
  {
    arbitrary: fc.constantFrom<unknown>(
      undefined, null, true, false, '', '1', 'NaN', 'float32', [], [1], {}, { valueOf: () => 1 }, () => 1,
      Symbol('x'), new Date(0), /re/, new Map(), new Float32Array(2), new ArrayBuffer(8), Object.create(null),
    ),
    weight: 3,
  },
  { arbitrary: fc.anything({ withBigInt: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true, maxDepth: 2 }), weight: 2 },
);

/** `valid` most of the time (19 in 20 by default), else a hostile value. */
export function mostly<T>(valid: fc.Arbitrary<T>, validWeight = 19): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: valid as fc.Arbitrary<unknown>, weight: validWeight }, { arbitrary: hostileValue, weight: 1 });
}

/** An options argument that is not an options object at all. */
export const notAnObject: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(null, 0, 1, 'seed', true, [], [1, 2], () => ({}), Symbol('o'), 1n);

/** A key no function takes (misspellings of real ones among them). */
export const unknownKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('sead', 'Seed', 'std ', 'dType', 'offSet', 'thread', 'shards', '__proto__x', 'constructor', 'toString', ''),
  fc.string({ minLength: 1, maxLength: 6 }),
);
