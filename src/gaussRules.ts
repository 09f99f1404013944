// Gauss quadrature rules in double precision, built from three-term recurrence
// coefficients: nodes are the eigenvalues of the Jacobi matrix (found by Sturm
// bisection, which is simple and accurate to about eps times the largest node),
// weights are Christoffel numbers. This is Golub–Welsch without the
// eigenvectors, and it needs no dependency.

/** Nodes and weights of an n-point rule: integral of f dmu ~ sum weights[i] f(nodes[i]). */
export interface QuadratureRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

// How many eigenvalues of the Jacobi matrix lie below x (Sturm sequence of the
// LDL^T factorisation of J - x I).
function countBelow(alpha: Float64Array, beta: Float64Array, x: number): number {
  let count = 0;
  let d = 1;
  for (let k = 0; k < alpha.length; k++) {
    d = alpha[k]! - x - (k === 0 ? 0 : beta[k]! / d);
    // A zero pivot (x exactly at an eigenvalue of a leading block) is nudged
    // negative; that changes the count only at such x, which bisection tolerates.
    if (d === 0) d = -Number.MIN_VALUE;
    if (d < 0) count++;
  }
  return count;
}

/**
 * The Gauss rule of the measure with recurrence p_{k+1} = (x - alpha_k) p_k - beta_k p_{k-1},
 * where beta_0 is the total mass. n = alpha.length nodes; beta needs n entries.
 */
export function gaussRule(alpha: Float64Array, beta: Float64Array): QuadratureRule {
  const n = alpha.length;
  // Gershgorin bounds enclose every eigenvalue.
  let lower = Infinity;
  let upper = -Infinity;
  for (let k = 0; k < n; k++) {
    const radius = (k > 0 ? Math.sqrt(beta[k]!) : 0) + (k + 1 < n ? Math.sqrt(beta[k + 1]!) : 0);
    lower = Math.min(lower, alpha[k]! - radius);
    upper = Math.max(upper, alpha[k]! + radius);
  }
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let lo = i === 0 ? lower : nodes[i - 1]!;
    let hi = upper;
    // Bisect until the interval cannot shrink (Sturm counts are backward stable,
    // so the node is then as accurate as the recurrence allows).
    for (;;) {
      const mid = 0.5 * (lo + hi);
      if (mid <= lo || mid >= hi) break;
      if (countBelow(alpha, beta, mid) > i) hi = mid;
      else lo = mid;
    }
    nodes[i] = 0.5 * (lo + hi);
    weights[i] = christoffel(alpha, beta, nodes[i]!);
  }
  return { nodes, weights };
}

// 1 / sum_k q_k(x)^2 over the orthonormal polynomials q_0 .. q_{n-1}.
function christoffel(alpha: Float64Array, beta: Float64Array, x: number): number {
  let previous = 0;
  let current = 1 / Math.sqrt(beta[0]!);
  let sum = current * current;
  for (let k = 0; k + 1 < alpha.length; k++) {
    const next = ((x - alpha[k]!) * current - (k === 0 ? 0 : Math.sqrt(beta[k]!)) * previous) / Math.sqrt(beta[k + 1]!);
    previous = current;
    current = next;
    sum += current * current;
  }
  return 1 / sum;
}

/** Gauss–Legendre on [-1, 1]: beta_k = k^2 / (4k^2 - 1), mass 2. */
export function gaussLegendre(n: number): QuadratureRule {
  const alpha = new Float64Array(n);
  const beta = Float64Array.from({ length: n }, (_, k) => (k === 0 ? 2 : (k * k) / (4 * k * k - 1)));
  return gaussRule(alpha, beta);
}

// The discretisation of the half-range measure below: Gauss–Legendre panels
// of this width on [0, HALF_RANGE_END]. Past HALF_RANGE_END the density is
// below 1e-300, so the measure there is nothing in double precision.
const HALF_RANGE_END = 38;
const PANEL_WIDTH = 0.5;
const PANEL_POINTS = 24;

/**
 * Half-range Gauss–Hermite: the Gauss rule for the standard normal density on
 * [0, inf) (mass 1/2), so integral_0^inf f(t) phi(t) dt ~ sum weights[i] f(nodes[i]).
 * Its recurrence has no closed form; it comes from the discretised Stieltjes
 * procedure (Gautschi, "Orthogonal Polynomials: Computation and Approximation",
 * 2004, sec. 2.2) on a composite Gauss–Legendre discretisation fine enough to
 * integrate polynomials of degree < 2n times the density to rounding for the
 * n used here (64; the moments are checked to degree 127 in the tests).
 */
export function halfRangeGaussHermite(n: number): QuadratureRule {
  const panel = gaussLegendre(PANEL_POINTS);
  const panels = Math.ceil(HALF_RANGE_END / PANEL_WIDTH);
  const m = panels * PANEL_POINTS;
  const t = new Float64Array(m);
  const v = new Float64Array(m);
  for (let p = 0; p < panels; p++) {
    for (let j = 0; j < PANEL_POINTS; j++) {
      const x = PANEL_WIDTH * (p + 0.5 * (1 + panel.nodes[j]!));
      t[p * PANEL_POINTS + j] = x;
      v[p * PANEL_POINTS + j] = 0.5 * PANEL_WIDTH * panel.weights[j]! * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    }
  }
  // Stieltjes in orthonormal form (q_k stays O(1), no overflow at high degree).
  const alpha = new Float64Array(n);
  const beta = new Float64Array(n);
  beta[0] = v.reduce((s, w) => s + w, 0);
  let previous = new Float64Array(m);
  let current = new Float64Array(m).fill(1 / Math.sqrt(beta[0]!));
  for (let k = 0; k < n; k++) {
    let a = 0;
    for (let j = 0; j < m; j++) a += v[j]! * t[j]! * current[j]! * current[j]!;
    alpha[k] = a;
    if (k + 1 === n) break;
    const next = new Float64Array(m);
    const b = k === 0 ? 0 : Math.sqrt(beta[k]!);
    let norm = 0;
    for (let j = 0; j < m; j++) {
      next[j] = (t[j]! - a) * current[j]! - b * previous[j]!;
      norm += v[j]! * next[j]! * next[j]!;
    }
    beta[k + 1] = norm;
    const scale = 1 / Math.sqrt(norm);
    for (let j = 0; j < m; j++) next[j]! *= scale;
    previous = current;
    current = next;
  }
  return gaussRule(alpha, beta);
}
