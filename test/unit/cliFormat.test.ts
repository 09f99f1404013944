// How the CLI writes sizes and rates: three digits under a prefix, whatever the rounding does.
import { describe, expect, it } from 'vitest';

import { formatBytes, formatRate } from '../../src/cli/format.js';

describe('formatRate', () => {
  it('writes three significant digits under an SI prefix', () => {
    expect(formatRate(0)).toBe('0.00 ');
    expect(formatRate(714_000)).toBe('714 k');
    expect(formatRate(2.25e9)).toBe('2.25 G');
    expect(formatRate(12.5)).toBe('12.5 ');
  });

  it('moves to the next prefix when rounding reaches 1000', () => {
    expect(formatRate(999.4e3)).toBe('999 k');
    expect(formatRate(999.6e3)).toBe('1.00 M');
    expect(formatRate(999.5)).toBe('1.00 k');
    expect(formatRate(999_999_999)).toBe('1.00 G');
  });

  it('keeps the largest prefix beyond it', () => {
    expect(formatRate(5e15)).toBe('5.00e+3 T');
  });
});

describe('formatBytes', () => {
  it('writes whole bytes below 1 kB and three digits above', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.00 kB');
    expect(formatBytes(8_589_934_592)).toBe('8.59 GB');
  });

  it('moves to the next unit when rounding reaches 1000', () => {
    expect(formatBytes(999_600)).toBe('1.00 MB');
    expect(formatBytes(999_499)).toBe('999 kB');
  });
});
