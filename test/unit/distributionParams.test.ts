// How user parameters become the float32 vectors both backends compute with.
import { describe, expect, it } from 'vitest';

import { checkHalfRange, normalParams, truncatedNormalParams, uniformParams } from '../../src/distributionParams.js';
import { normalCdf } from '../../src/normalCdf.js';

describe('uniformParams', () => {
  it('maps [0, 1) to x = u exactly, clamped below 1', () => {
    expect([...uniformParams('t', 0, 1)]).toEqual([0, 1, 1 - 2 ** -24]);
  });

  it('keeps both ends inside [low, high) when they are not float32 values', () => {
    const [low, , top] = uniformParams('t', 0.1, 0.3);
    expect(low).toBeGreaterThanOrEqual(0.1);
    expect(top).toBeLessThan(0.3);
  });
});

describe('normalParams', () => {
  it('rounds mean and std to float32', () => {
    expect([...normalParams('t', 0.1, 0.02)]).toEqual([Math.fround(0.1), Math.fround(0.02)]);
  });
});

describe('truncatedNormalParams', () => {
  it('maps a symmetric window to its CDF interval without mirroring', () => {
    const [mean, std, pLow, pWidth, flip, low, high] = truncatedNormalParams('t', 0, 1, -2, 2);
    expect([mean, std, flip, low, high]).toEqual([0, 1, 1, -2, 2]);
    expect(pLow).toBe(Math.fround(normalCdf(-2)));
    expect(pWidth).toBe(Math.fround(normalCdf(2) - normalCdf(-2)));
  });

  it('mirrors a window above the mean into the left half, where float32 resolves small probabilities', () => {
    const [, , pLow, pWidth, flip] = truncatedNormalParams('t', 0, 1, 3, 6);
    expect(flip).toBe(-1);
    expect(pLow).toBe(Math.fround(normalCdf(-6)));
    expect(pWidth / (normalCdf(-3) - normalCdf(-6))).toBeCloseTo(1, 6);
  });

  it('never lets the largest CDF argument round up to 1', () => {
    const [, , pLow, pWidth] = truncatedNormalParams('t', 0, 1, -6, Infinity);
    expect(Math.fround(pLow + Math.fround((1 - 2 ** -24) * pWidth))).toBeLessThan(1);
  });

  it('is a plain normal (pLow 0, pWidth 1) over the whole line', () => {
    const [, , pLow, pWidth, flip] = truncatedNormalParams('t', 0, 1, -Infinity, Infinity);
    expect([pLow, pWidth, flip]).toEqual([0, 1, 1]);
  });
});

describe('checkHalfRange: a half output never holds Infinity', () => {
  // float16's largest finite value is 65504; float32 values from 65520 (the
  // midpoint to 65536) round to Infinity. The normal quantile reaches 14 std.
  it('refuses a normal whose 14-std tail reaches 65520 in float16, and accepts one just inside', () => {
    const most = (65520 - 1) / 14;
    expect(() => checkHalfRange('t', 'normal', normalParams('t', 0, most), 'float16')).not.toThrow();
    expect(() => checkHalfRange('t', 'normal', normalParams('t', 0, most * 1.001), 'float16')).toThrow(/t: std must be at most 4680, so that no sample overflows float16/);
  });

  it('refuses a mean beyond the half range, and uniform bounds by name', () => {
    expect(() => checkHalfRange('t', 'normal', normalParams('t', 7e4, 0), 'float16')).toThrow(/t: mean must be within ±65520/);
    expect(() => checkHalfRange('t', 'uniform', uniformParams('t', 0, 65520), 'float16')).not.toThrow();
    expect(() => checkHalfRange('t', 'uniform', uniformParams('t', 0, 65521), 'float16')).toThrow(/t: high must be within ±65520/);
    expect(() => checkHalfRange('t', 'uniform', uniformParams('t', -7e4, 0), 'float16')).toThrow(/t: low must be/);
  });

  it('accepts any std for a truncated normal whose window float16 holds', () => {
    expect(() => checkHalfRange('t', 'truncatedNormal', truncatedNormalParams('t', 0, 1e6, -6e4, 6e4), 'float16')).not.toThrow();
    expect(() => checkHalfRange('t', 'truncatedNormal', truncatedNormalParams('t', 0, 1e6, -7e4, 7e4), 'float16')).toThrow(/std must be at most/);
  });

  it('bfloat16 overflows only near float32 range (from 3.3961775e38)', () => {
    expect(() => checkHalfRange('t', 'normal', normalParams('t', 0, 2.4e37), 'bfloat16')).not.toThrow();
    expect(() => checkHalfRange('t', 'uniform', uniformParams('t', 0, 3.4e38), 'bfloat16')).toThrow(/high must be within ±3.3962e\+38/);
  });

  it('the public draws refuse before allocating, with the same message', async () => {
    const w = await import('../../src/index.js');
    expect(() => w.normal([2], { std: 1e4, dtype: 'float16', seed: 1 })).toThrow(/normal: std must be at most 4680/);
    expect(() => w.sparse([4, 4], { std: 1e5, sparsity: 0.5, dtype: 'float16', seed: 1 })).toThrow(/sparse: std must be at most 4680/);
    expect(() => w.uniform([2], { high: 1e5, dtype: 'float16', seed: 1 })).toThrow(/uniform: high must be within/);
  });
});
