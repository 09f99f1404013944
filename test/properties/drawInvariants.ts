// What a successful draw must satisfy, computed from the call alone: the
// shape and dtype asked for, the caller's `out` filled, no NaN, every value
// finite (requests that could overflow the dtype are refused), and the
// scheme's defining property (bounds, exact constants, orthogonality, ...).
import { expect } from 'vitest';

import * as w from '../../src/index.js';
import { below32, ceil32, floor32 } from '../../src/float32.js';
import { decodeBFloat16, decodeHalf, referenceBFloat16, referenceFloat16 } from '../helpers/halfReference.js';
import { bytes } from '../helpers/reference.js';
import { schemeOf, type DrawCall, type DType } from './drawCalls.js';
import { validShape } from './shapes.js';

const BYTES: Record<DType, number> = { float32: 4, float64: 8, float16: 2, bfloat16: 2 };
const ARRAY: Record<DType, Function> = { float32: Float32Array, float64: Float64Array, float16: Uint16Array, bfloat16: Uint16Array };

const isOwnArray = (out: ArrayBufferView, dtype: DType): boolean => out.constructor === ARRAY[dtype];

/** The float32 value x as the dtype stores it, decoded back to a number. */
export function asStored(x: number, dtype: DType): number {
  if (dtype === 'float16') return decodeHalf(referenceFloat16(Math.fround(x)));
  if (dtype === 'bfloat16') return decodeBFloat16(referenceBFloat16(Math.fround(x)));
  return Math.fround(x);
}

/** The tensor's values as numbers (half types decoded). */
export function valuesOf(t: w.Tensor): number[] {
  const data = Array.from(t.data as ArrayLike<number>);
  if (t.dtype === 'float16') return data.map(decodeHalf);
  if (t.dtype === 'bfloat16') return data.map(decodeBFloat16);
  return data;
}

/** The shape of rank's shard, split as torch.chunk splits (independently of src/region.ts). */
function shardShape(dims: number[], shard: Record<string, number>): number[] {
  const axis = (shard['axis'] ?? 0) < 0 ? shard['axis']! + dims.length : (shard['axis'] ?? 0);
  const n = dims[axis]!;
  const chunk = Math.ceil(n / shard['world']!);
  const start = Math.min(shard['rank']! * chunk, n);
  const end = Math.min(start + chunk, n);
  return dims.map((d, i) => (i === axis ? end - start : d));
}

const ownOptions = (c: DrawCall, o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.keys(schemeOf(c).own).filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));

function expectAll(values: number[], pass: (v: number, i: number) => boolean, what: string): void {
  const bad = values.findIndex((v, i) => !pass(v, i));
  if (bad >= 0) throw new Error(`${what}: element ${bad} is ${values[bad]}`);
}

export function expectValidDraw(c: DrawCall, t: w.Tensor): void {
  const shape = validShape(c.shape);
  expect(shape, 'a draw succeeded on an invalid shape').toBeDefined();
  const { dims, size } = shape!;
  const o = (c.options ?? {}) as Record<string, unknown>;
  const out = o['out'] as ArrayBufferView | undefined;
  const dtype = (o['dtype'] as DType | undefined) ?? (out instanceof Float64Array ? 'float64' : 'float32');
  expect(t.dtype).toBe(dtype);
  expect(t.data).toBeInstanceOf(ARRAY[dtype]);

  const outCount = out === undefined ? undefined : isOwnArray(out, dtype) ? (out as Float32Array).length : out.byteLength / BYTES[dtype];
  let expected = dims;
  if (o['shard'] !== undefined) expected = shardShape(dims, o['shard'] as Record<string, number>);
  else if (o['offset'] !== undefined) {
    const first = Number(o['offset']);
    const count = outCount ?? size - first;
    if (!(first === 0 && count === size)) expected = [count];
  }
  expect(t.shape).toEqual(expected);
  expect(t.data.length).toBe(expected.reduce((a, b) => a * b, 1) + 0);
  if (out !== undefined) {
    if (isOwnArray(out, dtype)) expect(t.data).toBe(out);
    else expect(bytes(out).equals(bytes(t.data))).toBe(true);
  }
  if (o['seed'] !== undefined) expect(t.seed).toBe(o['seed']);

  const values = valuesOf(t);
  expectAll(values, (v) => !Number.isNaN(v), `${c.scheme}: NaN in the data`);
  // Values given as they are (constants, gains) and spreads whose samples could overflow the dtype are refused.
  expectAll(values, Number.isFinite, `${c.scheme}: a non-finite value in the data`);
  expectSchemeProperty(c, o, values, dims, dtype);
}

function expectSchemeProperty(c: DrawCall, o: Record<string, unknown>, values: number[], dims: number[], dtype: DType): void {
  const name = c.scheme;
  if (name === 'zeros') return expectAll(values, (v) => Object.is(v, 0), 'zeros: not +0');
  if (name === 'ones') return expectAll(values, (v) => v === 1, 'ones: not 1');
  if (name === 'constant') {
    const want = asStored(o['value'] as number, dtype);
    return expectAll(values, (v) => Object.is(v, want), `constant: not ${want}`);
  }
  if (name === 'identity') {
    const [, cols] = dims as [number, number];
    const g = asStored((o['gain'] as number | undefined) ?? 1, dtype);
    return expectAll(values, (v, i) => v === (i % cols === Math.floor(i / cols) ? g : 0), 'identity: not gain on the diagonal, 0 elsewhere');
  }
  if (name === 'orthogonal') return expectOrthogonal(o, values, dims, dtype);
  if (name === 'deltaOrthogonal') return expectDeltaOrthogonal(o, values, dims, dtype);
  if (name === 'dirac') return expectDirac(o, values, dims, dtype);
  if (name === 'sparse') return expectSparse(o, values, dims);
  // The distribution schemes: within the bounds schemeDistribution gives, as the dtype stores them.
  const spec = w.schemeDistribution(name, dims, ownOptions(c, o));
  if (spec.distribution === 'uniform') {
    const [low, high] = [asStored(ceil32(spec.low), dtype), asStored(below32(spec.high), dtype)];
    expectAll(values, (v) => v >= low && v <= high, `${name}: outside [${spec.low}, ${spec.high})`);
    if (dtype === 'float32' || dtype === 'float64') expectAll(values, (v) => v < spec.high, `${name}: not below high ${spec.high}`);
  } else if (spec.distribution === 'truncatedNormal') {
    const [low, high] = [asStored(ceil32(spec.low), dtype), asStored(floor32(spec.high), dtype)];
    expectAll(values, (v) => v >= low && v <= high, `${name}: outside [${spec.low}, ${spec.high}]`);
  } else if (spec.std === 0) {
    const mean = asStored(spec.mean, dtype);
    expectAll(values, (v) => v === mean, `${name}: std 0 but not the mean ${mean}`);
  }
}

// Gains whose products neither underflow nor overflow the dtype, where Q^T Q = gain^2 I can be checked to a tolerance.
const CHECKABLE_GAIN: Record<DType, [number, number]> = { float32: [1e-10, 1e10], float64: [1e-10, 1e10], float16: [0.1, 100], bfloat16: [1e-10, 1e10] };
const GRAM_TOLERANCE: Record<DType, number> = { float32: 1e-3, float64: 1e-3, float16: 5e-3, bfloat16: 3e-2 };

function gainIfCheckable(o: Record<string, unknown>, dtype: DType): number | undefined {
  const g = (o['gain'] as number | undefined) ?? 1;
  const [low, high] = CHECKABLE_GAIN[dtype];
  return g >= low && g <= high ? g : undefined;
}

function expectOrthogonal(o: Record<string, unknown>, values: number[], dims: number[], dtype: DType): void {
  const g = gainIfCheckable(o, dtype);
  const size = values.length;
  if (g === undefined || size === 0) return;
  // PyTorch flattens to (shape[0], rest); Keras and JAX to (rest, shape[-1]).
  const rows = o['convention'] === 'pytorch' ? dims[0]! : size / dims[dims.length - 1]!;
  const cols = size / rows;
  const [n, along] = rows >= cols ? [cols, (k: number, i: number) => values[k * cols + i]!] : [rows, (k: number, i: number) => values[i * cols + k]!];
  const depth = rows >= cols ? rows : cols;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let dot = 0;
      for (let k = 0; k < depth; k++) dot += along(k, i) * along(k, j);
      const want = i === j ? g * g : 0;
      if (Math.abs(dot - want) > GRAM_TOLERANCE[dtype] * g * g) throw new Error(`orthogonal: (Q^T Q)[${i}][${j}] = ${dot}, expected ${want} (gain ${g}, ${rows} x ${cols})`);
    }
  }
}

function convAxes(o: Record<string, unknown>, dims: number[]): { inAxis: number; outAxis: number } {
  return o['convention'] === 'pytorch' ? { outAxis: 0, inAxis: 1 } : { outAxis: dims.length - 1, inAxis: dims.length - 2 };
}

function expectDeltaOrthogonal(o: Record<string, unknown>, values: number[], dims: number[], dtype: DType): void {
  const g = gainIfCheckable(o, dtype);
  if (g === undefined || values.length === 0) return;
  const { inAxis } = convAxes(o, dims);
  // The in x out centre matrix has orthonormal rows (in <= out) times gain: its squares sum to in * gain^2; all else is 0.
  const sum = values.reduce((s, v) => s + v * v, 0);
  const want = dims[inAxis]! * g * g;
  expect(Math.abs(sum - want)).toBeLessThanOrEqual(GRAM_TOLERANCE[dtype] * want + 1e-30);
}

function expectDirac(o: Record<string, unknown>, values: number[], dims: number[], dtype: DType): void {
  expectAll(values, (v) => v === 0 || v === asStored(1, dtype), 'dirac: not 0 or 1');
  if (values.length === 0) return;
  const { inAxis, outAxis } = convAxes(o, dims);
  const groups = (o['groups'] as number | undefined) ?? 1;
  const ones = values.filter((v) => v !== 0).length;
  expect(ones).toBe(groups * Math.min(dims[outAxis]! / groups, dims[inAxis]!));
}

function expectSparse(o: Record<string, unknown>, values: number[], dims: number[]): void {
  const [rows, cols] = dims as [number, number];
  const zeros = o['density'] !== undefined ? rows - Math.floor((o['density'] as number) * rows) : Math.ceil((o['sparsity'] as number) * rows);
  for (let col = 0; col < cols; col++) {
    let count = 0;
    for (let r = 0; r < rows; r++) if (values[r * cols + col] === 0) count++;
    if (count < zeros) throw new Error(`sparse: column ${col} has ${count} zeros, expected at least ${zeros}`);
  }
}
