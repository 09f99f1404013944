// How user parameters become the float32 vectors both backends compute with.
import { describe, expect, it } from 'vitest';

import { normalParams, truncatedNormalParams, uniformParams } from '../../src/distributionParams.js';
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
