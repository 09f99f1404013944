// Where a draw starts in the random stream: the packing of (seed, stream,
// offset) into the seven words both backends take (docs/RNG.md).
import { webcrypto } from 'node:crypto';

import { rangeError } from './errors.js';
import { nonNegativeInteger, uint64 } from './validate.js';

export type Seed = number | bigint;

/** Words in the stream of one (seed, stream): four per 64-bit block index. */
export const STREAM_WORDS = 1n << 66n;

const MASK_32 = 0xffffffffn;

/** key0 key1 stream0 stream1 blockLo blockHi phase, as the kernels take them. */
export type Position = Uint32Array;

export function position(seed: bigint, stream: bigint, offset: bigint): Position {
  const block = offset >> 2n;
  return new Uint32Array([
    Number(seed & MASK_32),
    Number(seed >> 32n),
    Number(stream & MASK_32),
    Number(stream >> 32n),
    Number(block & MASK_32),
    Number(block >> 32n),
    Number(offset & 3n),
  ]);
}

/** The position `count` words after `p` (for splitting a draw into chunks). */
export function advance(p: Position, count: number): Position {
  const offset = ((BigInt(p[5]!) << 32n) | BigInt(p[4]!)) * 4n + BigInt(p[6]!) + BigInt(count);
  const next = new Uint32Array(p);
  const block = offset >> 2n;
  next[4] = Number(block & MASK_32);
  next[5] = Number(block >> 32n);
  next[6] = Number(offset & 3n);
  return next;
}

/** A fresh seed for calls that give none: 53 random bits, so it prints and serializes as a plain number. */
export function randomSeed(): number {
  const words = webcrypto.getRandomValues(new Uint32Array(2));
  return (words[0]! & 0x1fffff) * 2 ** 32 + words[1]!;
}

export interface StreamOptions {
  seed?: Seed;
  stream?: Seed;
  offset?: number | bigint;
}

export interface ResolvedStream {
  seed: Seed;
  position: Position;
}

export interface ResolvedKey {
  seed: Seed;
  key: bigint;
  stream: bigint;
}

/** Validates seed and stream (a fresh random seed when none is given). */
export function resolveKey(fn: string, options: StreamOptions, seedRequired = false): ResolvedKey {
  if (seedRequired && options.seed === undefined) {
    throw new TypeError(`${fn}: option 'seed' is required (a safe integer or a bigint in [0, 2^64))`);
  }
  const seed = options.seed ?? randomSeed();
  const key = uint64(fn, 'seed', seed);
  const stream = options.stream === undefined ? 0n : uint64(fn, 'stream', options.stream);
  return { seed, key, stream };
}

/** Validates seed, stream and a word offset for a raw draw of `length` words. */
export function resolveStream(fn: string, options: StreamOptions, length: number, seedRequired = false): ResolvedStream {
  const { seed, key, stream } = resolveKey(fn, options, seedRequired);
  const offset = options.offset === undefined ? 0n : nonNegativeInteger(fn, 'offset', options.offset);
  if (offset + BigInt(length) > STREAM_WORDS) {
    throw rangeError(fn, 'offset', `at most 2^66 - ${length} (offset + length <= 2^66 stream words)`, options.offset);
  }
  return { seed, position: position(key, stream, offset) };
}

/**
 * The same draw position in the companion stream (stream XOR 2^63), for the
 * second random input of a scheme such as sparse's zero pattern.
 */
export function advanceStream(p: Position): Position {
  const next = new Uint32Array(p);
  next[3] = (next[3]! ^ 0x80000000) >>> 0;
  return next;
}
