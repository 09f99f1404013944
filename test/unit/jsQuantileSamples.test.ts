// The eight-lane quantile kernel of the TypeScript backend against the scalar
// samplers.ts functions it stands for: every one of the 2^23 centered units of
// normalFromWord, and quantile arguments of truncatedNormalFromWord from
// windows anywhere in [2^-124, 1 - 2^-24], tails and far tails included.
import { describe, expect, it } from 'vitest';

import { quantileSamples } from '../../src/js/quantileSamples.js';
import {
  centeredUnitFromWord, logf32, normalFromWord, normalQuantile, truncatedNormalFromWord,
} from '../../src/js/samplers.js';

const f = Math.fround;
const RUN = 1024;
const EDGE_WORDS = [0, 511, 512, 0xfffffe00, 0xffffffff, 2 ** 31, 2 ** 31 - 1, 0x80000200];

interface Run {
  fourPQ: Float32Array;
  bits: Uint32Array;
  x: Float64Array;
  leftOver: Int32Array;
  out: Float32Array;
}

function run(): Run {
  const fourPQ = new Float32Array(RUN);
  const bits = new Uint32Array(fourPQ.buffer);
  return { fourPQ, bits, x: new Float64Array(RUN), leftOver: new Int32Array(RUN), out: new Float32Array(RUN) };
}

// Calls quantileSamples on the first `count` arguments of r, returning the
// indices it left over as a set, after checking they are in range and distinct.
function samples(r: Run, count: number, mean: number, std: number, flip: number): Set<number> {
  const n = quantileSamples(count, r.bits, r.x, r.leftOver, r.out, 0, mean, std, flip);
  const left = new Set(r.leftOver.subarray(0, n));
  expect(left.size).toBe(n);
  for (const i of left) expect(i >= 0 && i < count).toBe(true);
  return left;
}

// normalQuantile takes its central branch exactly when this w is below 5.
function w(p: number, q: number): number {
  return -logf32(f(f(4 * p) * q));
}

describe('quantileSamples', () => {
  it('gives normalFromWord for all 2^23 centered units, and leaves over exactly those beyond the central branch', () => {
    const params = new Float32Array([0.25, 2]);
    const r = run();
    let mismatches = 0;
    let tails = 0;
    for (let start = 0; start < 2 ** 23; start += RUN) {
      for (let i = 0; i < RUN; i++) {
        const u = centeredUnitFromWord((start + i) << 9);
        r.fourPQ[i] = 4 * u * (1 - u);
        r.x[i] = u - (1 - u);
      }
      const left = samples(r, RUN, params[0]!, params[1]!, 1);
      tails += left.size;
      for (let i = 0; i < RUN; i++) {
        const word = (start + i) << 9;
        const u = centeredUnitFromWord(word);
        if (left.has(i) !== w(u, 1 - u) >= 5) throw new Error(`unit ${start + i}: left over ${left.has(i)}, w ${w(u, 1 - u)}`);
        if (!left.has(i) && !Object.is(r.out[i], normalFromWord(word, params))) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
    // w >= 5 is 4pq <= e^-5: p or q below 0.00170, about 28,500 of the 2^23 units.
    expect(tails).toBeGreaterThan(25_000);
    expect(tails).toBeLessThan(32_000);
  });

  it('gives the flipped, affinely mapped quantile of truncatedNormalFromWord, or leaves it over, for windows deep into both tails', () => {
    // [pLow, pWidth] windows as truncatedNormalParams makes them, from the
    // centre out to 2^-124; flip -1 with infinite clamps isolates the kernel's part.
    const windows: Array<[number, number]> = [
      [f(0.0227501), f(0.9544997)], [0, 1], [f(0.4), f(0.2)], [f(0.0013499), f(0.0214)],
      [f(3.167e-5), f(1.3e-3)], [f(1e-9), f(1e-6)], [f(1e-20), f(1e-12)], [f(2 ** -120), f(2 ** -100)],
      [f(2 ** -124), f(2 ** -124)], [f(0.5), f(0.5 - 2 ** -24)], [f(0.999), f(0.001 - 2 ** -23)],
    ];
    const r = run();
    let word = 0x12345678;
    for (const [pLow, pWidth] of windows) {
      for (const flip of [1, -1]) {
        const params = new Float32Array([-0.75, 3, pLow, pWidth, flip, -Infinity, Infinity]);
        const words = new Uint32Array(RUN);
        const central: boolean[] = [];
        for (let i = 0; i < RUN; i++) {
          // Both ends and the middle of the unit range, then pseudo-random words.
          word = i < EDGE_WORDS.length ? EDGE_WORDS[i]! : (Math.imul(word, 1664525) + 1013904223) >>> 0;
          words[i] = word;
          const u = centeredUnitFromWord(word);
          const p = f(pLow + f(u * pWidth));
          const q = f(1 - p);
          r.fourPQ[i] = 4 * p * q;
          r.x[i] = f(p - q);
          central.push(w(p, q) < 5);
        }
        const count = RUN - 3;
        const left = samples(r, count, params[0]!, params[1]!, flip);
        for (let i = 0; i < count; i++) {
          if (i < count - (count % 8)) expect(left.has(i), `window ${pLow} ${pWidth} word ${words[i]}`).toBe(!central[i]);
          if (left.has(i)) continue;
          expect(r.out[i], `window ${pLow} ${pWidth} flip ${flip} word ${words[i]}`).toBe(truncatedNormalFromWord(words[i]!, params));
        }
        for (let i = count - (count % 8); i < count; i++) expect(left.has(i)).toBe(true);
      }
    }
  });

  it('leaves over exactly the arguments beyond the central branch, among float32 arguments from 40 binades', () => {
    const ps: number[] = [];
    let s = 99;
    for (let i = 0; i < RUN; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      // p = 2^-e * (1 + m / 2^23) over 40 binades below 1/2, mirrored half the time.
      const p = f(2 ** -(1 + (s % 40)) * (1 + ((s >>> 8) % 2 ** 23) * 2 ** -23) * 0.999);
      ps.push(s & 1 ? p : f(1 - p));
    }
    const tails = checkArguments(ps);
    expect(tails).toBeGreaterThan(RUN / 2);
  });

  it('reduces logf32 arguments on both sides of SQRT2 as logf32 does', () => {
    // Arguments p whose 4pq has a mantissa field next to SQRT2's, where logf32
    // switches between m and m / 2.
    const ps: number[] = [];
    const bits = new Uint32Array(1);
    const float = new Float32Array(bits.buffer);
    for (let e = 1; e <= 60 && ps.length < RUN; e++) {
      const v = (1 + 0x3504f3 * 2 ** -23) * 2 ** -e;
      const p0 = f((1 - Math.sqrt(1 - v)) / 2);
      for (let k = -3000; k <= 3000 && ps.length < RUN; k++) {
        const p = f(p0 * (1 + k * 2 ** -23));
        float[0] = f(f(4 * p) * f(1 - p));
        if (Math.abs((bits[0]! & 0x7fffff) - 0x3504f3) <= 2) ps.push(p, f(1 - p));
      }
    }
    expect(ps.length).toBeGreaterThan(100);
    checkArguments(ps);
  });
});

// Runs quantileSamples on arguments (p, 1 - p) and checks it against the
// reference: the left-over indices are exactly those with w >= 5 and the rest
// equal normalQuantile. Returns the number left over.
function checkArguments(ps: number[]): number {
  const r = run();
  const count = ps.length - (ps.length % 8);
  ps.slice(0, count).forEach((p, i) => {
    const q = f(1 - p);
    r.fourPQ[i] = 4 * p * q;
    r.x[i] = f(p - q);
  });
  const left = samples(r, count, 0, 1, 1);
  ps.slice(0, count).forEach((p, i) => {
    const q = f(1 - p);
    expect(left.has(i), `p ${p}`).toBe(w(p, q) >= 5);
    if (!left.has(i)) expect(r.out[i], `p ${p}`).toBe(normalQuantile(p, q));
  });
  return left.size;
}
