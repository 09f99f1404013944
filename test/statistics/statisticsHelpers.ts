// Exact reference distributions (CDF and central moments), sample moments,
// their large-sample standard errors, the Kolmogorov–Smirnov statistic, and
// one function, assessSamples, that turns a sample into a list of pass/fail
// checks. Everything is double precision and independent of src/ (including
// src/normalCdf.ts), so the tests do not grade the library with its own maths.

const INV_SQRT_PI = 1 / Math.sqrt(Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

// ---------------------------------------------------------------------------
// erfc, phi, Phi

// erf(z) = 2/sqrt(pi) e^{-z^2} sum_n 2^n z^{2n+1} / (1*3*...*(2n+1)): every
// term is positive, so there is no cancellation; used for 0 <= z < 2.
function erfPositiveSeries(z: number): number {
  const z2 = z * z;
  let term = z;
  let sum = z;
  for (let n = 1; n < 200; n++) {
    term *= (2 * z2) / (2 * n + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return 2 * INV_SQRT_PI * Math.exp(-z2) * sum;
}

// erfc(z) = e^{-z^2}/sqrt(pi) / (z + (1/2)/(z + 1/(z + (3/2)/(z + 2/(z + ...))))),
// evaluated forwards with the modified Lentz method until it converges; z >= 2.
function erfcContinuedFraction(z: number): number {
  const tiny = 1e-300;
  let f = z;
  let c = f;
  let d = 0;
  for (let k = 1; k < 5000; k++) {
    const a = k / 2;
    d = z + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    d = 1 / d;
    c = z + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (Math.exp(-z * z) * INV_SQRT_PI) / f;
}

/** The complementary error function, relative accuracy ~1e-14 for every real z. */
export function erfc(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z < 0) return 2 - erfc(-z);
  if (z === Infinity) return 0;
  if (z < 2) return 1 - erfPositiveSeries(z); // erfc(2) = 4.7e-3: loses < 2.5 digits
  return erfcContinuedFraction(z);
}

/** The standard normal density phi(x). */
export function standardNormalDensity(x: number): number {
  return Number.isFinite(x) ? INV_SQRT_2PI * Math.exp(-0.5 * x * x) : 0;
}

/** The standard normal CDF Phi(x), accurate in relative terms far into the lower tail. */
export function standardNormalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** 1 - Phi(x) = Phi(-x), accurate in relative terms far into the upper tail. */
export function standardNormalUpperTail(x: number): number {
  return 0.5 * erfc(x / Math.SQRT2);
}

// ---------------------------------------------------------------------------
// Reference distributions

/** A distribution as the tests know it exactly: CDF, support and central moments mu_0..mu_8. */
export interface ExactDistribution {
  label: string;
  /** Smallest and largest value a sample may take. */
  low: number;
  high: number;
  /** Whether `high` itself is allowed (truncated normal) or not (uniform's [low, high)). */
  highInclusive: boolean;
  cdf(x: number): number;
  mean: number;
  /** centralMoments[k] = E[(X - mean)^k], k = 0..8. */
  centralMoments: readonly number[];
}

export function varianceOf(d: ExactDistribution): number {
  return d.centralMoments[2]!;
}

export function skewnessOf(d: ExactDistribution): number {
  const m = d.centralMoments;
  return m[3]! / m[2]! ** 1.5;
}

export function excessKurtosisOf(d: ExactDistribution): number {
  const m = d.centralMoments;
  return m[4]! / m[2]! ** 2 - 3;
}

/** Uniform on [low, high). Central moments: h^k/(k+1) for even k, 0 for odd, h = (high - low)/2. */
export function uniformDistribution(low: number, high: number): ExactDistribution {
  const h = (high - low) / 2;
  const centralMoments = Array.from({ length: 9 }, (_, k) => (k % 2 === 1 ? 0 : h ** k / (k + 1)));
  return {
    label: `uniform[${low}, ${high})`,
    low,
    high,
    highInclusive: false,
    cdf: (x) => (x <= low ? 0 : x >= high ? 1 : (x - low) / (high - low)),
    mean: (low + high) / 2,
    centralMoments,
  };
}

/** (k-1)!! sigma^k for even k, 0 for odd. */
export function normalDistribution(mean: number, std: number): ExactDistribution {
  const centralMoments = [1];
  for (let k = 1; k <= 8; k++) centralMoments.push(k % 2 === 1 ? 0 : (k - 1) * std * std * centralMoments[k - 2]!);
  return {
    label: `normal(mean ${mean}, std ${std})`,
    low: -Infinity,
    high: Infinity,
    highInclusive: true,
    cdf: (x) => standardNormalCdf((x - mean) / std),
    mean,
    centralMoments,
  };
}

/**
 * N(mean, std^2) conditioned on [low, high]. With a = (low-mean)/std,
 * b = (high-mean)/std and Z = Phi(b) - Phi(a), the raw moments of the standard
 * truncated normal follow from integrating by parts:
 *   m_0 = 1, m_1 = (phi(a) - phi(b)) / Z,
 *   m_k = (k-1) m_{k-2} + (a^{k-1} phi(a) - b^{k-1} phi(b)) / Z,
 * and the central moments from the binomial expansion about m_1, scaled by std^k.
 * Probabilities of a window right of the mean are taken from the upper tail so
 * that a window like [1, 4] keeps full relative precision.
 */
export function truncatedNormalDistribution(mean: number, std: number, low: number, high: number): ExactDistribution {
  const a = (low - mean) / std;
  const b = (high - mean) / std;
  const upper = a > 0; // whole window right of the mean: use 1 - Phi
  const tailMass = upper ? standardNormalUpperTail : (x: number) => -standardNormalCdf(x);
  // P(a <= Z <= x) for x in [a, b], computed as a difference of tail masses on the well-conditioned side.
  const massFromA = (x: number): number => tailMass(a) - tailMass(x);
  const z = massFromA(b);
  const pa = standardNormalDensity(a);
  const pb = standardNormalDensity(b);
  const raw = [1, (pa - pb) / z];
  for (let k = 2; k <= 8; k++) {
    const ta = Number.isFinite(a) ? a ** (k - 1) * pa : 0;
    const tb = Number.isFinite(b) ? b ** (k - 1) * pb : 0;
    raw.push((k - 1) * raw[k - 2]! + (ta - tb) / z);
  }
  const m1 = raw[1]!;
  const centralMoments: number[] = [];
  for (let k = 0; k <= 8; k++) {
    let sum = 0;
    for (let j = 0; j <= k; j++) sum += binomial(k, j) * raw[j]! * (-m1) ** (k - j);
    centralMoments.push(k === 1 ? 0 : sum * std ** k);
  }
  return {
    label: `truncatedNormal(mean ${mean}, std ${std}, [${low}, ${high}])`,
    low,
    high,
    highInclusive: true,
    cdf: (x) => (x <= low ? 0 : x >= high ? 1 : massFromA((x - mean) / std) / z),
    mean: mean + std * m1,
    centralMoments,
  };
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

// ---------------------------------------------------------------------------
// Sample statistics and their standard errors

export interface SampleMoments {
  n: number;
  mean: number;
  /** Plug-in estimates (divide by n): m2, m3/m2^1.5, m4/m2^2 - 3 with m_k the central sample moments. */
  variance: number;
  skewness: number;
  excessKurtosis: number;
}

/** Two passes in double precision: the mean, then the central sums about it. */
export function sampleMoments(x: ArrayLike<number>): SampleMoments {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]!;
  const mean = s / n;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean;
    const d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  const m2 = s2 / n;
  return { n, mean, variance: m2, skewness: s3 / n / m2 ** 1.5, excessKurtosis: s4 / n / (m2 * m2) - 3 };
}

// Polynomials in d = X - mean, as coefficient arrays (index = power).
type Poly = number[];
const poly = (...c: number[]): Poly => c;
function polyAdd(p: Poly, q: Poly, qScale = 1): Poly {
  const r = new Array<number>(Math.max(p.length, q.length)).fill(0);
  p.forEach((c, i) => (r[i]! += c));
  q.forEach((c, i) => (r[i]! += qScale * c));
  return r;
}
function polyMul(p: Poly, q: Poly): Poly {
  const r = new Array<number>(p.length + q.length - 1).fill(0);
  p.forEach((a, i) => q.forEach((b, j) => (r[i + j]! += a * b)));
  return r;
}
const expectation = (p: Poly, mu: readonly number[]): number => p.reduce((s, c, k) => s + c * mu[k]!, 0);

export interface StandardErrors {
  mean: number;
  variance: number;
  skewness: number;
  excessKurtosis: number;
}

/**
 * Large-sample standard errors of the plug-in estimators of SampleMoments, from
 * the population's exact central moments (delta method): each estimator T is,
 * to first order, T + (1/n) sum_i IF(X_i) with influence function
 *   IF_mean = d,  IF_m2 = d^2 - mu2,  IF_m3 = d^3 - mu3 - 3 mu2 d,  IF_m4 = d^4 - mu4 - 4 mu3 d,
 *   IF_skew = IF_m3 / mu2^1.5 - 1.5 mu3 IF_m2 / mu2^2.5,
 *   IF_kurt = IF_m4 / mu2^2   - 2 mu4 IF_m2 / mu2^3,
 * so SE(T) = sqrt(E[IF^2] / n), which needs mu_0..mu_8. For a normal population this
 * gives the familiar sigma/sqrt(n), sigma^2 sqrt(2/n), sqrt(6/n), sqrt(24/n); for the
 * mean and variance it is sigma/sqrt(n) and sqrt((mu4 - sigma^4)/n).
 */
export function standardErrors(d: ExactDistribution, n: number): StandardErrors {
  const mu = d.centralMoments;
  const [mu2, mu3, mu4] = [mu[2]!, mu[3]!, mu[4]!];
  const ifMean = poly(0, 1);
  const ifM2 = poly(-mu2, 0, 1);
  const ifM3 = poly(-mu3, -3 * mu2, 0, 1);
  const ifM4 = poly(-mu4, -4 * mu3, 0, 0, 1);
  const ifSkew = polyAdd(ifM3.map((c) => c / mu2 ** 1.5), ifM2, (-1.5 * mu3) / mu2 ** 2.5);
  const ifKurt = polyAdd(ifM4.map((c) => c / mu2 ** 2), ifM2, (-2 * mu4) / mu2 ** 3);
  const se = (p: Poly): number => Math.sqrt(expectation(polyMul(p, p), mu) / n);
  return { mean: se(ifMean), variance: se(ifM2), skewness: se(ifSkew), excessKurtosis: se(ifKurt) };
}

// ---------------------------------------------------------------------------
// Kolmogorov–Smirnov

/**
 * Ascending copy of float32 samples without NaN, by an LSD radix sort on the
 * order-preserving integer image of the bits (3 passes of 11 bits); ~3x faster
 * than Float32Array.prototype.sort at 10^7 elements, and exact.
 */
export function sortedFloat32(x: Float32Array): Float32Array {
  const n = x.length;
  let src = new Uint32Array(n);
  const bits = new Uint32Array(x.buffer, x.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const b = bits[i]!;
    src[i] = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
  }
  let dst = new Uint32Array(n);
  const count = new Uint32Array(2049);
  for (let shift = 0; shift < 32; shift += 11) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[((src[i]! >>> shift) & 2047) + 1]!++;
    for (let i = 1; i < 2049; i++) count[i]! += count[i - 1]!;
    for (let i = 0; i < n; i++) {
      const k = src[i]!;
      dst[count[(k >>> shift) & 2047]!++] = k;
    }
    [src, dst] = [dst, src];
  }
  for (let i = 0; i < n; i++) {
    const k = src[i]!;
    src[i] = k & 0x80000000 ? (k & 0x7fffffff) >>> 0 : ~k >>> 0;
  }
  return new Float32Array(src.buffer);
}

/**
 * D = sup_x |F_n(x) - F(x)| for ascending samples, exactly:
 * max_i max(i/n - F(x_i), F(x_i) - (i-1)/n). Ties (float32 samples repeat) are
 * handled by the same formula, since within a run of equal values the extreme
 * indices give the extreme differences. The CDF is evaluated once per distinct value.
 */
export function ksStatistic(sorted: ArrayLike<number>, cdf: (x: number) => number): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; ) {
    const x = sorted[i]!;
    let j = i + 1;
    while (j < n && sorted[j] === x) j++;
    const f = cdf(x);
    d = Math.max(d, j / n - f, f - i / n);
    i = j;
  }
  return d;
}

/** The asymptotic critical value of D at level alpha: sqrt(-ln(alpha/2)/2) / sqrt(n). */
export function ksCriticalValue(n: number, alpha: number): number {
  return Math.sqrt(-Math.log(alpha / 2) / 2) / Math.sqrt(n);
}

// ---------------------------------------------------------------------------
// The checks a sample must pass

/**
 * How many standard errors an estimate may be from the exact value.
 * The four estimators are smooth functions of sample means of bounded-moment
 * variables, so at n >= 10^6 each is normal to a good approximation (the
 * Edgeworth correction is O(n^-1/2) ~ 1e-3 relative); P(|Z| > 5) = 5.7e-7 per
 * check, ~2e-5 for the suite's 28 moment checks, so a correct sampler fails with
 * negligible probability whatever the seed, while a 1% error in std is ~45 SE in
 * the variance at n = 10^7. The fixed seeds only make a run repeatable.
 */
export const Z_LIMIT = 5;
/** KS level: a correct sampler fails with probability 1e-3 per test, for any seed. */
export const KS_ALPHA = 1e-3;

export interface Check {
  name: string;
  pass: boolean;
  /** What was seen and what was allowed, for the failure message. */
  detail: string;
}

function zCheck(name: string, estimate: number, exact: number, se: number): Check {
  const z = (estimate - exact) / se;
  return {
    name,
    pass: Math.abs(z) <= Z_LIMIT,
    detail: `${estimate.toPrecision(8)} vs exact ${exact.toPrecision(8)}: ${z.toFixed(2)} SE (SE ${se.toExponential(2)}, limit ${Z_LIMIT})`,
  };
}

/**
 * Every check of one sample against its exact distribution: every value finite,
 * inside the support, the four moments within Z_LIMIT standard errors, and the
 * KS statistic below its critical value at KS_ALPHA.
 */
export function assessSamples(x: Float32Array, d: ExactDistribution): Check[] {
  const n = x.length;
  let nonFinite = 0;
  let outside = 0;
  let firstBad = '';
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (!Number.isFinite(v)) {
      if (nonFinite++ === 0 && !firstBad) firstBad = `x[${i}] = ${v}`;
    } else if (v < d.low || v > d.high || (v === d.high && !d.highInclusive)) {
      if (outside++ === 0 && !firstBad) firstBad = `x[${i}] = ${v}`;
    }
  }
  const checks: Check[] = [
    { name: 'finite', pass: nonFinite === 0, detail: `${nonFinite} NaN or infinite samples ${firstBad}` },
    {
      name: 'support',
      pass: outside === 0,
      detail: `${outside} samples outside ${d.low}..${d.high}${d.highInclusive ? ']' : ')'} ${firstBad}`,
    },
  ];
  if (nonFinite > 0) return checks; // moments and the sort are meaningless with NaN in the data

  const s = sampleMoments(x);
  const se = standardErrors(d, n);
  checks.push(
    zCheck('mean', s.mean, d.mean, se.mean),
    zCheck('variance', s.variance, varianceOf(d), se.variance),
    zCheck('skewness', s.skewness, skewnessOf(d), se.skewness),
    zCheck('excess kurtosis', s.excessKurtosis, excessKurtosisOf(d), se.excessKurtosis),
  );
  const ks = ksStatistic(sortedFloat32(x), d.cdf);
  const critical = ksCriticalValue(n, KS_ALPHA);
  checks.push({
    name: 'Kolmogorov-Smirnov',
    pass: ks <= critical,
    detail: `D = ${ks.toExponential(3)}, critical ${critical.toExponential(3)} at alpha ${KS_ALPHA} (n = ${n})`,
  });
  return checks;
}

/** The failed checks' names (empty when all pass). */
export function failedChecks(checks: readonly Check[]): string[] {
  return checks.filter((c) => !c.pass).map((c) => c.name);
}

/** One line per check, for failure messages and logs. */
export function describeChecks(label: string, checks: readonly Check[]): string {
  return [label, ...checks.map((c) => `  ${c.pass ? 'ok  ' : 'FAIL'} ${c.name.padEnd(19)} ${c.detail}`)].join('\n');
}
