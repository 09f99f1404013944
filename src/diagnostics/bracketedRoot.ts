// One root finder for the fixed points and the critical variance: each
// evaluation there is a quadrature (or a whole fixed-point solve), so it
// should converge superlinearly, yet it must never leave its bracket.

/** Enough for bisection alone to shrink any double bracket to one ulp. */
const MAX_STEPS = 400;

/**
 * A root of f in the bracket [a, b], where fa = f(a) and fb = f(b) have
 * opposite signs, to within `tolerance` in x. Illinois steps (regula falsi
 * that halves the value at an end kept twice, order ~1.44), with a bisection
 * whenever three steps have not halved the bracket.
 * @example bracketedRoot((x) => x * x - 2, 1, 2, -1, 2, 1e-15) // 1.4142135623730951
 */
export function bracketedRoot(f: (x: number) => number, a: number, b: number, fa: number, fb: number, tolerance: number): number {
  let kept = 0; // -1 when a was kept by the last step, +1 when b was
  let widthBefore = Infinity;
  for (let step = 0; step < MAX_STEPS && Math.abs(b - a) > tolerance; step++) {
    let bisect = false;
    if (step % 3 === 0) {
      bisect = Math.abs(b - a) > widthBefore / 2;
      widthBefore = Math.abs(b - a);
    }
    let x = bisect ? 0.5 * (a + b) : (a * fb - b * fa) / (fb - fa);
    if (!(x > Math.min(a, b) && x < Math.max(a, b))) x = 0.5 * (a + b);
    const fx = f(x);
    if (fx === 0) return x;
    if (Math.sign(fx) === Math.sign(fa)) {
      a = x;
      fa = fx;
      if (kept === 1) fb /= 2;
      kept = 1;
    } else {
      b = x;
      fb = fx;
      if (kept === -1) fa /= 2;
      kept = -1;
    }
  }
  return 0.5 * (a + b);
}
