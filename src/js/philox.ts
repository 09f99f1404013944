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

// The bulk generator below keeps every word in int32 form (the bits of the
// uint32), where V8 does xor, add and imul in integer registers; a uint32 at or
// above 2^31 would be a double, and the key additions with W0/W1 as written
// above would run in floating point.
const M0_I32 = M0 | 0;
const M1_I32 = M1 | 0;
const W0_I32 = W0 | 0;
const W1_I32 = W1 | 0;
const M0_SCALED = M0 * TWO_NEG_32;
const M1_SCALED = M1 * TWO_NEG_32;
const SIGN = 0x80000000 | 0;

/**
 * Writes blocks (lo + b, hi, s0, s1), b = 0 .. count-1, under key (k0, k1) to
 * out[at + 4b .. at + 4b + 3]. The low counter word must not wrap:
 * lo + count <= 2^32.
 *
 * The high word of c * M is taken as c * (M / 2^32) - (lo - 2^31) / 2^32 =
 * hi + 1/2, off by at most 2^-20 (the rounded product and the rounded
 * difference, both below 2^32, err by at most 2^-21 each), so truncation
 * (`| 0`) gives hi without Math.round; lo - 2^31 is the int32 `lo ^ SIGN`.
 * Blocks go three at a time with their ten rounds written out: one block is a
 * chain of dependent rounds, several interleaved let the CPU overlap them, and
 * a loop over the rounds (its state carried through loop phis) costs a fifth
 * more time.
 */
export function philoxBlocks(
  k0: number, k1: number, lo: number, hi: number, s0: number, s1: number,
  count: number, out: Uint32Array, at: number,
): void {
  const first = lo | 0;
  const ctr1 = hi | 0;
  const ctr2 = s0 | 0;
  const ctr3 = s1 | 0;
  const key0 = k0 | 0;
  const key1 = k1 | 0;
  let b = 0;
  // Blocks p, q, r; per block x: xl and xm are the low words of M0 * x0 and
  // M1 * x2, xh the high word of M0 * x0.
  for (; b + 3 <= count; b += 3) {
    let p0 = (first + b) | 0, p1 = ctr1, p2 = ctr2, p3 = ctr3, pl = 0, pm = 0, ph = 0;
    let q0 = (first + b + 1) | 0, q1 = ctr1, q2 = ctr2, q3 = ctr3, ql = 0, qm = 0, qh = 0;
    let r0 = (first + b + 2) | 0, r1 = ctr1, r2 = ctr2, r3 = ctr3, rl = 0, rm = 0, rh = 0;
    let ka = key0, kb = key1;
    pl = Math.imul(M0_I32, p0); pm = Math.imul(M1_I32, p2); ph = ((p0 >>> 0) * M0_SCALED - (pl ^ SIGN) * TWO_NEG_32) | 0;
    p0 = (((p2 >>> 0) * M1_SCALED - (pm ^ SIGN) * TWO_NEG_32) | 0) ^ p1 ^ ka; p1 = pm; p2 = ph ^ p3 ^ kb; p3 = pl;
    ql = Math.imul(M0_I32, q0); qm = Math.imul(M1_I32, q2); qh = ((q0 >>> 0) * M0_SCALED - (ql ^ SIGN) * TWO_NEG_32) | 0;
    q0 = (((q2 >>> 0) * M1_SCALED - (qm ^ SIGN) * TWO_NEG_32) | 0) ^ q1 ^ ka; q1 = qm; q2 = qh ^ q3 ^ kb; q3 = ql;
    rl = Math.imul(M0_I32, r0); rm = Math.imul(M1_I32, r2); rh = ((r0 >>> 0) * M0_SCALED - (rl ^ SIGN) * TWO_NEG_32) | 0;
    r0 = (((r2 >>> 0) * M1_SCALED - (rm ^ SIGN) * TWO_NEG_32) | 0) ^ r1 ^ ka; r1 = rm; r2 = rh ^ r3 ^ kb; r3 = rl;
    ka = (ka + W0_I32) | 0; kb = (kb + W1_I32) | 0;
    pl = Math.imul(M0_I32, p0); pm = Math.imul(M1_I32, p2); ph = ((p0 >>> 0) * M0_SCALED - (pl ^ SIGN) * TWO_NEG_32) | 0;
    p0 = (((p2 >>> 0) * M1_SCALED - (pm ^ SIGN) * TWO_NEG_32) | 0) ^ p1 ^ ka; p1 = pm; p2 = ph ^ p3 ^ kb; p3 = pl;
    ql = Math.imul(M0_I32, q0); qm = Math.imul(M1_I32, q2); qh = ((q0 >>> 0) * M0_SCALED - (ql ^ SIGN) * TWO_NEG_32) | 0;
    q0 = (((q2 >>> 0) * M1_SCALED - (qm ^ SIGN) * TWO_NEG_32) | 0) ^ q1 ^ ka; q1 = qm; q2 = qh ^ q3 ^ kb; q3 = ql;
    rl = Math.imul(M0_I32, r0); rm = Math.imul(M1_I32, r2); rh = ((r0 >>> 0) * M0_SCALED - (rl ^ SIGN) * TWO_NEG_32) | 0;
    r0 = (((r2 >>> 0) * M1_SCALED - (rm ^ SIGN) * TWO_NEG_32) | 0) ^ r1 ^ ka; r1 = rm; r2 = rh ^ r3 ^ kb; r3 = rl;
    ka = (ka + W0_I32) | 0; kb = (kb + W1_I32) | 0;
    pl = Math.imul(M0_I32, p0); pm = Math.imul(M1_I32, p2); ph = ((p0 >>> 0) * M0_SCALED - (pl ^ SIGN) * TWO_NEG_32) | 0;
    p0 = (((p2 >>> 0) * M1_SCALED - (pm ^ SIGN) * TWO_NEG_32) | 0) ^ p1 ^ ka; p1 = pm; p2 = ph ^ p3 ^ kb; p3 = pl;
    ql = Math.imul(M0_I32, q0); qm = Math.imul(M1_I32, q2); qh = ((q0 >>> 0) * M0_SCALED - (ql ^ SIGN) * TWO_NEG_32) | 0;
    q0 = (((q2 >>> 0) * M1_SCALED - (qm ^ SIGN) * TWO_NEG_32) | 0) ^ q1 ^ ka; q1 = qm; q2 = qh ^ q3 ^ kb; q3 = ql;
    rl = Math.imul(M0_I32, r0); rm = Math.imul(M1_I32, r2); rh = ((r0 >>> 0) * M0_SCALED - (rl ^ SIGN) * TWO_NEG_32) | 0;
    r0 = (((r2 >>> 0) * M1_SCALED - (rm ^ SIGN) * TWO_NEG_32) | 0) ^ r1 ^ ka; r1 = rm; r2 = rh ^ r3 ^ kb; r3 = rl;
    ka = (ka + W0_I32) | 0; kb = (kb + W1_I32) | 0;
    pl = Math.imul(M0_I32, p0); pm = Math.imul(M1_I32, p2); ph = ((p0 >>> 0) * M0_SCALED - (pl ^ SIGN) * TWO_NEG_32) | 0;
    p0 = (((p2 >>> 0) * M1_SCALED - (pm ^ SIGN) * TWO_NEG_32) | 0) ^ p1 ^ ka; p1 = pm; p2 = ph ^ p3 ^ kb; p3 = pl;
    ql = Math.imul(M0_I32, q0); qm = Math.imul(M1_I32, q2); qh = ((q0 >>> 0) * M0_SCALED - (ql ^ SIGN) * TWO_NEG_32) | 0;
    q0 = (((q2 >>> 0) * M1_SCALED - (qm ^ SIGN) * TWO_NEG_32) | 0) ^ q1 ^ ka; q1 = qm; q2 = qh ^ q3 ^ kb; q3 = ql;
    rl = Math.imul(M0_I32, r0); rm = Math.imul(M1_I32, r2); rh = ((r0 >>> 0) * M0_SCALED - (rl ^ SIGN) * TWO_NEG_32) | 0;
    r0 = (((r2 >>> 0) * M1_SCALED - (rm ^ SIGN) * TWO_NEG_32) | 0) ^ r1 ^ ka; r1 = rm; r2 = rh ^ r3 ^ kb; r3 = rl;
    ka = (ka + W0_I32) | 0; kb = (kb + W1_I32) | 0;
    pl = Math.imul(M0_I32, p0); pm = Math.imul(M1_I32, p2); ph = ((p0 >>> 0) * M0_SCALED - (pl ^ SIGN) * TWO_NEG_32) | 0;
    p0 = (((p2 >>> 0) * M1_SCALED - (pm ^ SIGN) * TWO_NEG_32) | 0) ^ p1 ^ ka; p1 = pm; p2 = ph ^ p3 ^ kb; p3 = pl;
    ql = Math.imul(M0_I32, q0); qm = Math.imul(M1_I32, q2); qh = ((q0 >>> 0) * M0_SCALED - (ql ^ SIGN) * TWO_NEG_32) | 0;
    q0 = (((q2 >>> 0) * M1_SCALED - (qm ^ SIGN) * TWO_NEG_32) | 0) ^ q1 ^ ka; q1 = qm; q2 = qh ^ q3 ^ kb; q3 = ql;
    rl = Math.imul(M0_I32, r0); rm = Math.imul(M1_I32, r2); rh = ((r0 >>> 0) * M0_SCALED - (rl ^ SIGN) * TWO_NEG_32) | 0;
    r0 = (((r2 >>> 0) * M1_SCALED - (rm ^ SIGN) * TWO_NEG_32) | 0) ^ r1 ^ ka; r1 = rm; r2 = rh ^ r3 ^ kb; r3 = rl;
    ka = (ka + W0_I32) | 0; kb = (kb + W1_I32) | 0;
    pl = Math.imul(M0_I32, p0); pm = Math.imul(M1_I32, p2); ph = ((p0 >>> 0) * M0_SCALED - (pl ^ SIGN) * TWO_NEG_32) | 0;
    p0 = (((p2 >>> 0) * M1_SCALED - (pm ^ SIGN) * TWO_NEG_32) | 0) ^ p1 ^ ka; p1 = pm; p2 = ph ^ p3 ^ kb; p3 = pl;
    ql = Math.imul(M0_I32, q0); qm = Math.imul(M1_I32, q2); qh = ((q0 >>> 0) * M0_SCALED - (ql ^ SIGN) * TWO_NEG_32) | 0;
    q0 = (((q2 >>> 0) * M1_SCALED - (qm ^ SIGN) * TWO_NEG_32) | 0) ^ q1 ^ ka; q1 = qm; q2 = qh ^ q3 ^ kb; q3 = ql;
    rl = Math.imul(M0_I32, r0); rm = Math.imul(M1_I32, r2); rh = ((r0 >>> 0) * M0_SCALED - (rl ^ SIGN) * TWO_NEG_32) | 0;
    r0 = (((r2 >>> 0) * M1_SCALED - (rm ^ SIGN) * TWO_NEG_32) | 0) ^ r1 ^ ka; r1 = rm; r2 = rh ^ r3 ^ kb; r3 = rl;
    ka = (ka + W0_I32) | 0; kb = (kb + W1_I32) | 0;
    pl = Math.imul(M0_I32, p0); pm = Math.imul(M1_I32, p2); ph = ((p0 >>> 0) * M0_SCALED - (pl ^ SIGN) * TWO_NEG_32) | 0;
    p0 = (((p2 >>> 0) * M1_SCALED - (pm ^ SIGN) * TWO_NEG_32) | 0) ^ p1 ^ ka; p1 = pm; p2 = ph ^ p3 ^ kb; p3 = pl;
    ql = Math.imul(M0_I32, q0); qm = Math.imul(M1_I32, q2); qh = ((q0 >>> 0) * M0_SCALED - (ql ^ SIGN) * TWO_NEG_32) | 0;
    q0 = (((q2 >>> 0) * M1_SCALED - (qm ^ SIGN) * TWO_NEG_32) | 0) ^ q1 ^ ka; q1 = qm; q2 = qh ^ q3 ^ kb; q3 = ql;
    rl = Math.imul(M0_I32, r0); rm = Math.imul(M1_I32, r2); rh = ((r0 >>> 0) * M0_SCALED - (rl ^ SIGN) * TWO_NEG_32) | 0;
    r0 = (((r2 >>> 0) * M1_SCALED - (rm ^ SIGN) * TWO_NEG_32) | 0) ^ r1 ^ ka; r1 = rm; r2 = rh ^ r3 ^ kb; r3 = rl;
    ka = (ka + W0_I32) | 0; kb = (kb + W1_I32) | 0;
    pl = Math.imul(M0_I32, p0); pm = Math.imul(M1_I32, p2); ph = ((p0 >>> 0) * M0_SCALED - (pl ^ SIGN) * TWO_NEG_32) | 0;
    p0 = (((p2 >>> 0) * M1_SCALED - (pm ^ SIGN) * TWO_NEG_32) | 0) ^ p1 ^ ka; p1 = pm; p2 = ph ^ p3 ^ kb; p3 = pl;
    ql = Math.imul(M0_I32, q0); qm = Math.imul(M1_I32, q2); qh = ((q0 >>> 0) * M0_SCALED - (ql ^ SIGN) * TWO_NEG_32) | 0;
    q0 = (((q2 >>> 0) * M1_SCALED - (qm ^ SIGN) * TWO_NEG_32) | 0) ^ q1 ^ ka; q1 = qm; q2 = qh ^ q3 ^ kb; q3 = ql;
    rl = Math.imul(M0_I32, r0); rm = Math.imul(M1_I32, r2); rh = ((r0 >>> 0) * M0_SCALED - (rl ^ SIGN) * TWO_NEG_32) | 0;
    r0 = (((r2 >>> 0) * M1_SCALED - (rm ^ SIGN) * TWO_NEG_32) | 0) ^ r1 ^ ka; r1 = rm; r2 = rh ^ r3 ^ kb; r3 = rl;
    ka = (ka + W0_I32) | 0; kb = (kb + W1_I32) | 0;
    pl = Math.imul(M0_I32, p0); pm = Math.imul(M1_I32, p2); ph = ((p0 >>> 0) * M0_SCALED - (pl ^ SIGN) * TWO_NEG_32) | 0;
    p0 = (((p2 >>> 0) * M1_SCALED - (pm ^ SIGN) * TWO_NEG_32) | 0) ^ p1 ^ ka; p1 = pm; p2 = ph ^ p3 ^ kb; p3 = pl;
    ql = Math.imul(M0_I32, q0); qm = Math.imul(M1_I32, q2); qh = ((q0 >>> 0) * M0_SCALED - (ql ^ SIGN) * TWO_NEG_32) | 0;
    q0 = (((q2 >>> 0) * M1_SCALED - (qm ^ SIGN) * TWO_NEG_32) | 0) ^ q1 ^ ka; q1 = qm; q2 = qh ^ q3 ^ kb; q3 = ql;
    rl = Math.imul(M0_I32, r0); rm = Math.imul(M1_I32, r2); rh = ((r0 >>> 0) * M0_SCALED - (rl ^ SIGN) * TWO_NEG_32) | 0;
    r0 = (((r2 >>> 0) * M1_SCALED - (rm ^ SIGN) * TWO_NEG_32) | 0) ^ r1 ^ ka; r1 = rm; r2 = rh ^ r3 ^ kb; r3 = rl;
    ka = (ka + W0_I32) | 0; kb = (kb + W1_I32) | 0;
    pl = Math.imul(M0_I32, p0); pm = Math.imul(M1_I32, p2); ph = ((p0 >>> 0) * M0_SCALED - (pl ^ SIGN) * TWO_NEG_32) | 0;
    p0 = (((p2 >>> 0) * M1_SCALED - (pm ^ SIGN) * TWO_NEG_32) | 0) ^ p1 ^ ka; p1 = pm; p2 = ph ^ p3 ^ kb; p3 = pl;
    ql = Math.imul(M0_I32, q0); qm = Math.imul(M1_I32, q2); qh = ((q0 >>> 0) * M0_SCALED - (ql ^ SIGN) * TWO_NEG_32) | 0;
    q0 = (((q2 >>> 0) * M1_SCALED - (qm ^ SIGN) * TWO_NEG_32) | 0) ^ q1 ^ ka; q1 = qm; q2 = qh ^ q3 ^ kb; q3 = ql;
    rl = Math.imul(M0_I32, r0); rm = Math.imul(M1_I32, r2); rh = ((r0 >>> 0) * M0_SCALED - (rl ^ SIGN) * TWO_NEG_32) | 0;
    r0 = (((r2 >>> 0) * M1_SCALED - (rm ^ SIGN) * TWO_NEG_32) | 0) ^ r1 ^ ka; r1 = rm; r2 = rh ^ r3 ^ kb; r3 = rl;
    const i = at + 4 * b;
    out[i] = p0; out[i + 1] = p1; out[i + 2] = p2; out[i + 3] = p3;
    out[i + 4] = q0; out[i + 5] = q1; out[i + 6] = q2; out[i + 7] = q3;
    out[i + 8] = r0; out[i + 9] = r1; out[i + 10] = r2; out[i + 11] = r3;
  }
  for (; b < count; b++) philox4x32_10((lo + b) >>> 0, hi, s0, s1, k0, k1, out, at + 4 * b);
}
