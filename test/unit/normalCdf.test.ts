// The double-precision normal CDF behind truncated-normal windows and the GELU.
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

// Phi(x) = erfc(t)/2 at t = -x/sqrt(2), from Python 3.11's math.erfc plus a
// first-order correction for t's rounding (left alone, that rounding moves
// erfc by about x^2 units of 2^-53, 1e-13 relative at x = -30):
//   python3 -c "import math; from decimal import Decimal as D; [print(f'[{x!r}, {(math.erfc(t) - 2 / math.sqrt(math.pi) * math.exp(-t * t) * float(D(-x) / D(2).sqrt() - D(t))) / 2!r}],') for x in [-30.2, -24.9, -19.3, -13, -10.7, -8.3, -6.1, -5.66, -5.65, -4.4, -3.3, -3, -2.6, -1.9, -1.2, -0.68, -0.67, -0.31, -0.02, 0.02, 0.31, 0.67, 0.68, 1.2, 2.6, 3.3, 5.65, 5.66, 7.4] for t in [-x / math.sqrt(2)]]"
// Each value is within 3e-16 relative of Phi computed to 50 digits with Python's decimal module.
const ERFC_REFERENCE: Array<[number, number]> = [
  [-30.2, 1.1842914786109378e-200],
  [-24.9, 3.7200792751087554e-137],
  [-19.3, 2.6854605427992225e-83],
  [-13, 6.117164399549879e-39],
  [-10.7, 5.088910855027318e-27],
  [-8.3, 5.2055697448902533e-17],
  [-6.1, 5.303423262948842e-10],
  [-5.66, 7.568649751997712e-9],
  [-5.65, 8.022391850663499e-9],
  [-4.4, 5.412543907703852e-6],
  [-3.3, 0.0004834241423837775],
  [-3, 0.0013498980316300946],
  [-2.6, 0.0046611880237187485],
  [-1.9, 0.028716559816001807],
  [-1.2, 0.11506967022170828],
  [-0.68, 0.24825223045357053],
  [-0.67, 0.25142889509531013],
  [-0.31, 0.3782804781779807],
  [-0.02, 0.492021686283098],
  [0.02, 0.5079783137169019],
  [0.31, 0.6217195218220193],
  [0.67, 0.7485711049046899],
  [0.68, 0.7517477695464294],
  [1.2, 0.8849303297782917],
  [2.6, 0.9953388119762813],
  [3.3, 0.9995165758576162],
  [5.65, 0.9999999919776081],
  [5.66, 0.9999999924313503],
  [7.4, 0.9999999999999319],
];

/** Where the approximation switches from one rational to the next (the 3/4 quantile and sqrt(32)). */
const BRANCH_POINTS = [-Math.sqrt(32), -0.67448975, 0.67448975, Math.sqrt(32)];

const relativeError = (x: number, expected: number) => Math.abs(normalCdf(x) / expected - 1);

describe('normalCdf', () => {
  // SciPy's ndtr rounds x/sqrt(2) before its erfc, which costs it about x^2
  // units of 2^-53 in the tails (1.1e-13 at x = -37), hence the loose tolerance.
  it.each(SCIPY_NDTR)('Phi(%d) matches SciPy to 1e-12 relative', (x, expected) => {
    expect(relativeError(x, expected)).toBeLessThan(1e-12);
  });

  // 2e-15 is about 9 units of 2^-52, the reference's error included.
  it.each(ERFC_REFERENCE)('Phi(%d) is within 2e-15 relative of the erfc reference', (x, expected) => {
    expect(relativeError(x, expected)).toBeLessThan(2e-15);
  });

  // The one-liner above, run on [-37.5, -38]; the second value is a subnormal,
  // 58401720 * 2^-1074, correctly rounded.
  it('keeps full relative accuracy down to x = -37.5, near the smallest normal double, then underflows gradually to 0', () => {
    expect(relativeError(-37.5, 4.605353009581955e-308)).toBeLessThan(2e-15);
    expect(Math.abs(normalCdf(-38) - 2.88542835e-316)).toBeLessThanOrEqual(Number.MIN_VALUE);
    expect(normalCdf(-38.5)).toBe(0);
    expect(normalCdf(-Number.MAX_VALUE)).toBe(0);
    expect(normalCdf(Number.MAX_VALUE)).toBe(1);
  });

  it('is 0 and 1 at the infinities, NaN at NaN and exactly 1/2 at 0', () => {
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(Number.NaN)).toBeNaN();
    expect(normalCdf(0)).toBe(0.5);
  });

  it('is non-decreasing across its branch points', () => {
    for (const b of BRANCH_POINTS) {
      for (let k = -100; k < 100; k++) {
        expect(normalCdf(b + k * 2 ** -36)).toBeLessThanOrEqual(normalCdf(b + (k + 1) * 2 ** -36));
      }
    }
  });
});
