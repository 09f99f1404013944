// The TypeScript twin of native/orthogonalize.cc: Q of a Householder QR with
// the signs of diag(R) folded in (Mezzadri 2007), so the result is
// Haar-distributed. Same reflectors as the native code (LAPACK's slarfg: beta
// = -sign(x0) ||x||), but each applied on its own rather than in compact-WY
// blocks, and in float64 throughout: this is the accurate reference the
// float32 native kernel is measured against.

/** Column-major m x n float64 matrix, m >= n, with its reflectors' scalars. */
interface Work {
  w: Float64Array;
  m: number;
  n: number;
  tau: Float64Array;
  sign: Float64Array;
}

// Makes column k's reflector below the diagonal: w(k+1:, k) becomes v(1:),
// w(k, k) becomes beta, and tau and sign(beta) are recorded.
function makeReflector({ w, m, tau, sign }: Work, k: number): void {
  const base = k * m;
  let tail = 0;
  for (let i = base + k + 1; i < base + m; i++) tail += w[i]! * w[i]!;
  const alpha = w[base + k]!;
  if (tail === 0) {
    tau[k] = 0; // H = I and beta = alpha
  } else {
    const norm = Math.sqrt(alpha * alpha + tail);
    const beta = alpha < 0 || Object.is(alpha, -0) ? norm : -norm; // -copysign(norm, alpha)
    const scale = 1 / (alpha - beta);
    for (let i = base + k + 1; i < base + m; i++) w[i]! *= scale;
    w[base + k] = beta;
    tau[k] = (beta - alpha) / beta;
  }
  sign[k] = w[base + k]! < 0 ? -1 : 1;
}

// Applies H_k = I - tau v v^T (v in column k from row k, v(k) = 1) to rows
// k.. of columns [c0, c1). Four columns share each pass over v: their dot
// products are four independent chains, which a single chain of dependent
// adds is not (it would leave the FPU idle).
function reflect({ w, m, tau }: Work, k: number, c0: number, c1: number): void {
  const v = k * m;
  const t = tau[k]!;
  let c = c0;
  for (; c + 4 <= c1; c += 4) {
    const y0 = c * m, y1 = y0 + m, y2 = y1 + m, y3 = y2 + m;
    let s0 = w[y0 + k]!, s1 = w[y1 + k]!, s2 = w[y2 + k]!, s3 = w[y3 + k]!;
    for (let i = k + 1; i < m; i++) {
      const x = w[v + i]!;
      s0 += x * w[y0 + i]!;
      s1 += x * w[y1 + i]!;
      s2 += x * w[y2 + i]!;
      s3 += x * w[y3 + i]!;
    }
    s0 *= t; s1 *= t; s2 *= t; s3 *= t;
    w[y0 + k]! -= s0; w[y1 + k]! -= s1; w[y2 + k]! -= s2; w[y3 + k]! -= s3;
    for (let i = k + 1; i < m; i++) {
      const x = w[v + i]!;
      w[y0 + i]! -= s0 * x;
      w[y1 + i]! -= s1 * x;
      w[y2 + i]! -= s2 * x;
      w[y3 + i]! -= s3 * x;
    }
  }
  for (; c < c1; c++) {
    const y = c * m;
    let s = w[y + k]!;
    for (let i = k + 1; i < m; i++) s += w[v + i]! * w[y + i]!;
    s *= t;
    w[y + k]! -= s;
    for (let i = k + 1; i < m; i++) w[y + i]! -= s * w[v + i]!;
  }
}

// Reflectors per panel. The columns right of a panel take its reflectors
// four columns at a time, while those columns are in cache; each column still
// gets the reflectors one at a time in LAPACK's order (sgeqr2, then sorg2r
// backwards), so the panels change the speed and not one bit.
const PANEL = 32;

// Floating-point operations between two yields of the async form: a few
// milliseconds of work.
const SLICE = 1 << 23;

/** Adds up work; true when a slice is complete and the event loop should run. */
function pacer(): (flops: number) => boolean {
  let since = 0;
  return (flops) => {
    since += flops;
    if (since < SLICE) return false;
    since = 0;
    return true;
  };
}

/** The QR steps, yielding after each slice of work so an async caller can let the event loop run. */
function* householderQ(work: Work): Generator<void, void, void> {
  const { w, m, n, tau } = work;
  const due = pacer();
  for (let p0 = 0; p0 < n; p0 += PANEL) {
    const p1 = Math.min(n, p0 + PANEL);
    for (let k = p0; k < p1; k++) {
      makeReflector(work, k);
      if (tau[k] !== 0) reflect(work, k, k + 1, p1);
      if (due(4 * (p1 - k) * (m - k))) yield;
    }
    for (let c = p1; c < n; c += 4) {
      const c1 = Math.min(n, c + 4);
      for (let k = p0; k < p1; k++) if (tau[k] !== 0) reflect(work, k, c, c1);
      if (due(4 * (c1 - c) * (p1 - p0) * (m - p0))) yield;
    }
  }
  // Q = H_0 ... H_{n-1} [I; 0], backwards: column k starts as e_k once the
  // later reflectors are applied to the later columns, whose rows above the
  // diagonal are zero by then.
  for (let p0 = Math.floor((n - 1) / PANEL) * PANEL; p0 >= 0; p0 -= PANEL) {
    const p1 = Math.min(n, p0 + PANEL);
    for (let c = p1; c < n; c += 4) {
      const c1 = Math.min(n, c + 4);
      for (let k = p1 - 1; k >= p0; k--) reflect(work, k, c, c1);
      if (due(4 * (c1 - c) * (p1 - p0) * (m - p0))) yield;
    }
    for (let k = p1 - 1; k >= p0; k--) {
      reflect(work, k, k + 1, p1);
      const base = k * m;
      for (let i = 0; i < k; i++) w[base + i] = 0;
      w[base + k] = 1 - tau[k]!;
      for (let i = k + 1; i < m; i++) w[base + i] = -tau[k]! * w[base + i]!;
      if (due(4 * (p1 - k) * (m - k))) yield;
    }
  }
}

/**
 * Steps that replace the row-major rows x cols `a` with Q diag(sign(diag R)):
 * of A = QR when rows >= cols (orthonormal columns), else of A^T = QR stored
 * transposed (orthonormal rows).
 */
function* orthogonalizeSteps(a: Float32Array, rows: number, cols: number): Generator<void, void, void> {
  if (rows === 0 || cols === 0) return;
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const n = tall ? cols : rows;
  // A row-major rows x cols array read as column-major is A^T: the wide case
  // needs no transpose.
  const w = new Float64Array(m * n);
  if (tall) {
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) w[i + j * m] = a[i * cols + j]!;
  } else {
    w.set(a);
  }
  const work: Work = { w, m, n, tau: new Float64Array(n), sign: new Float64Array(n) };
  yield* householderQ(work);
  const { sign } = work;
  if (tall) {
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) a[i * cols + j] = w[i + j * m]! * sign[j]!;
  } else {
    for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) a[i + j * m] = w[i + j * m]! * sign[j]!;
  }
}

export function orthogonalize(a: Float32Array, rows: number, cols: number): void {
  const steps = orthogonalizeSteps(a, rows, cols);
  while (!steps.next().done);
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The same, letting the event loop run between slices of the work. */
export async function orthogonalizeAsync(a: Float32Array, rows: number, cols: number): Promise<void> {
  const steps = orthogonalizeSteps(a, rows, cols);
  while (!steps.next().done) await yieldToEventLoop();
}
