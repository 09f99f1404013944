// Mean-field prediction for a finite stack of dense layers (Poole et al. 2016;
// Schoenholz et al. 2017): the second moment of every layer's pre-activations,
// outputs and gradients in the limit of infinite width. docs/DIAGNOSTICS.md
// defines each quantity; in short, with h_l = W_l x_{l-1} + b_l, x_l = phi(h_l)
// and z ~ N(0, 1):
//
//   q_1 = sigma_w^2 q_0 + sigma_b^2                 (the raw input, not phi of it)
//   q_l = sigma_w^2 E[phi(sqrt(q_{l-1}) z)^2] + sigma_b^2
//   chi_l = sigma_w'^2 E[phi'(sqrt(q_l) z)^2]       (sigma_w'^2 = fan_out Var(W))
//   g_L = 1, g_{l-1} = chi_l g_l                    (g_l: gradient w.r.t. x_l)
//
// Everything is carried as logarithms, so no depth overflows; the plain
// numbers saturate at Number.MAX_VALUE and the log10 fields stay exact. A
// zero-initialized layer (sigma_w^2 = 0, no bias) makes a second moment exactly
// 0: ln -Infinity inside, 0 in the plain field and null in the log10 one.
import { checkOptions } from '../validate.js';
import { typeError } from '../errors.js';
import { gaussianMomentsOf, type GaussianMoments } from './gaussianMoments.js';
import { checkLayer, logAddExp, positiveNumber, type CheckedLayer, type MeanFieldNetworkLayer } from './meanFieldInput.js';
import { verdictFromLogFactors, type SignalVerdict } from './verdict.js';

/** Options of `meanFieldPropagation`. */
export interface MeanFieldPropagationOptions {
  /** q_0 = E[x_0^2], the input's second moment per component; default 1 (N(0, 1) inputs). */
  inputSecondMoment?: number;
}

/** What mean-field theory predicts for layer l (1-based). */
export interface MeanFieldLayerPrediction {
  readonly layer: number;
  /** q_l = E[h_l^2], the pre-activation second moment. */
  readonly preActivationSecondMoment: number;
  /** E[x_l^2] = E[phi(h_l)^2], the second moment of the layer's output. */
  readonly outputSecondMoment: number;
  /** E[x_l] = E[phi(h_l)] (0 for odd activations and for SELU at q = 1). */
  readonly outputMean: number;
  /** chi_l = fan_out Var(W_l) E[phi'(h_l)^2]: g_{l-1} = chi_l g_l. */
  readonly chi: number;
  /** g_l = E[(dLoss/dx_l)^2] when the network's output gradient has E[(dLoss/dx_L)^2] = 1. */
  readonly gradientSecondMoment: number;
  /** log10 q_l, exact beyond double range; null when q_l is exactly 0 (zero weights, no bias). */
  readonly log10PreActivationSecondMoment: number | null;
  /** log10 E[x_l^2]; null when it is exactly 0. */
  readonly log10OutputSecondMoment: number | null;
  /** log10 g_l; null when it is exactly 0 (a zero-initialized layer above passes no gradient). */
  readonly log10GradientSecondMoment: number | null;
}

/** The first layer whose typical value (root mean square) leaves float32's normal range; null if none. */
export interface Float32Range {
  /** Forward: the first layer l whose pre-activation rms sqrt(q_l) exceeds 3.4028235e38. */
  readonly forwardOverflowLayer: number | null;
  /** Forward: the first layer whose pre-activation rms falls below 1.1754944e-38 (subnormal, then 0). */
  readonly forwardUnderflowLayer: number | null;
  /** Backward, from the output down to 0 (the input): the first l whose gradient rms sqrt(g_l) exceeds float32's largest value. */
  readonly backwardOverflowLayer: number | null;
  /** Backward: the first l (from the output) whose gradient rms falls below float32's smallest normal value. */
  readonly backwardUnderflowLayer: number | null;
}

/** The mean-field prediction for a network. */
export interface MeanFieldPrediction {
  readonly layers: readonly MeanFieldLayerPrediction[];
  /** g_0 = E[(dLoss/dx_0)^2], the gradient reaching the input. */
  readonly inputGradientSecondMoment: number;
  /** log10 g_0; null when g_0 is exactly 0. */
  readonly log10InputGradientSecondMoment: number | null;
  /** The verdict on the outputs' second moments E[x_l^2], with E[x_0^2] = q_0 as reference. */
  readonly forward: SignalVerdict;
  /** The verdict on the gradients, from the factors chi_1, ..., chi_L (layer 1 first). */
  readonly backward: SignalVerdict;
  readonly float32: Float32Range;
}

const FN = 'meanFieldPropagation';
const LN_FLOAT32_MAX = Math.log(3.4028234663852886e38);
const LN_FLOAT32_MIN_NORMAL = Math.log(1.1754943508222875e-38);

/**
 * The mean-field (infinite-width) prediction for a stack of dense layers
 * h_l = W_l x_{l-1} + b_l, x_l = phi(h_l): per layer the pre-activation second
 * moment q_l, the output's second moment and mean, chi_l and the gradient's
 * second moment for a unit output gradient; and the forward and backward
 * verdicts. Each layer gives its activation (and leaky_relu's slope or elu's
 * alpha as `param`, at most float32's largest value in magnitude),
 * sigma_w^2 = fan_in Var(W) (`weightVariance`, >= 0: 0 is a zero-initialized
 * layer, whose output is phi(b)), sigma_b^2 (`biasVariance`, default 0) and,
 * for a non-square layer, fan_out Var(W) (`backwardWeightVariance`).
 * @example
 * const p = meanFieldPropagation(Array(50).fill({ activation: 'relu', weightVariance: 1 }));
 * p.layers[49].outputSecondMoment;   // 2^-50 = 8.9e-16
 * p.forward.verdict;                 // 'vanishing' (meanFactor 0.5, trend 'exponential')
 */
export function meanFieldPropagation(
  layers: readonly MeanFieldNetworkLayer[],
  options?: MeanFieldPropagationOptions,
): MeanFieldPrediction {
  if (!Array.isArray(layers)) throw typeError(FN, 'layers', 'an array of { activation, weightVariance, ... }', layers);
  if (layers.length === 0) throw new RangeError(`${FN}: layers must hold at least one layer, got an empty array`);
  const checked = Array.from(layers, (layer, i) => checkLayer(FN, `layers[${i}]`, layer, true));
  const opts = checkOptions(FN, options, ['inputSecondMoment']);
  const lnInput = Math.log(positiveNumber(FN, 'options.inputSecondMoment', opts['inputSecondMoment'], 1));

  const momentsOf = momentCache();
  const lnQ: number[] = [];
  const moments: GaussianMoments[] = [];
  let lnPrevious = lnInput; // ln E[x_{l-1}^2]
  for (const layer of checked) {
    const u = logAddExp(layer.lnWeightVariance + lnPrevious, layer.lnBiasVariance);
    const m = momentsOf(layer)(u);
    lnQ.push(u);
    moments.push(m);
    lnPrevious = m.lnMeanSquare;
  }
  const lnChi = checked.map((layer, i) => layer.lnBackwardWeightVariance + moments[i]!.lnSlopeSquare);
  // lnGradient[l] = ln g_l for l = 0..L; g_L = 1.
  const depth = checked.length;
  const lnGradient = new Array<number>(depth + 1);
  lnGradient[depth] = 0;
  for (let l = depth; l >= 1; l--) lnGradient[l - 1] = lnGradient[l]! + lnChi[l - 1]!;

  const predictions = moments.map((m, i): MeanFieldLayerPrediction => ({
    layer: i + 1,
    preActivationSecondMoment: saturatedExp(lnQ[i]!),
    outputSecondMoment: saturatedExp(m.lnMeanSquare),
    outputMean: m.normalizedMean * saturatedExp(0.5 * m.lnMeanSquare),
    chi: saturatedExp(lnChi[i]!),
    gradientSecondMoment: saturatedExp(lnGradient[i + 1]!),
    log10PreActivationSecondMoment: log10Of(lnQ[i]!),
    log10OutputSecondMoment: log10Of(m.lnMeanSquare),
    log10GradientSecondMoment: log10Of(lnGradient[i + 1]!),
  }));
  const forwardFactors = moments.map((m, i) => m.lnMeanSquare - (i === 0 ? lnInput : moments[i - 1]!.lnMeanSquare));
  const forwardRms = lnQ.map((u, i) => ({ layer: i + 1, lnRms: 0.5 * u }));
  const backwardRms = lnGradient.map((g, l) => ({ layer: l, lnRms: 0.5 * g })).reverse();
  return {
    layers: predictions,
    inputGradientSecondMoment: saturatedExp(lnGradient[0]!),
    log10InputGradientSecondMoment: log10Of(lnGradient[0]!),
    forward: verdictFromLogFactors(forwardFactors),
    backward: verdictFromLogFactors(lnChi),
    float32: {
      forwardOverflowLayer: firstLayer(forwardRms, (lnRms) => lnRms > LN_FLOAT32_MAX),
      forwardUnderflowLayer: firstLayer(forwardRms, (lnRms) => lnRms < LN_FLOAT32_MIN_NORMAL),
      backwardOverflowLayer: firstLayer(backwardRms, (lnRms) => lnRms > LN_FLOAT32_MAX),
      backwardUnderflowLayer: firstLayer(backwardRms, (lnRms) => lnRms < LN_FLOAT32_MIN_NORMAL),
    },
  };
}

/** One moments function per distinct activation, so each computes its edge moments once. */
function momentCache(): (layer: CheckedLayer) => (lnQ: number) => GaussianMoments {
  const cache = new Map<string, (lnQ: number) => GaussianMoments>();
  return (layer) => {
    let f = cache.get(layer.named.key);
    if (!f) cache.set(layer.named.key, (f = gaussianMomentsOf(layer.named.activation)));
    return f;
  };
}

/** log10 e^x; null for e^x = 0 exactly, whose log10 no JSON number holds. */
function log10Of(x: number): number | null {
  return x === -Infinity ? null : x / Math.LN10;
}

/** e^x, saturating at Number.MAX_VALUE instead of overflowing to Infinity. */
function saturatedExp(x: number): number {
  return Math.min(Math.exp(x), Number.MAX_VALUE);
}

function firstLayer(rms: readonly { layer: number; lnRms: number }[], outside: (lnRms: number) => boolean): number | null {
  return rms.find((r) => outside(r.lnRms))?.layer ?? null;
}
