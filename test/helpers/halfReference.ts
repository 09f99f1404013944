// An independent float16 / bfloat16 rounding for tests: decode every
// candidate bit pattern and pick the nearest value, ties to the even pattern.

function decodeHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  if (exp === 0) return sign * mant * 2 ** -24;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

function decodeBFloat16(b: number): number {
  const f = new Float32Array(new Uint32Array([b << 16]).buffer);
  return f[0]!;
}

function nearest(x: number, decode: (bits: number) => number, maxFinite: number, infBits: number): number {
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  // Finite positive patterns are ordered like their values: binary search for the neighbours.
  let lo = 0;
  let hi = maxFinite;
  if (a >= decode(hi)) {
    const next = 2 * decode(hi) - decode(hi - 1); // one ulp above the largest finite value
    return sign | (a - decode(hi) < next - a || (a - decode(hi) === next - a && (hi & 1) === 0) ? hi : infBits);
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (decode(mid) <= a) lo = mid;
    else hi = mid;
  }
  const [dl, dh] = [a - decode(lo), decode(hi) - a];
  return sign | (dl < dh || (dl === dh && (lo & 1) === 0) ? lo : hi);
}

export const referenceFloat16 = (x: number): number => nearest(x, decodeHalf, 0x7bff, 0x7c00);
export const referenceBFloat16 = (x: number): number => nearest(x, decodeBFloat16, 0x7f7f, 0x7f80);
export { decodeHalf, decodeBFloat16 };
