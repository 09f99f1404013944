// Rounding user bounds into float32 without ever stepping outside them.
import { describe, expect, it } from 'vitest';

import { below32, ceil32, floor32, nextDown32, nextUp32, positiveZero32 } from '../../src/float32.js';

describe('float32 rounding helpers', () => {
  it('steps to the adjacent float32', () => {
    expect(nextUp32(1)).toBe(1 + 2 ** -23);
    expect(nextDown32(1)).toBe(1 - 2 ** -24);
    expect(nextUp32(0)).toBe(2 ** -149);
    expect(nextUp32(-1)).toBe(-(1 - 2 ** -24));
  });

  it('rounds towards the inside of a bound', () => {
    expect(ceil32(0.1)).toBeGreaterThanOrEqual(0.1);
    expect(floor32(0.1)).toBeLessThanOrEqual(0.1);
    expect(ceil32(0.1) - floor32(0.1)).toBeGreaterThan(0);
    expect(ceil32(0.5)).toBe(0.5);
    expect(below32(1)).toBe(1 - 2 ** -24);
    expect(below32(0.1)).toBe(floor32(0.1));
  });

  it('turns -0 into +0', () => {
    expect(Object.is(positiveZero32(-0), 0)).toBe(true);
  });
});
