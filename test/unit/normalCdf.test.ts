// The double-precision normal CDF behind truncated-normal windows.
import { describe, expect, it } from 'vitest';

import { normalCdf } from '../../src/normalCdf.js';

// Reference values: scipy.special.ndtr (SciPy 1.17), printed with repr().
const SCIPY_NDTR: Array<[number, number]> = [
  [-37, 5.7255712225239266e-300],
  [-13, 6.117164399549704e-39],
  [-8, 6.22096057427174e-16],
  [-5, 2.866515718791933e-7],
  [-3.0001, 0.0013494549132607172],
  [-3, 0.0013498980316300933],
  [-2.9999, 0.001350341282954925],
  [-2, 0.022750131948179195],
  [-1, 0.15865525393145707],
  [-0.5, 0.3085375387259869],
  [0, 0.5],
  [0.3, 0.6179114221889526],
  [1, 0.8413447460685429],
  [2, 0.9772498680518208],
  [3, 0.9986501019683699],
  [4, 0.9999683287581669],
  [6, 0.9999999990134123],
];

describe('normalCdf', () => {
  // exp(-x^2/2) carries a relative error of about |x^2/2| ulps, 1e-13 at x = -37.
  it.each(SCIPY_NDTR)('Phi(%d) matches SciPy to 1e-12 relative', (x, expected) => {
    expect(Math.abs(normalCdf(x) / expected - 1)).toBeLessThan(1e-12);
  });

  it('is 0 and 1 at the infinities and monotone across the branch points', () => {
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    for (const x of [-3, 3]) {
      expect(normalCdf(x - 1e-9)).toBeLessThan(normalCdf(x + 1e-9));
    }
  });
});
