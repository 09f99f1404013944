// Healthy, exploding or vanishing: the verdict on how a signal's second
// moment changes layer by layer, for the forward signal or the gradients,
// predicted by mean-field theory or measured. Every threshold is in
// VERDICT_THRESHOLDS; docs/DIAGNOSTICS.md derives each one.
import { rangeError, typeError } from '../errors.js';

/** The thresholds of `signalVerdict`, in one place. */
export const VERDICT_THRESHOLDS = {
  /**
   * Healthy when the second moment changes by less than this factor over the
   * whole network (|ln(mean factor)| * depth < ln 10): the signal's scale is
   * then off by at most ~3x, which the next layers, a normalization or the
   * first optimizer steps absorb. ln 10 = 2.3 is also 4.6 standard deviations
   * of the finite-width scatter of ln(second moment) in one 50-layer,
   * 1000-wide ReLU network (0.5), so a measured verdict is not noise.
   */
  healthyChange: 10,
  /** A change of this factor up (or its inverse down) counts as exploded (vanished): float32 keeps ~7 digits. */
  limitChange: 1e6,
  /**
   * A total change of the second moment by less than this factor (in ln,
   * 1e-9) is rounding, not a trend: no depth is extrapolated from it (ReLU
   * with sigma_w^2 = 2 would otherwise "explode" after 1e17 layers).
   */
  noTrendChange: 1 + 1e-9,
  /** Fewer layers give windows too short to tell exponential from power-law change. */
  minLayersForTrend: 8,
  /**
   * The trend test compares log-log slopes of the second moment against depth
   * over layers [L/2, L] and [L/4, L/2]: a power law gives the ratio 1, an
   * exponential 2 (its log-log slope grows in proportion to depth). The kinds
   * are split at the geometric midpoint sqrt 2; below 1/sqrt 2 the change is
   * levelling off (e.g. an approach to a fixed point).
   */
  trendRatio: Math.SQRT2,
} as const;

/** How a signal's second moment changed through the network. */
export interface SignalVerdict {
  /** 'healthy' when it changed by less than VERDICT_THRESHOLDS.healthyChange overall. */
  readonly verdict: 'healthy' | 'exploding' | 'vanishing';
  /**
   * For 'exploding' and 'vanishing' with at least minLayersForTrend layers:
   * 'exponential' (a steady per-layer factor), 'power-law' (a steady log-log
   * slope, the per-layer factor tending to 1) or 'levelling-off' (the change is
   * stopping). null for a healthy signal, a shorter network, or a signal that
   * reached exactly 0 (a cut, not a trend: zero weights, or every unit dead).
   */
  readonly trend: 'exponential' | 'power-law' | 'levelling-off' | null;
  /** The geometric mean of the per-layer factors (0 once the second moment reached exactly 0). */
  readonly meanFactor: number;
  /** log10 of the product of all factors: the change over the whole network; null once the second moment reached exactly 0. */
  readonly log10Change: number | null;
  /** For 'power-law': the exponent a of second moment ~ depth^a, fitted over the second half. */
  readonly powerLawExponent: number | null;
  /**
   * The depth at which the second moment has changed by limitChange (1e6 up, or
   * down to 1e-6), in the direction of the change; null if none is expected.
   */
  readonly limitDepth: number | null;
  /** True when the network itself crosses the limit at limitDepth; false when extrapolated. */
  readonly limitDepthMeasured: boolean;
}

const LN_HEALTHY = Math.log(VERDICT_THRESHOLDS.healthyChange);
const LN_LIMIT = Math.log(VERDICT_THRESHOLDS.limitChange);
const LN_NO_TREND = Math.log(VERDICT_THRESHOLDS.noTrendChange);

/**
 * The verdict on a signal from its per-layer growth factors of the second
 * moment, layer 1 first: forward, m_l / m_{l-1} where m_l is the second moment
 * of layer l's output and m_0 that of the input; backward, g_{l-1} / g_l where
 * g_l is the second moment of the gradient with respect to layer l's output
 * (the mean-field chi_l). A verdict is healthy when the factors change the
 * second moment by less than 10x in all; otherwise exploding or vanishing, with
 * the kind of trend and the depth at which the change reaches 1e6.
 * @example signalVerdict(Array(50).fill(0.5)) // vanishing, exponential, meanFactor 0.5, limitDepth 20 (measured)
 */
export function signalVerdict(factors: readonly number[] | Float64Array | Float32Array): SignalVerdict {
  const fn = 'signalVerdict';
  if (!Array.isArray(factors) && !(factors instanceof Float64Array) && !(factors instanceof Float32Array)) {
    throw typeError(fn, 'factors', 'an array of per-layer growth factors', factors);
  }
  if (factors.length === 0) throw new RangeError(`${fn}: factors must hold at least one layer's factor, got an empty array`);
  const logs = Array.from(factors as ArrayLike<unknown>, (f, i) => {
    if (typeof f !== 'number') throw typeError(fn, `factors[${i}]`, 'a finite number > 0', f);
    if (!(Number.isFinite(f) && f > 0)) {
      throw rangeError(fn, `factors[${i}]`, 'a finite number > 0 (a second moment that overflowed or reached 0 ends the usable sequence)', f);
    }
    return Math.log(f);
  });
  return verdictFromLogFactors(logs);
}

/**
 * The verdict from natural logs of the factors (mean-field predictions and
 * measurements pass these directly). A factor of 0 (ln -Infinity) is a second
 * moment that reached exactly 0: the signal has vanished there, and the
 * factors after it (0/0, or a bias starting a new signal from nothing) are
 * not its change, so they are not judged.
 * @example verdictFromLogFactors(Array(50).fill(Math.log(0.5))).limitDepth // 20
 */
export function verdictFromLogFactors(allLogFactors: readonly number[]): SignalVerdict {
  const zeroAt = allLogFactors.indexOf(-Infinity);
  const reachedZero = zeroAt >= 0;
  const logFactors = reachedZero ? allLogFactors.slice(0, zeroAt + 1) : allLogFactors;
  const depth = logFactors.length;
  // cumulative[l] = ln(m_l / m_0), l = 0..depth.
  const cumulative = [0];
  for (const f of logFactors) cumulative.push(cumulative[cumulative.length - 1]! + f);
  const total = cumulative[depth]!;
  const meanLog = total / depth;
  const verdict = Math.abs(total) < LN_HEALTHY ? 'healthy' : total > 0 ? 'exploding' : 'vanishing';

  const crossing = cumulative.findIndex((c) => Math.abs(c) >= LN_LIMIT);
  const trend = verdict === 'healthy' || reachedZero || depth < VERDICT_THRESHOLDS.minLayersForTrend ? null : trendOf(cumulative);
  let limitDepth: number | null = crossing;
  if (crossing < 0) {
    if (trend === null || trend.kind === 'exponential') {
      limitDepth = Math.abs(total) < LN_NO_TREND ? null : Math.ceil(LN_LIMIT / Math.abs(meanLog));
    } else if (trend.kind === 'power-law') {
      // Along ln m = total + a ln(l / depth) until |ln m| = ln 1e6.
      const l = depth * Math.exp((Math.sign(total) * LN_LIMIT - total) / trend.slope);
      limitDepth = Number.isFinite(l) ? Math.ceil(l) : null;
    } else {
      limitDepth = null;
    }
  }
  return {
    verdict,
    trend: trend?.kind ?? null,
    meanFactor: Math.exp(meanLog),
    log10Change: reachedZero ? null : total / Math.LN10,
    powerLawExponent: trend?.kind === 'power-law' ? trend.slope : null,
    limitDepth,
    limitDepthMeasured: crossing >= 0,
  };
}

/** Compares the log-log slopes over layers [L/4, L/2] and [L/2, L] (see VERDICT_THRESHOLDS.trendRatio). */
function trendOf(cumulative: readonly number[]): { kind: 'exponential' | 'power-law' | 'levelling-off'; slope: number } {
  const depth = cumulative.length - 1;
  const direction = Math.sign(cumulative[depth]!);
  const early = direction * logLogSlope(cumulative, Math.ceil(depth / 4), Math.floor(depth / 2));
  const late = direction * logLogSlope(cumulative, Math.ceil(depth / 2), depth);
  const slope = direction * late;
  if (!(late > 0)) return { kind: 'levelling-off', slope };
  if (!(early > 0)) return { kind: 'exponential', slope };
  const ratio = late / early;
  if (ratio >= VERDICT_THRESHOLDS.trendRatio) return { kind: 'exponential', slope };
  if (ratio > 1 / VERDICT_THRESHOLDS.trendRatio) return { kind: 'power-law', slope };
  return { kind: 'levelling-off', slope };
}

/** Least-squares slope of cumulative[l] against ln l over layers first..last. */
function logLogSlope(cumulative: readonly number[], first: number, last: number): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let l = first; l <= last; l++) {
    n++;
    sx += Math.log(l);
    sy += cumulative[l]!;
  }
  let sxy = 0;
  let sxx = 0;
  for (let l = first; l <= last; l++) {
    const dx = Math.log(l) - sx / n;
    sxy += dx * (cumulative[l]! - sy / n);
    sxx += dx * dx;
  }
  return sxy / sxx;
}
