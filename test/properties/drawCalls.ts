// Random calls of every draw function: a shape, and options of every kind —
// each scheme's own options with plausible, edge and wrong values, the
// stream options (seeds and streams near 0 and 2^64), dtypes, threads, parts
// (offset + out, shard), unknown keys, and options that are not objects.
// A call whose shape is valid but large always draws a small part of it, so
// no property ever allocates or fills more than a few thousand elements.
import fc from 'fast-check';

import * as w from '../../src/index.js';
import * as promises from '../../src/promises.js';
import { edgeNumber, hostileValue, mostly, notAnObject, unknownKey } from './hostileValues.js';
import { anyShape, validShape } from './shapes.js';

export type DType = 'float32' | 'float64' | 'float16' | 'bfloat16';
export const DTYPES: readonly DType[] = ['float32', 'float64', 'float16', 'bfloat16'];

type SyncDraw = (shape: never, options?: never) => w.Tensor;
type AsyncDraw = (shape: never, options?: never) => Promise<w.Tensor>;

export interface SchemeUnderTest {
  name: string;
  /** Shapes the scheme takes, if it takes only some (a matrix, a conv kernel). */
  shapes?: fc.Arbitrary<number[]>;
  sync: SyncDraw;
  async: AsyncDraw;
  /** Element i depends on (seed, stream, offset + i) only, so parts can be drawn. */
  elementwise: boolean;
  /** The scheme's own options and values for them. */
  own: Record<string, fc.Arbitrary<unknown>>;
}

// Plausible values of each option, now and then an edge value that validation must catch.
const edge = (valid: fc.Arbitrary<number>): fc.Arbitrary<number> => fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: edgeNumber, weight: 1 });
const number = fc.oneof({ arbitrary: edge(fc.double({ min: -10, max: 10, noNaN: true })), weight: 8 }, { arbitrary: fc.double(), weight: 1 });
const spread = edge(fc.double({ min: 0, max: 10, noNaN: true }));
const positive = edge(fc.double({ min: 1e-3, max: 10, noNaN: true }));
const fraction = edge(fc.double({ min: 0, max: 1, noNaN: true }));
const convention = fc.constantFrom('keras', 'pytorch', 'jax');
const axis = fc.integer({ min: -4, max: 3 });
const layout = fc.oneof(
  { arbitrary: fc.constantFrom('io', 'hwio', 'oi', 'oihw'), weight: 4 },
  { arbitrary: fc.record({ inAxis: mostly(axis), outAxis: mostly(axis), batchAxis: mostly(fc.oneof(axis, fc.array(axis, { maxLength: 2 }))) }, { requiredKeys: ['inAxis', 'outAxis'] }), weight: 1 },
);
const mode = fc.constantFrom('fanIn', 'fanOut', 'fanAvg', 'fan_in', 'fan_out', 'fan_avg');
const heMode = fc.constantFrom('fanIn', 'fanOut', 'fan_in', 'fan_out');
const nonlinearity = fc.constantFrom('relu', 'leaky_relu', 'leakyRelu', 'tanh', 'sigmoid', 'selu', 'linear', 'conv2d');
const layoutKeys = { layout: mostly(layout), convention: mostly(convention) };
const heKeys = { mode: mostly(heMode), nonlinearity: mostly(nonlinearity), negativeSlope: number, ...layoutKeys };

// Shapes a scheme takes (matrices, conv kernels), mixed with any shape at all.
const dim = (max: number) => fc.integer({ min: 0, max });
const matrix = fc.tuple(dim(24), dim(24));
const kernel = fc.oneof(fc.tuple(dim(3), dim(4), dim(4)), fc.tuple(dim(3), dim(3), dim(4), dim(4)), fc.tuple(dim(2), dim(2), dim(2), dim(3), dim(3)));

const schemes: (Omit<SchemeUnderTest, 'sync' | 'async'> & { shapes?: fc.Arbitrary<number[]> })[] = [
  { name: 'uniform', elementwise: true, own: { low: number, high: number } },
  { name: 'normal', elementwise: true, own: { mean: number, std: spread } },
  { name: 'truncatedNormal', elementwise: true, own: { mean: number, std: spread, low: number, high: number, lower: number, upper: number } },
  { name: 'zeros', elementwise: true, own: {} },
  { name: 'ones', elementwise: true, own: {} },
  { name: 'constant', elementwise: true, own: { value: number } },
  {
    name: 'varianceScaling', elementwise: true,
    own: { scale: positive, mode: mostly(mode), distribution: mostly(fc.constantFrom('truncatedNormal', 'truncated_normal', 'normal', 'untruncated_normal', 'uniform')), ...layoutKeys },
  },
  { name: 'glorotUniform', elementwise: true, own: { gain: positive, ...layoutKeys } },
  { name: 'glorotNormal', elementwise: true, own: { gain: positive, ...layoutKeys } },
  { name: 'heUniform', elementwise: true, own: heKeys },
  { name: 'heNormal', elementwise: true, own: heKeys },
  { name: 'lecunUniform', elementwise: true, own: { ...layoutKeys } },
  { name: 'lecunNormal', elementwise: true, own: { ...layoutKeys } },
  { name: 'orthogonal', elementwise: false, own: { gain: positive, convention: mostly(convention) }, shapes: fc.oneof(matrix, kernel) },
  { name: 'deltaOrthogonal', elementwise: false, own: { gain: positive, convention: mostly(convention) }, shapes: kernel },
  { name: 'identity', elementwise: false, own: { gain: positive }, shapes: matrix },
  { name: 'dirac', elementwise: false, own: { groups: mostly(fc.integer({ min: 1, max: 4 })), convention: mostly(convention) }, shapes: kernel },
  { name: 'sparse', elementwise: false, own: { sparsity: fraction, density: fraction, std: spread }, shapes: matrix },
];

export const SCHEMES: readonly SchemeUnderTest[] = schemes.map((s) => ({
  ...s,
  sync: (w as unknown as Record<string, SyncDraw>)[s.name]!,
  async: (promises as unknown as Record<string, AsyncDraw>)[s.name]!,
}));

/** Seeds and streams: small, near 2^53, near 2^64 (as bigints), and past the end. */
export const seedLike: fc.Arbitrary<number | bigint> = fc.oneof(
  { arbitrary: fc.nat(1000), weight: 3 },
  { arbitrary: fc.integer({ min: 2 ** 53 - 1000, max: 2 ** 53 - 1 }), weight: 3 },
  { arbitrary: fc.bigInt({ min: 0n, max: 1000n }), weight: 3 },
  { arbitrary: fc.bigInt({ min: 2n ** 64n - 1000n, max: 2n ** 64n - 1n }), weight: 3 },
  { arbitrary: fc.constantFrom<number | bigint>(2n ** 64n, -1, 1.5, 2 ** 53, -1n), weight: 1 },
);

const STREAM_KEYS = {
  seed: seedLike,
  stream: seedLike,
  dtype: mostly(fc.constantFrom(...DTYPES)),
  threads: mostly(fc.constantFrom(1, 2, 3, 256)),
};

/** A view over `count` elements of `dtype`: its own array, or raw bytes of another kind, maybe misaligned, shared or resizable. */
function outOf(dtype: DType, count: number): fc.Arbitrary<ArrayBufferView> {
  const size = dtype === 'float64' ? 8 : dtype === 'float32' ? 4 : 2;
  const own = (): ArrayBufferView => (dtype === 'float64' ? new Float64Array(count) : dtype === 'float32' ? new Float32Array(count) : new Uint16Array(count));
  return fc.oneof(
    { arbitrary: fc.constant(null).map(own), weight: 4 },
    {
      arbitrary: fc.tuple(fc.nat(7), fc.constantFrom('Uint8Array', 'DataView', 'Buffer', 'Int16Array', 'shared', 'resizable')).map(([shift, kind]) => {
        const bytes = count * size;
        if (kind === 'shared') return new Uint8Array(new SharedArrayBuffer(bytes + 8), shift, bytes);
        if (kind === 'resizable') return new Uint8Array(new (ArrayBuffer as unknown as new (n: number, o: object) => ArrayBuffer)(bytes + 8, { maxByteLength: bytes + 64 }), shift, bytes);
        if (kind === 'DataView') return new DataView(new ArrayBuffer(bytes + 8), shift, bytes);
        if (kind === 'Buffer') return Buffer.alloc(bytes + 8).subarray(shift, shift + bytes);
        if (kind === 'Int16Array') return new Int16Array(new ArrayBuffer(bytes + 8), 0, Math.floor(bytes / 2));
        return new Uint8Array(new ArrayBuffer(bytes + 8), shift, bytes);
      }),
      weight: 2,
    },
  );
}

/** Largest whole tensor a property draws; larger valid shapes only ever get a part drawn. */
export const WHOLE_LIMIT = 1 << 12;
const PART_LIMIT = 64;

/** Which part of the tensor to draw: all of it, offset (+ out), shard (+ out); a part is forced when the tensor is large. */
function partOf(dtype: DType, size: number | undefined): fc.Arbitrary<Record<string, unknown>> {
  const large = size !== undefined && size > WHOLE_LIMIT;
  const n = size ?? 16;
  // fc.integer stops at 2^31 - 1; offsets go up to 2^53 - 1.
  const upTo = (low: number, high: number) => fc.bigInt({ min: BigInt(low), max: BigInt(high) });
  const offset = fc.oneof(
    upTo(0, n).map(Number),
    upTo(Math.max(0, n - PART_LIMIT), n).map(Number),
    upTo(0, n),
    mostly(fc.constantFrom(n + 1, 2 ** 53, 2n ** 64n), 1),
  );
  const withOut = offset.chain((at) => {
    const left = typeof at === 'number' || typeof at === 'bigint' ? Math.floor(n - Number(at)) : NaN;
    const room = Number.isFinite(left) ? Math.max(0, left) : PART_LIMIT;
    return fc.integer({ min: 0, max: Math.min(room, PART_LIMIT) + 1 }).chain((count) => outOf(dtype, count).map((out) => ({ offset: at, out })));
  });
  const shard = fc.record(
    { world: mostly(fc.integer({ min: 1, max: 5 })), rank: mostly(fc.integer({ min: 0, max: 5 })), axis: mostly(axis) },
    { requiredKeys: ['world', 'rank'] },
  );
  const shardWithOut = fc.tuple(shard, fc.integer({ min: 0, max: PART_LIMIT })).chain(([s, count]) => outOf(dtype, count).map((out) => ({ shard: s, out })));
  if (large) return fc.oneof(withOut, shardWithOut);
  return fc.oneof(
    { arbitrary: fc.constant({}), weight: 5 },
    { arbitrary: outOf(dtype, n).map((out) => ({ out })), weight: 1 },
    { arbitrary: offset.map((at) => ({ offset: at })), weight: 1 },
    { arbitrary: withOut, weight: 2 },
    { arbitrary: shard.map((s) => ({ shard: s })), weight: 1 },
    { arbitrary: shardWithOut, weight: 1 },
  );
}

/** A call as data (the scheme by name), so that fast-check prints counterexamples readably. */
export interface DrawCall {
  scheme: string;
  shape: unknown;
  options: unknown;
}

export const schemeOf = (c: DrawCall): SchemeUnderTest => SCHEMES.find((s) => s.name === c.scheme)!;

/** Keys, values and parts mixed; options are occasionally not an object, or carry an unknown key. */
export function drawCall(only?: (s: SchemeUnderTest) => boolean): fc.Arbitrary<DrawCall> {
  const pool = SCHEMES.filter(only ?? (() => true));
  const shaped = fc.constantFrom(...pool).chain((scheme) =>
    (scheme.shapes ? fc.oneof({ arbitrary: scheme.shapes, weight: 2 }, { arbitrary: anyShape, weight: 1 }) : anyShape).map((shape) => ({ scheme, shape })),
  );
  return shaped.chain(({ scheme, shape }) => {
    const own = fc.record({ ...scheme.own, ...STREAM_KEYS }, { requiredKeys: [] });
    const size = validShape(shape)?.size;
    const options = own.chain((o) => {
      const dtype = DTYPES.includes(o['dtype'] as DType) ? (o['dtype'] as DType) : 'float32';
      return partOf(dtype, size).map((part) => ({ ...o, ...part }));
    });
    // A large valid shape always gets its small part; junk options come only with shapes that cannot allocate much.
    const safeJunk = size === undefined || size <= WHOLE_LIMIT;
    const withJunk = safeJunk
      ? fc.oneof(
          { arbitrary: options, weight: 12 },
          { arbitrary: fc.tuple(options, unknownKey, hostileValue).map(([o, k, v]) => ({ ...o, [k]: v })), weight: 1 },
          { arbitrary: notAnObject, weight: 1 },
          { arbitrary: fc.constant(undefined), weight: 1 },
        )
      : options;
    return withJunk.map((o): DrawCall => ({ scheme: scheme.name, shape, options: o }));
  });
}

/** What a call looks like in a failure report. */
export function describeCall(c: DrawCall): string {
  return `${c.scheme}(${fc.stringify(c.shape)}, ${fc.stringify(c.options)})`;
}
