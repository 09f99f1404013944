// The samples of normalFromWord and truncatedNormalFromWord (samplers.ts) for
// a run of arguments, bit for bit, eight at a time. One sample is a chain of
// about forty dependent float32 roundings, and each Math.fround is a
// double -> float -> double conversion pair on that chain, so a loop over
// single samples waits on latency. Eight lanes written statement by statement
// give the CPU eight independent chains to overlap. samplers.ts stays the
// reference; test/unit/jsQuantileSamples.test.ts holds this to it.
//
// The quantile arguments come in typed arrays, not as numbers: V8 boxes a
// double that crosses a call it does not inline.
import { ERFINV_CENTRAL, LN2_HI, LN2_LO, LOG_P, SQRT2 } from './samplers.js';

// The float32 constants of samplers.ts in a Float64Array: V8 reads a typed
// array's elements as raw doubles, whereas array elements and imported
// bindings come boxed, and it would check and unbox them at every loop turn.
const CONSTANTS = Float64Array.from([...LOG_P, ...ERFINV_CENTRAL, LN2_HI, LN2_LO, SQRT2]);

// The mantissa field of SQRT2 (0x3FB504F3): logf32's m = 1.mantissa exceeds
// SQRT2 exactly when its mantissa field exceeds this.
const SQRT2_MANTISSA = 0x3504f3;

/**
 * For i < count, writes to out[at + i] the sample of quantile argument i,
 * f32(mean + f32(std * (z * flip))) with z = normalQuantile(p, q), given
 * fourPQBits[i], the bits of the float32 f32(f32(4 * p) * q), and x[i] =
 * f32(p - q) (callers often know both without rounding): the last
 * steps of normalFromWord (flip = 1, where z * 1 = z), and of
 * truncatedNormalFromWord but for its clamping. flip is +1 or -1, so
 * z * flip needs no rounding.
 *
 * Only the central branch of normalQuantile (w < 5) is computed, for whole
 * groups of eight; the indices of the other arguments (about one in 300) and
 * of the last count % 8 go to leftOver, and their number is returned, for the
 * caller to draw with its samplers.ts function.
 *
 * logf32 here takes e and m - 1 from the bits in integer arithmetic, without
 * the branch on m > SQRT2 (taken for half the arguments, at random):
 * h = 1 when m > SQRT2; m - 1 = mantissa / 2^23, and m / 2 - 1 =
 * (mantissa - 2^23) / 2^24, are exact (Sterbenz), so their rounding in
 * samplers.ts changes nothing. Other roundings left out are exact too:
 * 0.5 * z, and e * LN2_HI (9 significant bits times |e| <= 128).
 */
export function quantileSamples(
  count: number, fourPQBits: Uint32Array, x: Float64Array, leftOver: Int32Array,
  out: Float32Array, at: number, mean: number, std: number, flip: number,
): number {
  const f = Math.fround;
  const c = CONSTANTS;
  const L0 = c[0]!, L1 = c[1]!, L2 = c[2]!, L3 = c[3]!, L4 = c[4]!, L5 = c[5]!, L6 = c[6]!, L7 = c[7]!, L8 = c[8]!;
  const A0 = c[9]!, A1 = c[10]!, A2 = c[11]!, A3 = c[12]!, A4 = c[13]!, A5 = c[14]!, A6 = c[15]!, A7 = c[16]!, A8 = c[17]!;
  const ln2Hi = c[18]!, ln2Lo = c[19]!, sqrt2 = c[20]!;
  const bits = fourPQBits;
  let n = 0;
  let i = 0;
  for (; i + 8 <= count; i += 8) {
    const s0 = bits[i]!, s1 = bits[i + 1]!, s2 = bits[i + 2]!, s3 = bits[i + 3]!;
    const s4 = bits[i + 4]!, s5 = bits[i + 5]!, s6 = bits[i + 6]!, s7 = bits[i + 7]!;
    const h0 = (SQRT2_MANTISSA - (s0 & 0x7fffff)) >>> 31, h1 = (SQRT2_MANTISSA - (s1 & 0x7fffff)) >>> 31;
    const h2 = (SQRT2_MANTISSA - (s2 & 0x7fffff)) >>> 31, h3 = (SQRT2_MANTISSA - (s3 & 0x7fffff)) >>> 31;
    const h4 = (SQRT2_MANTISSA - (s4 & 0x7fffff)) >>> 31, h5 = (SQRT2_MANTISSA - (s5 & 0x7fffff)) >>> 31;
    const h6 = (SQRT2_MANTISSA - (s6 & 0x7fffff)) >>> 31, h7 = (SQRT2_MANTISSA - (s7 & 0x7fffff)) >>> 31;
    // r = m - 1, or m / 2 - 1 when h: ((2 * mantissa) >> h - h * 2^23) / 2^24.
    const r0 = ((((s0 & 0x7fffff) << 1) >> h0) - (h0 << 23)) * 2 ** -24;
    const r1 = ((((s1 & 0x7fffff) << 1) >> h1) - (h1 << 23)) * 2 ** -24;
    const r2 = ((((s2 & 0x7fffff) << 1) >> h2) - (h2 << 23)) * 2 ** -24;
    const r3 = ((((s3 & 0x7fffff) << 1) >> h3) - (h3 << 23)) * 2 ** -24;
    const r4 = ((((s4 & 0x7fffff) << 1) >> h4) - (h4 << 23)) * 2 ** -24;
    const r5 = ((((s5 & 0x7fffff) << 1) >> h5) - (h5 << 23)) * 2 ** -24;
    const r6 = ((((s6 & 0x7fffff) << 1) >> h6) - (h6 << 23)) * 2 ** -24;
    const r7 = ((((s7 & 0x7fffff) << 1) >> h7) - (h7 << 23)) * 2 ** -24;
    const e0 = (s0 >>> 23) - 127 + h0, e1 = (s1 >>> 23) - 127 + h1, e2 = (s2 >>> 23) - 127 + h2, e3 = (s3 >>> 23) - 127 + h3;
    const e4 = (s4 >>> 23) - 127 + h4, e5 = (s5 >>> 23) - 127 + h5, e6 = (s6 >>> 23) - 127 + h6, e7 = (s7 >>> 23) - 127 + h7;
    const z0 = f(r0 * r0), z1 = f(r1 * r1), z2 = f(r2 * r2), z3 = f(r3 * r3);
    const z4 = f(r4 * r4), z5 = f(r5 * r5), z6 = f(r6 * r6), z7 = f(r7 * r7);
    let y0 = L0, y1 = L0, y2 = L0, y3 = L0, y4 = L0, y5 = L0, y6 = L0, y7 = L0;
    y0 = f(f(y0 * r0) + L1); y1 = f(f(y1 * r1) + L1); y2 = f(f(y2 * r2) + L1); y3 = f(f(y3 * r3) + L1);
    y4 = f(f(y4 * r4) + L1); y5 = f(f(y5 * r5) + L1); y6 = f(f(y6 * r6) + L1); y7 = f(f(y7 * r7) + L1);
    y0 = f(f(y0 * r0) + L2); y1 = f(f(y1 * r1) + L2); y2 = f(f(y2 * r2) + L2); y3 = f(f(y3 * r3) + L2);
    y4 = f(f(y4 * r4) + L2); y5 = f(f(y5 * r5) + L2); y6 = f(f(y6 * r6) + L2); y7 = f(f(y7 * r7) + L2);
    y0 = f(f(y0 * r0) + L3); y1 = f(f(y1 * r1) + L3); y2 = f(f(y2 * r2) + L3); y3 = f(f(y3 * r3) + L3);
    y4 = f(f(y4 * r4) + L3); y5 = f(f(y5 * r5) + L3); y6 = f(f(y6 * r6) + L3); y7 = f(f(y7 * r7) + L3);
    y0 = f(f(y0 * r0) + L4); y1 = f(f(y1 * r1) + L4); y2 = f(f(y2 * r2) + L4); y3 = f(f(y3 * r3) + L4);
    y4 = f(f(y4 * r4) + L4); y5 = f(f(y5 * r5) + L4); y6 = f(f(y6 * r6) + L4); y7 = f(f(y7 * r7) + L4);
    y0 = f(f(y0 * r0) + L5); y1 = f(f(y1 * r1) + L5); y2 = f(f(y2 * r2) + L5); y3 = f(f(y3 * r3) + L5);
    y4 = f(f(y4 * r4) + L5); y5 = f(f(y5 * r5) + L5); y6 = f(f(y6 * r6) + L5); y7 = f(f(y7 * r7) + L5);
    y0 = f(f(y0 * r0) + L6); y1 = f(f(y1 * r1) + L6); y2 = f(f(y2 * r2) + L6); y3 = f(f(y3 * r3) + L6);
    y4 = f(f(y4 * r4) + L6); y5 = f(f(y5 * r5) + L6); y6 = f(f(y6 * r6) + L6); y7 = f(f(y7 * r7) + L6);
    y0 = f(f(y0 * r0) + L7); y1 = f(f(y1 * r1) + L7); y2 = f(f(y2 * r2) + L7); y3 = f(f(y3 * r3) + L7);
    y4 = f(f(y4 * r4) + L7); y5 = f(f(y5 * r5) + L7); y6 = f(f(y6 * r6) + L7); y7 = f(f(y7 * r7) + L7);
    y0 = f(f(y0 * r0) + L8); y1 = f(f(y1 * r1) + L8); y2 = f(f(y2 * r2) + L8); y3 = f(f(y3 * r3) + L8);
    y4 = f(f(y4 * r4) + L8); y5 = f(f(y5 * r5) + L8); y6 = f(f(y6 * r6) + L8); y7 = f(f(y7 * r7) + L8);
    y0 = f(y0 * r0); y1 = f(y1 * r1); y2 = f(y2 * r2); y3 = f(y3 * r3);
    y4 = f(y4 * r4); y5 = f(y5 * r5); y6 = f(y6 * r6); y7 = f(y7 * r7);
    y0 = f(y0 * z0); y1 = f(y1 * z1); y2 = f(y2 * z2); y3 = f(y3 * z3);
    y4 = f(y4 * z4); y5 = f(y5 * z5); y6 = f(y6 * z6); y7 = f(y7 * z7);
    y0 = f(y0 + f(e0 * ln2Lo)); y1 = f(y1 + f(e1 * ln2Lo)); y2 = f(y2 + f(e2 * ln2Lo)); y3 = f(y3 + f(e3 * ln2Lo));
    y4 = f(y4 + f(e4 * ln2Lo)); y5 = f(y5 + f(e5 * ln2Lo)); y6 = f(y6 + f(e6 * ln2Lo)); y7 = f(y7 + f(e7 * ln2Lo));
    y0 = f(y0 - 0.5 * z0); y1 = f(y1 - 0.5 * z1); y2 = f(y2 - 0.5 * z2); y3 = f(y3 - 0.5 * z3);
    y4 = f(y4 - 0.5 * z4); y5 = f(y5 - 0.5 * z5); y6 = f(y6 - 0.5 * z6); y7 = f(y7 - 0.5 * z7);
    y0 = f(r0 + y0); y1 = f(r1 + y1); y2 = f(r2 + y2); y3 = f(r3 + y3);
    y4 = f(r4 + y4); y5 = f(r5 + y5); y6 = f(r6 + y6); y7 = f(r7 + y7);
    // w = -logf32(4pq).
    const w0 = -f(y0 + e0 * ln2Hi), w1 = -f(y1 + e1 * ln2Hi), w2 = -f(y2 + e2 * ln2Hi), w3 = -f(y3 + e3 * ln2Hi);
    const w4 = -f(y4 + e4 * ln2Hi), w5 = -f(y5 + e5 * ln2Hi), w6 = -f(y6 + e6 * ln2Hi), w7 = -f(y7 + e7 * ln2Hi);
    const t0 = f(w0 - 2.5), t1 = f(w1 - 2.5), t2 = f(w2 - 2.5), t3 = f(w3 - 2.5);
    const t4 = f(w4 - 2.5), t5 = f(w5 - 2.5), t6 = f(w6 - 2.5), t7 = f(w7 - 2.5);
    let a0 = A0, a1 = A0, a2 = A0, a3 = A0, a4 = A0, a5 = A0, a6 = A0, a7 = A0;
    a0 = f(f(a0 * t0) + A1); a1 = f(f(a1 * t1) + A1); a2 = f(f(a2 * t2) + A1); a3 = f(f(a3 * t3) + A1);
    a4 = f(f(a4 * t4) + A1); a5 = f(f(a5 * t5) + A1); a6 = f(f(a6 * t6) + A1); a7 = f(f(a7 * t7) + A1);
    a0 = f(f(a0 * t0) + A2); a1 = f(f(a1 * t1) + A2); a2 = f(f(a2 * t2) + A2); a3 = f(f(a3 * t3) + A2);
    a4 = f(f(a4 * t4) + A2); a5 = f(f(a5 * t5) + A2); a6 = f(f(a6 * t6) + A2); a7 = f(f(a7 * t7) + A2);
    a0 = f(f(a0 * t0) + A3); a1 = f(f(a1 * t1) + A3); a2 = f(f(a2 * t2) + A3); a3 = f(f(a3 * t3) + A3);
    a4 = f(f(a4 * t4) + A3); a5 = f(f(a5 * t5) + A3); a6 = f(f(a6 * t6) + A3); a7 = f(f(a7 * t7) + A3);
    a0 = f(f(a0 * t0) + A4); a1 = f(f(a1 * t1) + A4); a2 = f(f(a2 * t2) + A4); a3 = f(f(a3 * t3) + A4);
    a4 = f(f(a4 * t4) + A4); a5 = f(f(a5 * t5) + A4); a6 = f(f(a6 * t6) + A4); a7 = f(f(a7 * t7) + A4);
    a0 = f(f(a0 * t0) + A5); a1 = f(f(a1 * t1) + A5); a2 = f(f(a2 * t2) + A5); a3 = f(f(a3 * t3) + A5);
    a4 = f(f(a4 * t4) + A5); a5 = f(f(a5 * t5) + A5); a6 = f(f(a6 * t6) + A5); a7 = f(f(a7 * t7) + A5);
    a0 = f(f(a0 * t0) + A6); a1 = f(f(a1 * t1) + A6); a2 = f(f(a2 * t2) + A6); a3 = f(f(a3 * t3) + A6);
    a4 = f(f(a4 * t4) + A6); a5 = f(f(a5 * t5) + A6); a6 = f(f(a6 * t6) + A6); a7 = f(f(a7 * t7) + A6);
    a0 = f(f(a0 * t0) + A7); a1 = f(f(a1 * t1) + A7); a2 = f(f(a2 * t2) + A7); a3 = f(f(a3 * t3) + A7);
    a4 = f(f(a4 * t4) + A7); a5 = f(f(a5 * t5) + A7); a6 = f(f(a6 * t6) + A7); a7 = f(f(a7 * t7) + A7);
    a0 = f(f(a0 * t0) + A8); a1 = f(f(a1 * t1) + A8); a2 = f(f(a2 * t2) + A8); a3 = f(f(a3 * t3) + A8);
    a4 = f(f(a4 * t4) + A8); a5 = f(f(a5 * t5) + A8); a6 = f(f(a6 * t6) + A8); a7 = f(f(a7 * t7) + A8);
    a0 = f(f(a0 * x[i]!) * sqrt2); a1 = f(f(a1 * x[i + 1]!) * sqrt2);
    a2 = f(f(a2 * x[i + 2]!) * sqrt2); a3 = f(f(a3 * x[i + 3]!) * sqrt2);
    a4 = f(f(a4 * x[i + 4]!) * sqrt2); a5 = f(f(a5 * x[i + 5]!) * sqrt2);
    a6 = f(f(a6 * x[i + 6]!) * sqrt2); a7 = f(f(a7 * x[i + 7]!) * sqrt2);
    // The float32 store is the last rounding, of mean + ...
    out[at + i] = mean + f(std * (a0 * flip)); out[at + i + 1] = mean + f(std * (a1 * flip));
    out[at + i + 2] = mean + f(std * (a2 * flip)); out[at + i + 3] = mean + f(std * (a3 * flip));
    out[at + i + 4] = mean + f(std * (a4 * flip)); out[at + i + 5] = mean + f(std * (a5 * flip));
    out[at + i + 6] = mean + f(std * (a6 * flip)); out[at + i + 7] = mean + f(std * (a7 * flip));
    // A lane whose 4pq has a biased exponent of 120 or more (4pq >= 2^-7, so
    // w < 4.86) is central for sure: only when some lane is not (about one
    // group in 30) are the w tested. The test is in integers, free of
    // branches on random data (as Math.max's code has); ||, or an if per
    // lane, would also let V8 sink each lane's chain behind the previous
    // lane's branch, one lane after the other.
    const central = ((s0 >>> 23) - 120) | ((s1 >>> 23) - 120) | ((s2 >>> 23) - 120) | ((s3 >>> 23) - 120) |
      ((s4 >>> 23) - 120) | ((s5 >>> 23) - 120) | ((s6 >>> 23) - 120) | ((s7 >>> 23) - 120);
    if (central < 0) {
      if (w0 >= 5) leftOver[n++] = i;
      if (w1 >= 5) leftOver[n++] = i + 1;
      if (w2 >= 5) leftOver[n++] = i + 2;
      if (w3 >= 5) leftOver[n++] = i + 3;
      if (w4 >= 5) leftOver[n++] = i + 4;
      if (w5 >= 5) leftOver[n++] = i + 5;
      if (w6 >= 5) leftOver[n++] = i + 6;
      if (w7 >= 5) leftOver[n++] = i + 7;
    }
  }
  for (; i < count; i++) leftOver[n++] = i;
  return n;
}
