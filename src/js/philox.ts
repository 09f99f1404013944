// Philox4x32-10 in plain TypeScript: the twin of native/philox.h.

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const TWO_NEG_32 = 2 ** -32;

// High word of a * b for uint32 a, b. The double product is off by at most
// 2^11 and the subtraction by as much again, far less than the 2^31 that
// rounding to the nearest multiple of 2^32 tolerates.
function mulHi(a: number, b: number, lo: number): number {
  return Math.round((a * b - lo) * TWO_NEG_32) >>> 0;
}

/** Writes the four words of block (c0..c3) under key (k0, k1) to out[at..at+3]. */
export function philox4x32_10(
  c0: number, c1: number, c2: number, c3: number,
  k0: number, k1: number,
  out: Uint32Array, at: number,
): void {
  for (let round = 0; round < 10; round++) {
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi0 = mulHi(M0, c0, lo0);
    const lo1 = Math.imul(M1, c2) >>> 0;
    const hi1 = mulHi(M1, c2, lo1);
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  out[at] = c0;
  out[at + 1] = c1;
  out[at + 2] = c2;
  out[at + 3] = c3;
}
