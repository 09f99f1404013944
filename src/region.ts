// Which elements of the logical tensor one call draws: all of them, a flat
// range [offset, offset + count) of the row-major order, or the slice a rank
// owns along one axis. Element i of the logical tensor is element i of the
// random stream, so any region drawn alone equals that region of the whole.
import { rangeError, typeError } from './errors.js';
import { checkOptions, nonNegativeInteger } from './validate.js';

export interface ShardOptions {
  /** Number of ranks the tensor is split across. */
  world: number;
  /** This process's rank, 0 <= rank < world. */
  rank: number;
  /** The axis that is split (default 0, the rows: each shard is one contiguous range). */
  axis?: number;
}

/** The part of a tensor one rank owns: `shape` along every axis but `axis`, rows [start, end) along it. */
export interface Shard extends Required<ShardOptions> {
  /** First index along `axis` owned by this rank. */
  start: number;
  /** One past the last index along `axis`. */
  end: number;
  /** The shape of this rank's slice. */
  shape: number[];
  /** Element index (row-major, in the whole tensor) of the slice's first element. */
  offset: number;
  /** Elements in the slice. */
  length: number;
}

/**
 * Runs of `runLength` consecutive elements of the logical tensor, the first at
 * element `first`, then every `stride` elements; the output holds them one
 * after another.
 */
export interface Region {
  /** The shape of the drawn part (the logical shape when the region is the whole tensor). */
  dims: number[];
  count: number;
  first: number;
  runs: number;
  runLength: number;
  stride: number;
  whole: boolean;
}

const SHARD_KEYS = ['world', 'rank', 'axis', 'start', 'end', 'shape', 'offset', 'length'] as const;

function integerIn(fn: string, name: string, value: unknown, low: number, high: number): number {
  if (typeof value !== 'number') throw typeError(fn, name, `an integer in [${low}, ${high}]`, value);
  if (!Number.isInteger(value) || value < low || value > high) throw rangeError(fn, name, `an integer in [${low}, ${high}]`, value);
  return value;
}

/**
 * The shard of `rank`, split as torch.chunk splits a dimension: every rank
 * gets ceil(n / world) indices along the axis, the last ones fewer or none.
 */
export function shardOf(fn: string, dims: readonly number[], options: unknown): Shard {
  if (options === undefined) throw new TypeError(`${fn}: options { world, rank, axis? } are required`);
  const o = checkOptions(fn, options, SHARD_KEYS);
  if (dims.length === 0) throw new RangeError(`${fn}: a 0-D tensor (shape []) has no axis to split`);
  const world = integerIn(fn, 'world', o['world'], 1, 2 ** 31);
  const rank = integerIn(fn, 'rank', o['rank'], 0, world - 1);
  const axisGiven = o['axis'] === undefined ? 0 : integerIn(fn, 'axis', o['axis'], -dims.length, dims.length - 1);
  const axis = axisGiven < 0 ? axisGiven + dims.length : axisGiven;
  const n = dims[axis]!;
  const chunk = Math.ceil(n / world);
  const start = Math.min(rank * chunk, n);
  const end = Math.min(start + chunk, n);
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const shape = dims.map((d, i) => (i === axis ? end - start : d));
  const shard: Shard = { world, rank, axis, start, end, shape, offset: start * inner, length: shape.reduce((a, b) => a * b, 1) };
  // A Shard passed back as options must be the one these dims give, not an edited copy.
  for (const key of ['start', 'end', 'offset', 'length'] as const) {
    if (o[key] !== undefined && o[key] !== shard[key]) throw rangeError(fn, `shard.${key}`, `${shard[key]} for this shape, world and rank`, o[key]);
  }
  const given = o['shape'];
  if (given !== undefined && !(Array.isArray(given) && given.length === shape.length && given.every((d, i) => d === shape[i]))) {
    throw rangeError(fn, 'shard.shape', `[${shape.join(', ')}] for this shape, world and rank`, o['shape']);
  }
  return shard;
}

export function shardRegion(dims: readonly number[], s: Shard): Region {
  const inner = dims.slice(s.axis + 1).reduce((a, b) => a * b, 1);
  const runs = dims.slice(0, s.axis).reduce((a, b) => a * b, 1);
  const runLength = (s.end - s.start) * inner;
  const whole = s.start === 0 && s.end === dims[s.axis];
  // The whole tensor is one run, so that schemes computed whole (orthogonal, identity, ...) are not drawn row by row.
  if (whole) return { dims: s.shape, count: s.length, first: 0, runs: s.length === 0 ? 0 : 1, runLength: s.length, stride: s.length, whole };
  return { dims: s.shape, count: s.length, first: s.offset, runs: runLength === 0 ? 0 : runs, runLength, stride: dims[s.axis]! * inner, whole };
}

/**
 * A flat range from `offset`: `count` elements when an output of that length
 * is given, else the rest of the tensor.
 */
export function flatRegion(fn: string, dims: number[], size: number, offset: unknown, count: number | undefined): Region {
  const first = offset === undefined ? 0 : Number(nonNegativeInteger(fn, 'offset', offset));
  if (first > size) throw rangeError(fn, 'offset', `at most ${size} (the number of elements of shape [${dims.join(', ')}])`, offset);
  const n = count ?? size - first;
  if (first + n > size) {
    throw rangeError(fn, 'out.length', `at most ${size - first} (elements from offset ${first} to the end of shape [${dims.join(', ')}])`, n);
  }
  const whole = first === 0 && n === size;
  return { dims: whole ? dims : [n], count: n, first, runs: n === 0 ? 0 : 1, runLength: n, stride: n, whole };
}
