// Typed errors for bad input: every message names the function, the argument
// and what was expected, and shows what was given.

export function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return `a ${value.constructor?.name ?? 'object'}`;
}

export function typeError(fn: string, name: string, expected: string, got: unknown): TypeError {
  return new TypeError(`${fn}: ${name} must be ${expected}, got ${describe(got)}`);
}

export function rangeError(fn: string, name: string, expected: string, got: unknown): RangeError {
  return new RangeError(`${fn}: ${name} must be ${expected}, got ${describe(got)}`);
}
