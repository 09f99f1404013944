// Exact float32 helpers for turning user parameters (JS doubles) into the
// float32 values the kernels compute with.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export const fround = Math.fround;

/** The next float32 above a finite float32 x. */
export function nextUp32(x: number): number {
  if (x === 0) return 2 ** -149;
  f32[0] = x;
  u32[0] += x > 0 ? 1 : -1;
  return f32[0]!;
}

/** The next float32 below a finite float32 x. */
export function nextDown32(x: number): number {
  return -nextUp32(-x);
}

/** The smallest float32 >= x. */
export function ceil32(x: number): number {
  const r = fround(x);
  return r < x ? nextUp32(r) : r;
}

/** The largest float32 <= x. */
export function floor32(x: number): number {
  const r = fround(x);
  return r > x ? nextDown32(r) : r;
}

/** The largest float32 < x. */
export function below32(x: number): number {
  const r = floor32(x);
  return r === x ? nextDown32(r) : r;
}

/** float32 x with -0 turned into +0, so max/min ties cannot depend on the sign of zero. */
export function positiveZero32(x: number): number {
  return fround(x) + 0;
}
