// Schemes on whichever backend this project runs: the variance of a large
// draw is the scheme's within its sampling error, structured schemes have
// their defining property, and every dtype holds the float32 tensor rounded.
import { describe, expect, it } from 'vitest';

import * as w from '../../src/index.js';
import * as promises from '../../src/promises.js';
import { decodeBFloat16, decodeHalf, referenceBFloat16, referenceFloat16 } from '../helpers/halfReference.js';
import { bytes } from '../helpers/reference.js';

const info = w.backend();

function variance(a: ArrayLike<number>): number {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < a.length; i++) {
    s += a[i]!;
    s2 += a[i]! * a[i]!;
  }
  const m = s / a.length;
  return s2 / a.length - m * m;
}

// The normal-theory standard error of a sample variance, sqrt(2/n) sigma^2,
// bounds those of the truncated normal and the uniform too (their kurtosis is
// below 3), so 5 of them is a bound with a false-failure rate under 1e-6.
function expectVariance(a: ArrayLike<number>, expected: number): void {
  const se = expected * Math.sqrt(2 / a.length);
  expect(Math.abs(variance(a) - expected) / se).toBeLessThan(5);
}

describe(`variance-scaling schemes (${info.kind}, ${info.simd})`, () => {
  it.each([
    ['heNormal keras (truncated, corrected to 2/fan_in)', () => w.heNormal([512, 2048], { seed: 1 }), 2 / 512],
    ['heNormal pytorch (plain normal)', () => w.heNormal([2048, 512], { seed: 2, convention: 'pytorch' }), 2 / 512],
    ['heUniform', () => w.heUniform([3, 3, 64, 1024], { seed: 3 }), 2 / 576],
    ['glorotNormal', () => w.glorotNormal([1024, 1024], { seed: 4 }), 2 / 2048],
    ['glorotUniform with gain', () => w.glorotUniform([1024, 1024], { seed: 5, gain: 2 }), 4 * (2 / 2048)],
    ['lecunNormal', () => w.lecunNormal([256, 4096], { seed: 6 }), 1 / 256],
    ['varianceScaling fanAvg uniform', () => w.varianceScaling([1024, 1024], { seed: 7, scale: 3, mode: 'fanAvg', distribution: 'uniform' }), 3 / 1024],
  ])('%s', (_, draw, expected) => {
    expectVariance(draw().data, expected);
  });

  it('would notice the uncorrected truncation TF.js uses (0.774x the variance)', () => {
    const t = w.truncatedNormal([1 << 20], { seed: 1, std: Math.sqrt(2 / 512), lower: -2, upper: 2 }).data;
    expect(() => expectVariance(t, 2 / 512)).toThrow();
  });

  it('keeps tiny-std truncated normals exact: std 0.002 within +-2 is a normal (no outliers, kurtosis 3)', () => {
    const x = w.truncatedNormal([1 << 22], { seed: 8, std: 0.002, low: -2, high: 2 }).data;
    let m4 = 0;
    let m2 = 0;
    let max = 0;
    for (const v of x) {
      m2 += v * v;
      m4 += v ** 4;
      max = Math.max(max, Math.abs(v));
    }
    const kurtosis = (m4 / x.length) / (m2 / x.length) ** 2;
    expect(Math.abs(kurtosis - 3) / Math.sqrt(24 / x.length)).toBeLessThan(5);
    expect(max).toBeLessThan(0.002 * 5.5);
  });

  it('draws a narrow window far in a tail ([2, 3] in std units) inside the window, not piled on its ends', () => {
    const x = w.truncatedNormal([1 << 20], { seed: 9, lower: 2, upper: 3 }).data;
    expect(x.reduce((m, v) => Math.min(m, v), Infinity)).toBeGreaterThanOrEqual(2);
    expect(x.reduce((m, v) => Math.max(m, v), -Infinity)).toBeLessThanOrEqual(3);
    const atEnds = x.filter((v) => v === Math.fround(2) || v === Math.fround(3)).length;
    expect(atEnds).toBeLessThan(5);
    // N(0,1) truncated to [2, 3]: mean (phi(2) - phi(3)) / (Phi(3) - Phi(2)) = 2.3158213267437806,
    // std 0.24803382748023142 (SciPy 1.17 truncnorm(2, 3).mean(), .std()); 5 standard errors.
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    expect(Math.abs(mean - 2.3158213267437806) / (0.24803382748023142 / Math.sqrt(x.length))).toBeLessThan(5);
  });
});

describe(`far tails (${info.kind}, ${info.simd})`, () => {
  it('resolves a window far above the mean ([4.5, 6] std): thousands of distinct values, the exact mean', () => {
    // Phi(4.5) = 0.9999966 sits within 60 float32 steps of 1, so sampling it without mirroring to the
    // lower tail would give only a few dozen distinct values.
    const x = w.truncatedNormal([1 << 17], { seed: 20, lower: 4.5, upper: 6 }).data;
    expect(new Set(x).size).toBeGreaterThan(10000);
    // N(0,1) truncated to [4.5, 6]: mean 4.703897474674675, std 0.1954585182954258 (SciPy 1.17 truncnorm); 5 SE
    const mean = x.reduce((a, v) => a + v, 0) / x.length;
    expect(Math.abs(mean - 4.703897474674675) / (0.1954585182954258 / Math.sqrt(x.length))).toBeLessThan(5);
  });
});

describe(`dtypes (${info.kind}, ${info.simd})`, () => {
  const f32 = w.truncatedNormal([70001], { seed: 10, std: 3 }).data;

  it('float16 and bfloat16 hold exactly the float32 tensor rounded to nearest even', () => {
    const h = w.truncatedNormal([70001], { seed: 10, std: 3, dtype: 'float16' }).data;
    const b = w.truncatedNormal([70001], { seed: 10, std: 3, dtype: 'bfloat16' }).data;
    expect(h).toBeInstanceOf(Uint16Array);
    for (let i = 0; i < f32.length; i++) {
      if (h[i] !== referenceFloat16(f32[i]!)) throw new Error(`float16 ${i}: ${h[i]} for ${f32[i]}`);
      if (b[i] !== referenceBFloat16(f32[i]!)) throw new Error(`bfloat16 ${i}: ${b[i]} for ${f32[i]}`);
    }
  });

  it('keeps every float16 truncated-normal value inside the bounds rounded to float16', () => {
    const h = w.truncatedNormal([1 << 18], { seed: 11, mean: 0.1, std: 0.3, low: -0.4, high: 0.55, dtype: 'float16' }).data;
    const [lo, hi] = [decodeHalf(referenceFloat16(-0.4)), decodeHalf(referenceFloat16(0.55))];
    for (const bits of h) {
      const v = decodeHalf(bits);
      if (!(v >= lo && v <= hi)) throw new Error(`${v} outside [${lo}, ${hi}]`);
    }
  });

  it('refuses a draw whose values float16 would round to infinity, and keeps them where bfloat16 holds them', () => {
    expect(() => w.uniform([1000], { seed: 12, low: 7e4, high: 8e4, dtype: 'float16' })).toThrow(/uniform: low must be within ±65520 \(beyond it float16 rounds to Infinity\)/);
    expect(decodeBFloat16(w.uniform([1], { seed: 12, low: 7e4, high: 8e4, dtype: 'bfloat16' }).data[0]!)).toBeGreaterThan(6.9e4);
  });

  it('needs dtype to say what a Uint16Array out holds', () => {
    expect(() => w.normal([4], { out: new Uint16Array(4) })).toThrow(/Uint16Array out needs dtype 'float16' or 'bfloat16'/);
    const out = new Uint16Array(4);
    expect(w.normal([4], { seed: 1, out, dtype: 'bfloat16' }).data).toBe(out);
  });

  it('converts the computed schemes too', () => {
    const q32 = w.orthogonal([64, 64], { seed: 13 }).data;
    const q16 = w.orthogonal([64, 64], { seed: 13, dtype: 'float16' }).data;
    expect([...q16]).toEqual([...q32].map(referenceFloat16));
  });
});

function maxOrthogonalityError(q: ArrayLike<number>, rows: number, cols: number, byColumns: boolean): number {
  const n = byColumns ? cols : rows;
  const len = byColumns ? rows : cols;
  const at = (v: number, k: number) => (byColumns ? q[k * cols + v]! : q[v * cols + k]!);
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let dot = 0;
      for (let k = 0; k < len; k++) dot += at(i, k) * at(j, k);
      worst = Math.max(worst, Math.abs(dot - (i === j ? 1 : 0)));
    }
  }
  return worst;
}

describe(`structured schemes (${info.kind}, ${info.simd})`, () => {
  it.each([
    [[64, 64], {}, 64, 64],
    [[96, 32], {}, 96, 32], // tall: orthonormal columns
    [[32, 96], {}, 32, 96], // wide: orthonormal rows
    [[3, 3, 16, 8], {}, 144, 8], // Keras/JAX flatten to (rest, shape[-1])
    [[8, 16, 3, 3], { convention: 'pytorch' }, 8, 144], // PyTorch flattens to (shape[0], rest)
  ])('orthogonal %j %j is orthonormal along its short side', (shape, options, rows, cols) => {
    const q = w.orthogonal(shape, { seed: 14, ...options }).data;
    expect(maxOrthogonalityError(q, rows, cols, rows >= cols)).toBeLessThan(1e-5);
  });

  it('orthogonal scales by gain and is reproducible from its seed', () => {
    const q = w.orthogonal([40, 40], { seed: 15, gain: 2 }).data;
    expect(maxOrthogonalityError(q.map((v) => v / 2), 40, 40, true)).toBeLessThan(1e-5);
    expect(bytes(w.orthogonal([40, 40], { seed: 15, gain: 2 }).data).equals(bytes(q))).toBe(true);
  });

  it('orthogonal refuses shards and vectors', () => {
    expect(() => w.orthogonal([4, 4], { offset: 16 })).toThrow(/orthogonal is computed as a whole tensor.*cannot be drawn in parts/);
    expect(() => w.orthogonal([4])).toThrow(/at least 2 dims/);
  });

  it('deltaOrthogonal puts an orthogonal map at the centre tap only', () => {
    const [k, cin, cout] = [3, 8, 16];
    const d = w.deltaOrthogonal([k, k, cin, cout], { seed: 16 }).data;
    const centre = new Float32Array(cin * cout);
    for (let y = 0; y < k; y++) {
      for (let x = 0; x < k; x++) {
        for (let i = 0; i < cin * cout; i++) {
          const v = d[(y * k + x) * cin * cout + i]!;
          if (y === 1 && x === 1) centre[i] = v;
          else expect(v).toBe(0);
        }
      }
    }
    expect(maxOrthogonalityError(centre, cin, cout, false)).toBeLessThan(1e-5);
    expect(() => w.deltaOrthogonal([3, 3, 16, 8])).toThrow(/in channels <= out channels/);
  });

  it('identity reproduces its input through a dense layer, rectangular too', () => {
    const m = w.identity([3, 5], { gain: 2 }).data;
    expect([...m]).toEqual([2, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 2, 0, 0]);
    expect(w.eye).toBe(w.identity);
  });

  it.each([
    ['pytorch', [6, 3, 4, 4], 2, (o: number, i: number, y: number, x: number) => ((o * 3 + i) * 4 + y) * 4 + x, 2], // centre k//2
    ['keras', [4, 4, 3, 6], 2, (o: number, i: number, y: number, x: number) => ((y * 4 + x) * 3 + i) * 6 + o, 1], // centre (k-1)//2
  ] as const)('dirac (%s) passes each group\'s first channels through a convolution unchanged', (convention, shape, groups, index, centre) => {
    const d = w.dirac([...shape], { groups, convention }).data;
    const perGroup = 3;
    for (let o = 0; o < 6; o++) {
      for (let i = 0; i < 3; i++) {
        for (let y = 0; y < 4; y++) {
          for (let x = 0; x < 4; x++) {
            const one = i === o % perGroup && y === centre && x === centre;
            expect(d[index(o, i, y, x)], `${o} ${i} ${y} ${x}`).toBe(one ? 1 : 0);
          }
        }
      }
    }
    expect(() => w.dirac([...shape], { groups: 4, convention })).toThrow(/do not split into 4 groups/);
  });

  it('sparse zeroes ceil(sparsity * rows) entries of every column (PyTorch), or keeps floor(density * rows) (Lasagne)', () => {
    const s = w.sparse([100, 30], { sparsity: 0.25, std: 0.5, seed: 17 }).data;
    const d = w.sparse([100, 30], { density: 0.1, seed: 17 }).data;
    for (let c = 0; c < 30; c++) {
      let zs = 0;
      let zd = 0;
      for (let r = 0; r < 100; r++) {
        zs += s[r * 30 + c] === 0 ? 1 : 0;
        zd += d[r * 30 + c] === 0 ? 1 : 0;
      }
      expect(zs).toBe(25);
      expect(zd).toBe(90);
    }
    expect(() => w.sparse([10, 10], { sparsity: 1 })).toThrow(/sparsity must be a fraction of zeros in \[0, 1\)/);
    expect(() => w.sparse([10], { sparsity: 0.5 })).toThrow(/needs a 2-D shape/);
  });

  it('constants fill every element, also as biases', () => {
    expect([...w.zeros([3]).data]).toEqual([0, 0, 0]);
    expect([...w.ones([2], { dtype: 'float64' }).data]).toEqual([1, 1]);
    expect([...w.constant([2], { value: 0.1 }).data]).toEqual([Math.fround(0.1), Math.fround(0.1)]);
    expect(() => w.constant([2], {} as never)).toThrow(/option 'value' is required/);
  });

  it('has the Promise forms of the schemes', async () => {
    const a = await promises.heNormal([64, 64], { seed: 18 });
    expect(bytes(a.data).equals(bytes(w.heNormal([64, 64], { seed: 18 }).data))).toBe(true);
    const q = await promises.orthogonal([32, 32], { seed: 18 });
    expect(bytes(q.data).equals(bytes(w.orthogonal([32, 32], { seed: 18 }).data))).toBe(true);
  });
});
