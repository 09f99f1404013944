// The stream of a named parameter: a function of its name alone, so adding,
// removing, renaming or reordering other parameters never changes its values.
import { createHash } from 'node:crypto';

/**
 * The first 8 bytes of SHA-256(UTF-8 name) as a little-endian integer, with
 * the top bit cleared: named streams stay below 2^63, clear of the companion
 * streams (stream XOR 2^63) that schemes such as sparse use for a second input.
 */
export function parameterStream(name: string): bigint {
  const digest = createHash('sha256').update(name, 'utf8').digest();
  return digest.readBigUInt64LE(0) & ((1n << 63n) - 1n);
}
