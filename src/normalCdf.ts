// The standard normal CDF in double precision, accurate in relative terms far
// into the lower tail (the truncated normal needs Phi(a) for a down to about
// -13, where it is ~1e-38).

const INV_SQRT_2PI = 0.3989422804014327;

function density(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

// Phi(x) = 1/2 + phi(x) * sum_k x^(2k+1) / (1*3*...*(2k+1)), for moderate |x|.
function cdfSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let k = 1; k < 500 && Math.abs(term) > 1e-17 * Math.abs(sum); k++) {
    term *= (x * x) / (2 * k + 1);
    sum += term;
  }
  return 0.5 + density(x) * sum;
}

// Laplace's continued fraction for the lower tail, x < 0:
// Phi(x) = phi(x) / (t + 1/(t + 2/(t + 3/(t + ...)))), t = -x, evaluated backwards.
function cdfLowerTail(x: number): number {
  const t = -x;
  let fraction = t;
  for (let k = 200; k >= 1; k--) fraction = t + k / fraction;
  return density(x) / fraction;
}

/** Standard normal cumulative distribution function. */
export function normalCdf(x: number): number {
  if (x === -Infinity) return 0;
  if (x === Infinity) return 1;
  if (x < -3) return cdfLowerTail(x);
  if (x > 3) return 1 - cdfLowerTail(-x);
  return cdfSeries(x);
}
