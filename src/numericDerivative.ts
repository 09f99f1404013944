// Derivatives of user activations given without one, by finite differences
// with steps chosen for double precision.

// Fourth-order central difference: truncation h^4 |f^(5)| / 30 against rounding
// about 1.5 eps |f| / h, balanced near h = eps^(1/5) ~ 7e-4 (relative to |x|),
// which leaves an error of order eps^(4/5) ~ 3e-13.
const CENTRAL_STEP = Number.EPSILON ** (1 / 5);
// Fourth-order one-sided difference: its stencil reaches 4h and its rounding
// is about 10 eps |f| / h; a quarter of eps^(1/5) measured best (slopes at 0
// of tanh, sigmoid, softsign, elu, mish within 1e-12).
const ONE_SIDED_STEP = Number.EPSILON ** (1 / 5) / 4;

/**
 * f'(x) by the fourth-order central difference. The stencil reaches 2h from x;
 * h shrinks so that it stays closer than `room` (the distance to the nearest
 * cut), since a stencil across a kink measures neither side's slope.
 */
export function centralDerivative(f: (x: number) => number, x: number, room: number): number {
  const h = Math.min(CENTRAL_STEP * Math.max(1, Math.abs(x)), room / 2.5);
  return (f(x - 2 * h) - 8 * f(x - h) + 8 * f(x + h) - f(x + 2 * h)) / (12 * h);
}

/**
 * The slopes of f at 0 from the left and from the right, each from one side
 * only: they differ where f has a kink at 0, and where only a higher derivative
 * jumps (elu, softsign) a central stencil would be off by O(h) but these are not.
 * A slope within the stencil's rounding error (about 11 eps max|f| / h) is
 * indistinguishable from 0 and returned as 0, so that phi'(0) = 0 is seen as such.
 */
export function slopesAtZero(f: (x: number) => number): { left: number; right: number } {
  const h = ONE_SIDED_STEP;
  const side = (s: number): number => {
    const values = [0, 1, 2, 3, 4].map((k) => f(k * s * h));
    const [f0, f1, f2, f3, f4] = values as [number, number, number, number, number];
    const slope = (s * (-25 * f0 + 48 * f1 - 36 * f2 + 16 * f3 - 3 * f4)) / (12 * h);
    const noise = (11 * Number.EPSILON * Math.max(...values.map(Math.abs))) / h;
    return Math.abs(slope) <= noise ? 0 : slope;
  };
  return { left: side(-1), right: side(1) };
}
