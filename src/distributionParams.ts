// From the user's distribution parameters (doubles) to the float32 parameter
// vectors the kernels take. This is where the meaning of low/high/mean/std is
// fixed once for both backends (docs/RNG.md).
import { rangeError } from './errors.js';
import { below32, ceil32, floor32, fround, nextDown32, positiveZero32 } from './float32.js';
import { normalCdf } from './normalCdf.js';

/** The largest and smallest centered units (2k+1)/2^24 of docs/RNG.md. */
const CENTERED_MAX = 1 - 2 ** -24;
const CENTERED_MIN = 2 ** -24;
/** Quantile arguments below this lose float32 normality and polynomial accuracy. */
const SMALLEST_P = 2 ** -124;

/** [low, span, top]: x = low + u * span, clamped to top, the largest float32 below high. */
export function uniformParams(fn: string, low: number, high: number): Float32Array {
  if (!(low < high)) throw rangeError(fn, 'low', `less than high (${high})`, low);
  const lo = positiveZero32(ceil32(low));
  const top = positiveZero32(below32(high));
  if (lo > top) throw new RangeError(`${fn}: no float32 value lies in [low, high) = [${low}, ${high})`);
  const span = fround(ceil32(high) - lo);
  if (!Number.isFinite(span)) {
    throw new RangeError(`${fn}: high - low = ${high - low} overflows float32; narrow [low, high)`);
  }
  return new Float32Array([lo, span, top]);
}

/** No standard normal quantile of docs/RNG.md exceeds this in magnitude (its smallest probability is 2^-124). */
const LARGEST_Z = 14;
const FLOAT32_MAX = 3.4028234663852886e38;

function checkScale(fn: string, mean: number, std: number): void {
  if (!(std >= 0)) throw rangeError(fn, 'std', 'a number >= 0', std);
  if (!Number.isFinite(fround(mean))) throw rangeError(fn, 'mean', 'within float32 range', mean);
  // mean + z * std must stay finite for every z the kernels can draw.
  if (!(Math.abs(fround(mean)) + LARGEST_Z * fround(std) <= FLOAT32_MAX)) {
    throw rangeError(fn, 'std', `at most ${((FLOAT32_MAX - Math.abs(fround(mean))) / LARGEST_Z).toPrecision(4)}, so that no sample overflows float32`, std);
  }
}

/** [mean, std]. */
export function normalParams(fn: string, mean: number, std: number): Float32Array {
  checkScale(fn, mean, std);
  return new Float32Array([positiveZero32(mean), fround(std)]);
}

/**
 * [mean, std, pLow, pWidth, flip, low, high]: the window [low, high] in
 * standard units, mirrored to the left half when its centre is above the mean
 * (so the quantile works where float32 resolves probabilities best), as the CDF
 * interval [pLow, pLow + pWidth]; samples are clamped to the float32 values
 * inside [low, high].
 */
export function truncatedNormalParams(fn: string, mean: number, std: number, low: number, high: number): Float32Array {
  checkScale(fn, mean, std);
  // With std 0 the default window [mean, mean] is a point; otherwise it must have width.
  if (!(low < high || (std === 0 && low === high))) throw rangeError(fn, 'low', `less than high (${high})`, low);
  const lo32 = positiveZero32(ceil32(low));
  const hi32 = positiveZero32(floor32(high));
  if (lo32 > hi32) throw new RangeError(`${fn}: no float32 value lies in [low, high] = [${low}, ${high}]`);
  if (std === 0) {
    if (mean < low || mean > high) {
      throw new RangeError(`${fn}: with std 0 all mass is at mean ${mean}, outside [low, high] = [${low}, ${high}]`);
    }
    return new Float32Array([positiveZero32(mean), 0, 0, 1, 1, lo32, hi32]);
  }
  let a = (low - mean) / std;
  let b = (high - mean) / std;
  const flip = a + b > 0 ? -1 : 1;
  if (flip < 0) [a, b] = [-b, -a];
  const pA = normalCdf(a);
  const pLow = fround(pA);
  let pWidth = fround(normalCdf(b) - pA);
  while (pWidth > 0 && fround(pLow + fround(CENTERED_MAX * pWidth)) >= 1) pWidth = nextDown32(pWidth);
  if (!(pWidth > 0) || fround(pLow + fround(CENTERED_MIN * pWidth)) < SMALLEST_P) {
    throw new RangeError(
      `${fn}: [low, high] = [${low}, ${high}] holds too little probability mass for float32 sampling ` +
        `(it lies about ${Math.min(Math.abs(a), Math.abs(b)).toFixed(1)} std from the mean); move the bounds towards the mean`,
    );
  }
  return new Float32Array([positiveZero32(mean), fround(std), pLow, pWidth, flip, lo32, hi32]);
}

/**
 * Float32 magnitudes from which a half type rounds to Infinity: the midpoint
 * between its largest finite value and the next power of two (a tie rounds
 * to the even neighbour, which is the power, Infinity).
 */
const HALF_OVERFLOW = { float16: 65520, bfloat16: 3.3961775292304603e38 } as const;

/**
 * Refuses kernel parameters whose samples could round to Infinity in a half
 * output, as normalParams does for float32: a tensor never holds Infinity.
 */
export function checkHalfRange(fn: string, distribution: 'uniform' | 'normal' | 'truncatedNormal', params: Float32Array, half: 'float16' | 'bfloat16'): void {
  const limit = HALF_OVERFLOW[half];
  const range = `within ±${limit.toPrecision(5)} (beyond it ${half} rounds to Infinity)`;
  if (distribution === 'uniform') {
    const [low, , top] = params as unknown as [number, number, number];
    if (Math.abs(low) >= limit) throw rangeError(fn, 'low', range, low);
    if (Math.abs(top) >= limit) throw rangeError(fn, 'high', range, top);
    return;
  }
  const [mean, std] = params as unknown as [number, number];
  if (Math.abs(mean) >= limit) throw rangeError(fn, 'mean', range, mean);
  // A truncated normal's samples are clamped to its float32 window.
  const window = distribution === 'truncatedNormal' ? Math.max(Math.abs(params[5]!), Math.abs(params[6]!)) : Infinity;
  if (Math.min(Math.abs(mean) + LARGEST_Z * std, window) >= limit) {
    const most = ((limit - Math.abs(mean)) / LARGEST_Z).toPrecision(4);
    throw rangeError(fn, 'std', `at most ${most}, so that no sample overflows ${half}`, std);
  }
}

