// Fan-in and fan-out of a weight tensor for every layout the anchors use.
// The receptive field (product of the spatial dims) multiplies both: a 5x5
// kernel over 3 input channels has fan_in 3 * 25 = 75.
import { conventionOf, RULES, type Convention } from './conventions.js';
import { rangeError, typeError } from './errors.js';
import { checkOptions } from './validate.js';

/** Explicit axes, as JAX's in_axis / out_axis / batch_axis (negative counts from the end). */
export interface AxesLayout {
  inAxis: number;
  outAxis: number;
  batchAxis?: number | readonly number[];
}

/**
 * 'io' / 'hwio': [...spatial, in, out] (Keras Dense and Conv, TF.js; a dense [in, out] is the 2-D case).
 * 'oi' / 'oihw': [out, in, ...spatial] (PyTorch Linear and ConvNd).
 */
export type Layout = 'io' | 'hwio' | 'oi' | 'oihw' | AxesLayout;
const NAMED_LAYOUTS = ['io', 'hwio', 'oi', 'oihw'] as const;

export interface Fans {
  fanIn: number;
  fanOut: number;
  /** Product of the dims that are neither in, out nor batch axes. */
  receptiveField: number;
}

export interface FanOptions {
  layout?: Layout;
  convention?: Convention;
}

interface ResolvedAxes { inAxis: number; outAxis: number; batch: number[] }

function normalizeAxis(fn: string, name: string, axis: unknown, rank: number): number {
  if (typeof axis !== 'number') throw typeError(fn, name, 'an integer axis', axis);
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw rangeError(fn, name, `an axis in [${-rank}, ${rank - 1}] for a ${rank}-D shape`, axis);
  }
  return axis < 0 ? axis + rank : axis;
}

function resolveAxes(fn: string, layout: unknown, rank: number): ResolvedAxes {
  if (layout === 'io' || layout === 'hwio') return { inAxis: rank - 2, outAxis: rank - 1, batch: [] };
  if (layout === 'oi' || layout === 'oihw') return { inAxis: 1, outAxis: 0, batch: [] };
  if (layout === null || typeof layout !== 'object' || Array.isArray(layout)) {
    throw typeError(fn, 'layout', `one of ${NAMED_LAYOUTS.map((l) => `'${l}'`).join(', ')} or { inAxis, outAxis, batchAxis? }`, layout);
  }
  const o = checkOptions(`${fn} layout`, layout, ['inAxis', 'outAxis', 'batchAxis']);
  const inAxis = normalizeAxis(fn, 'layout.inAxis', o['inAxis'], rank);
  const outAxis = normalizeAxis(fn, 'layout.outAxis', o['outAxis'], rank);
  const rawBatch = o['batchAxis'] === undefined ? [] : typeof o['batchAxis'] === 'number' ? [o['batchAxis']] : o['batchAxis'];
  if (!Array.isArray(rawBatch)) throw typeError(fn, 'layout.batchAxis', 'an axis or an array of axes', o['batchAxis']);
  const batch = rawBatch.map((a: unknown, i: number) => normalizeAxis(fn, `layout.batchAxis[${i}]`, a, rank));
  const all = [inAxis, outAxis, ...batch];
  if (new Set(all).size !== all.length) throw new RangeError(`${fn}: layout axes must be distinct, got in ${inAxis}, out ${outAxis}, batch [${batch}]`);
  return { inAxis, outAxis, batch };
}

/** Fans of `dims` under a layout and convention (already validated shape). */
export function fansOf(fn: string, dims: readonly number[], layout: unknown, convention: Convention): Fans {
  const rules = RULES[convention];
  if (dims.length < 2) {
    if (rules.fansOfVectors) {
      const n = dims.length === 0 ? 1 : dims[0]!;
      return { fanIn: n, fanOut: n, receptiveField: 1 };
    }
    throw new RangeError(
      `${fn}: fan_in and fan_out need a shape of at least 2 dims, got [${dims.join(', ')}]; ` +
        `pass a weight shape such as [in, out] (or convention: 'keras', which takes fan = shape[0] for a vector)`,
    );
  }
  const axes = resolveAxes(fn, layout ?? rules.defaultLayout, dims.length);
  let receptiveField = 1;
  dims.forEach((d, i) => {
    if (i !== axes.inAxis && i !== axes.outAxis && !axes.batch.includes(i)) receptiveField *= d;
  });
  return { fanIn: dims[axes.inAxis]! * receptiveField, fanOut: dims[axes.outAxis]! * receptiveField, receptiveField };
}

export function layoutAndConvention(fn: string, o: Record<string, unknown>): { layout: unknown; convention: Convention } {
  return { layout: o['layout'], convention: conventionOf(fn, o['convention']) };
}
