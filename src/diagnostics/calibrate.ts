// LSUV (Mishkin & Matas 2015, "All you need is a good init"): orthogonal
// pre-initialization, then, layer by layer from the input, rescale the
// weights until the layer's pre-activation variance on the batch is 1 within
// a tolerance.
import { kernels } from '../backend.js';
import { rangeError, typeError } from '../errors.js';
import { orthogonalScheme } from '../schemes/orthogonal.js';
import { finiteNumber } from '../validate.js';
import { drawNetwork } from './drawNetwork.js';
import type { DiagnoseOptions } from './diagnose.js';
import { layersOf, type Layer, type NetworkSpec } from './network.js';
import { STAT, STATS_FIELDS } from './networkPass.js';
import { prepareDiagnosis, passOf } from './diagnose.js';

export interface CalibrateOptions extends DiagnoseOptions {
  /** Accept a layer when |Var(h) - 1| <= tolerance (default 0.1). */
  tolerance?: number;
  /** Rescales per layer at most (default 10). */
  maxIterations?: number;
}

export interface CalibratedLayer {
  layer: number;
  /** in x out, row-major (h = x W + b): the calibrated weights. */
  weights: Float32Array;
  bias?: Float32Array;
  /** The product of the factors applied to the orthogonal weights. */
  scale: number;
  rescales: number;
  /** The layer's pre-activation variance on the batch after calibration. */
  variance: number;
}

export interface Calibration {
  seed: number | bigint;
  tolerance: number;
  /** Every layer ended within the tolerance. */
  converged: boolean;
  layers: CalibratedLayer[];
}

/** Pre-activation variance of layer `l` (0-based) after a pass through layers 0..l. */
function varianceAt(p: ReturnType<typeof prepareDiagnosis>, drawn: ReturnType<typeof drawNetwork>, l: number): number {
  const prefix = { ...p, layers: p.layers.slice(0, l + 1) };
  const gradient = new Float32Array(p.batch * p.layers[l]!.out);
  const stats = kernels().networkStats(passOf(prefix, { ...drawn, layers: drawn.layers.slice(0, l + 1), outputGradient: gradient }), p.threads);
  const n = p.batch * p.layers[l]!.out;
  if (stats[l * STATS_FIELDS + STAT.OVERFLOW] !== 0) return Infinity;
  const mean = stats[l * STATS_FIELDS + STAT.H_SUM]! / n;
  return stats[l * STATS_FIELDS + STAT.H_SUM_SQUARES]! / n - mean * mean;
}

/**
 * LSUV calibration of a dense network: its layers' widths, activations and
 * biases as given, weights orthogonal and then rescaled so every layer's
 * pre-activation variance on the batch is 1 (within `tolerance`).
 * @example calibrate({ depth: 30, width: 256, activation: 'relu', init: 'orthogonal' }, { seed: 1 }).layers[29].variance // ~1
 */
export function calibrate(network: NetworkSpec, options?: CalibrateOptions): Calibration {
  const fn = 'calibrate';
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) throw typeError(fn, 'options', 'an object', options);
  const { tolerance: rawTolerance, maxIterations: rawIterations, ...rest } = (options ?? {}) as CalibrateOptions;
  const tolerance = finiteNumber(fn, 'tolerance', rawTolerance, 0.1);
  if (!(tolerance > 0 && tolerance < 1)) throw rangeError(fn, 'tolerance', 'a number in (0, 1)', tolerance);
  const maxIterations = rawIterations ?? 10;
  if (typeof maxIterations !== 'number') throw typeError(fn, 'maxIterations', 'a positive integer', maxIterations);
  if (!Number.isSafeInteger(maxIterations) || maxIterations < 1) throw rangeError(fn, 'maxIterations', 'a positive integer', maxIterations);
  const orthogonal = { scheme: orthogonalScheme, options: {}, description: 'orthogonal (LSUV pre-init)' };
  const layers: Layer[] = layersOf(fn, network).map((layer) => ({ ...layer, weights: orthogonal }));
  const p = prepareDiagnosis(fn, layers, rest);
  const drawn = drawNetwork(p.layers, p.batch, p.input, p.key, p.threads);
  const result = p.layers.map((_, l): CalibratedLayer => {
    const weights = drawn.layers[l]!.weights;
    let scale = 1;
    let rescales = 0;
    let variance = varianceAt(p, drawn, l);
    while (Math.abs(variance - 1) > tolerance && rescales < maxIterations && variance > 0 && Number.isFinite(variance)) {
      const factor = 1 / Math.sqrt(variance);
      for (let i = 0; i < weights.length; i++) weights[i] = weights[i]! * factor;
      scale *= factor;
      rescales++;
      variance = varianceAt(p, drawn, l);
    }
    return { layer: l + 1, weights, ...(drawn.layers[l]!.bias ? { bias: drawn.layers[l]!.bias! } : {}), scale, rescales, variance };
  });
  return { seed: p.seed, tolerance, converged: result.every((r) => Math.abs(r.variance - 1) <= tolerance), layers: result };
}
