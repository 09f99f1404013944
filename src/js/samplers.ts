// Per-element maps from a stream word to a float32 sample: the twin of
// native/samplers.h, operation for operation. Every arithmetic result is
// rounded to float32 with Math.fround; for + - * / and sqrt of float32
// operands, rounding the exact double result again to float32 gives the
// correctly rounded float32 result, so these match the C++ kernels bit for bit.
const f = Math.fround;

// Coefficients as binary32 values; the polynomials are unrolled Horner
// chains (acc = acc * t + c, each step rounded), as in native/samplers.h.
type Nine = [number, number, number, number, number, number, number, number, number];
export const LOG_P: Readonly<Nine> = [
  7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
  -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(f) as Nine;
const [L0, L1, L2, L3, L4, L5, L6, L7, L8] = LOG_P;
export const LN2_HI = f(0.693359375);
export const LN2_LO = f(-2.1219444e-4);
export const SQRT2 = f(1.41421354);
export const ERFINV_CENTRAL: Readonly<Nine> = [
  2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503,
  -0.00417768164, 0.246640727, 1.50140941,
].map(f) as Nine;
const [A0, A1, A2, A3, A4, A5, A6, A7, A8] = ERFINV_CENTRAL;
const [B0, B1, B2, B3, B4, B5, B6, B7, B8] = [
  -0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613,
  0.00943887047, 1.00167406, 2.83297682,
].map(f) as Nine;
const [C0, C1, C2, C3, C4, C5, C6, C7] = [
  -1.21767656e-7, 1.28069678e-6, -6.19445609e-6, 2.16399294e-5, -4.10795874e-5, -0.000473399501,
  1.0096041, 5.85991335,
].map(f) as [number, number, number, number, number, number, number, number];

function logPolynomial(t: number): number {
  let a = L0;
  a = f(f(a * t) + L1); a = f(f(a * t) + L2); a = f(f(a * t) + L3); a = f(f(a * t) + L4);
  a = f(f(a * t) + L5); a = f(f(a * t) + L6); a = f(f(a * t) + L7); a = f(f(a * t) + L8);
  return a;
}

function erfinvCentral(t: number): number {
  let a = A0;
  a = f(f(a * t) + A1); a = f(f(a * t) + A2); a = f(f(a * t) + A3); a = f(f(a * t) + A4);
  a = f(f(a * t) + A5); a = f(f(a * t) + A6); a = f(f(a * t) + A7); a = f(f(a * t) + A8);
  return a;
}

function erfinvTail(t: number): number {
  let a = B0;
  a = f(f(a * t) + B1); a = f(f(a * t) + B2); a = f(f(a * t) + B3); a = f(f(a * t) + B4);
  a = f(f(a * t) + B5); a = f(f(a * t) + B6); a = f(f(a * t) + B7); a = f(f(a * t) + B8);
  return a;
}

function erfinvFarTail(t: number): number {
  let a = C0;
  a = f(f(a * t) + C1); a = f(f(a * t) + C2); a = f(f(a * t) + C3); a = f(f(a * t) + C4);
  a = f(f(a * t) + C5); a = f(f(a * t) + C6); a = f(f(a * t) + C7);
  return a;
}

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/** Natural log of a positive, normal float32. */
export function logf32(x: number): number {
  scratchF32[0] = x;
  const bits = scratchU32[0]!;
  let e = (bits >>> 23) - 127;
  scratchU32[0] = (bits & 0x007fffff) | 0x3f800000;
  let m = scratchF32[0]!;
  if (m > SQRT2) {
    m = f(m * 0.5);
    e = e + 1;
  }
  const fr = f(m - 1);
  const z = f(fr * fr);
  let y = logPolynomial(fr);
  y = f(y * fr);
  y = f(y * z);
  y = f(y + f(e * LN2_LO));
  y = f(y - f(0.5 * z));
  let r = f(fr + y);
  r = f(r + f(e * LN2_HI));
  return r;
}

/** Standard normal quantile of p, given q = 1 - p too (docs/RNG.md). */
export function normalQuantile(p: number, q: number): number {
  const x = f(p - q);
  const w = -logf32(f(f(4 * p) * q));
  let r: number;
  if (w < 5) r = erfinvCentral(f(w - 2.5));
  else if (w < 16) r = erfinvTail(f(f(Math.sqrt(w)) - 3));
  else r = erfinvFarTail(f(f(Math.sqrt(w)) - 6));
  return f(f(r * x) * SQRT2);
}

export function unitFromWord(w: number): number {
  return (w >>> 8) * 2 ** -24;
}

export function centeredUnitFromWord(w: number): number {
  return (((w >>> 9) << 1) | 1) * 2 ** -24;
}

/** params: [low, span, top] */
export function uniformFromWord(w: number, p: Float32Array): number {
  const u = unitFromWord(w);
  const x = f(p[0]! + f(u * p[1]!));
  return x < p[2]! ? x : p[2]!;
}

/** params: [mean, std] */
export function normalFromWord(w: number, p: Float32Array): number {
  const u = centeredUnitFromWord(w);
  const z = normalQuantile(u, f(1 - u));
  return f(p[0]! + f(p[1]! * z));
}

/** params: [mean, std, pLow, pWidth, flip, low, high] */
export function truncatedNormalFromWord(w: number, p: Float32Array): number {
  const u = centeredUnitFromWord(w);
  const pu = f(p[2]! + f(u * p[3]!));
  const z = f(normalQuantile(pu, f(1 - pu)) * p[4]!);
  const y = f(p[0]! + f(p[1]! * z));
  const above = y > p[5]! ? y : p[5]!;
  return above < p[6]! ? above : p[6]!;
}
