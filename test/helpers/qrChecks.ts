// What makes Q the orthogonal factor of A, measured in float64. For a tall
// result (rows >= cols) the n = cols columns of Q must be orthonormal and
// R = Q^T A upper triangular with A = QR; for a wide one the n = rows rows of
// Q, with A^T = Q^T R. Both are "n vectors q_i and n vectors a_j of length m".

/** The n vectors of length m that a rows x cols row-major matrix contributes: columns when tall, rows when wide. */
export function vectorsOf(x: Float32Array, rows: number, cols: number): Float64Array[] {
  const tall = rows >= cols;
  const n = tall ? cols : rows;
  const m = tall ? rows : cols;
  return Array.from({ length: n }, (_, j) => {
    const v = new Float64Array(m);
    for (let i = 0; i < m; i++) v[i] = tall ? x[i * cols + j]! : x[j * cols + i]!;
    return v;
  });
}

// Four independent sums keep V8's float pipeline busy on the big shapes.
function dot(x: Float64Array, y: Float64Array): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let i = 0;
  for (; i + 4 <= x.length; i += 4) {
    s0 += x[i]! * y[i]!;
    s1 += x[i + 1]! * y[i + 1]!;
    s2 += x[i + 2]! * y[i + 2]!;
    s3 += x[i + 3]! * y[i + 3]!;
  }
  for (; i < x.length; i++) s0 += x[i]! * y[i]!;
  return s0 + s1 + s2 + s3;
}

/** max |q_i . q_j - delta_ij| = ||Q^T Q - I||max. */
export function orthonormalityError(q: Float64Array[]): number {
  let worst = 0;
  for (let i = 0; i < q.length; i++) {
    for (let j = 0; j <= i; j++) worst = Math.max(worst, Math.abs(dot(q[i]!, q[j]!) - (i === j ? 1 : 0)));
  }
  return worst;
}

export interface Triangular {
  /** max |R(i, j)| below the diagonal over ||A||max. */
  belowDiagonal: number;
  minDiagonal: number;
  /** ||Q triu(R) - A||max over ||A||max. */
  residual: number;
}

/** R = Q^T A, and how close it is to the triangular factor of A = QR. */
export function triangularFactor(q: Float64Array[], a: Float64Array[]): Triangular {
  const n = q.length;
  const m = n === 0 ? 0 : q[0]!.length;
  let aMax = 0;
  for (const v of a) for (const x of v) aMax = Math.max(aMax, Math.abs(x));
  let belowDiagonal = 0;
  let minDiagonal = Infinity;
  let residual = 0;
  const qr = new Float64Array(m);
  for (let j = 0; j < n; j++) {
    qr.fill(0);
    for (let i = 0; i < n; i++) {
      const r = dot(q[i]!, a[j]!);
      if (i > j) belowDiagonal = Math.max(belowDiagonal, Math.abs(r));
      if (i === j) minDiagonal = Math.min(minDiagonal, r);
      if (i <= j) for (let k = 0; k < m; k++) qr[k]! += r * q[i]![k]!;
    }
    for (let k = 0; k < m; k++) residual = Math.max(residual, Math.abs(qr[k]! - a[j]![k]!));
  }
  return { belowDiagonal: belowDiagonal / aMax, minDiagonal, residual: residual / aMax };
}
