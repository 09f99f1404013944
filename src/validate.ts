// Checks of user arguments, done once at the public boundary.
import { rangeError, typeError } from './errors.js';

const TWO_64 = 1n << 64n;

/** Rejects non-objects and unknown keys (a misspelt option must not be ignored). */
export function checkOptions(fn: string, options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw typeError(fn, 'options', 'an object', options);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`${fn}: unknown option '${key}'; expected one of: ${allowed.join(', ')}`);
    }
  }
  return options as Record<string, unknown>;
}

export function finiteNumber(fn: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw typeError(fn, name, 'a finite number', value);
  if (!Number.isFinite(value)) throw rangeError(fn, name, 'a finite number', value);
  return value;
}

/** A number that may be infinite but not NaN (truncation bounds). */
export function boundNumber(fn: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw typeError(fn, name, 'a number', value);
  if (Number.isNaN(value)) throw rangeError(fn, name, 'a number (not NaN)', value);
  return value;
}

/** An unsigned integer below 2^64 given as a safe integer or a bigint. */
export function uint64(fn: string, name: string, value: unknown): bigint {
  if (typeof value === 'bigint') {
    if (value < 0n || value >= TWO_64) throw rangeError(fn, name, 'an integer in [0, 2^64)', value);
    return value;
  }
  if (typeof value !== 'number') throw typeError(fn, name, 'a safe integer or a bigint', value);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw rangeError(fn, name, 'a non-negative safe integer, or a bigint in [0, 2^64)', value);
  }
  return BigInt(value);
}

/** A non-negative integer (safe integer or bigint), unbounded here; callers bound it. */
export function nonNegativeInteger(fn: string, name: string, value: unknown): bigint {
  if (typeof value === 'bigint') {
    if (value < 0n) throw rangeError(fn, name, 'a non-negative integer', value);
    return value;
  }
  if (typeof value !== 'number') throw typeError(fn, name, 'a safe integer or a bigint', value);
  if (!Number.isSafeInteger(value) || value < 0) throw rangeError(fn, name, 'a non-negative safe integer', value);
  return BigInt(value);
}

export function threadCount(fn: string, value: unknown, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw typeError(fn, 'threads', `an integer from 1 to ${max}`, value);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw rangeError(fn, 'threads', `an integer from 1 to ${max}`, value);
  }
  return value;
}
