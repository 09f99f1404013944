// Turns the pass statistics into the per-layer report: empirical values
// beside the mean-field prediction for the network's own weight and bias
// variances, the verdicts and the fix.
import { criticalWeightVariance } from './criticalWeightVariance.js';
import { meanFieldPropagation, type MeanFieldLayerPrediction } from './meanField.js';
import type { DrawnNetwork } from './drawNetwork.js';
import type { Layer } from './network.js';
import { STAT, STATS_FIELDS, statsInputRow } from './networkPass.js';
import { verdictFromLogFactors, type SignalVerdict } from './verdict.js';

/** What one layer did on the batch. Second moments are over units x batch; variances subtract the mean. */
export interface EmpiricalLayer {
  preActivationMean: number;
  preActivationVariance: number;
  /** E[h^2]: what the mean-field q predicts. */
  preActivationSecondMoment: number;
  outputMean: number;
  outputVariance: number;
  outputSecondMoment: number;
  /** The mean over units of each unit's variance across the batch; falls as inputs correlate with depth. */
  outputUnitVariance: number;
  /** Fraction of outputs exactly 0 (dead ReLU units). */
  deadFraction: number;
  /** Fraction of tanh/sigmoid outputs within 1% of their bound. */
  saturatedFraction: number;
  /** E[g^2] of the gradient with respect to the layer's output, for a unit-variance output gradient; null if it overflowed. */
  gradientSecondMoment: number | null;
  gradientVariance: number | null;
  /** outputSecondMoment over the previous layer's (the input's for layer 1); null when that is 0/0 (all units dead). */
  forwardGrowth: number | null;
  /** gradientSecondMoment of the layer below (the input's for layer 1) over this layer's; null if either overflowed or both are 0. */
  backwardGrowth: number | null;
}

export interface LayerReport {
  layer: number;
  in: number;
  out: number;
  activation: string;
  weights: string;
  /** sigma_w^2 = fan_in E[W^2] of the drawn weights. */
  weightVariance: number;
  /** sigma_b^2 = E[b^2] of the drawn bias (0 without). */
  biasVariance: number;
  /** null from the layer where float32 overflowed on. */
  empirical: EmpiricalLayer | null;
  meanField: Omit<MeanFieldLayerPrediction, 'layer'>;
}

export interface Verdicts {
  /** Measured on the batch (up to an overflow, if any). */
  forward: SignalVerdict;
  backward: SignalVerdict;
  /** Predicted by mean-field theory for the same variances. */
  meanFieldForward: SignalVerdict;
  meanFieldBackward: SignalVerdict;
  /** The first layer whose forward values left float32 (inf or NaN), or whose gradients did; null if none. */
  overflowLayer: number | null;
  gradientOverflowLayer: number | null;
}

export interface Fix {
  activation: string;
  /** sigma_w^2 = fan_in Var(W) that makes the network critical (chi = 1) at its bias variance. */
  weightVariance: number;
  /** sqrt(weightVariance): the gain of a fan-in variance-scaling init. */
  gain: number;
  /** The weight std for the network's hidden fan-in. */
  std: number;
  fanIn: number;
  /** The init spec that applies it. */
  init: { scheme: 'varianceScaling'; scale: number; mode: 'fanIn'; distribution: 'normal' };
}

/**
 * The critical init, or why there is none: for some activations (SiLU; GELU
 * and mish with little bias) chi jumps across 1 as sigma_w^2 grows, so no
 * weight variance is exactly critical.
 */
function fixFor(activation: string, hidden: Layer, biasVariance: number): Fix | { activation: string; none: string } {
  try {
    const critical = criticalWeightVariance(hidden.activation, { biasVariance, ...(hidden.activation === 'leaky_relu' || hidden.activation === 'elu' ? { param: hidden.param } : {}) });
    return {
      activation,
      weightVariance: critical.weightVariance,
      gain: critical.gain,
      std: Math.sqrt(critical.weightVariance / hidden.in),
      fanIn: hidden.in,
      init: { scheme: 'varianceScaling', scale: critical.weightVariance, mode: 'fanIn', distribution: 'normal' },
    };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { activation, none: error.message };
  }
}

export interface Diagnosis {
  backend: { kind: string; simd: string };
  seed: number | bigint;
  batch: number;
  depth: number;
  input: { secondMoment: number; gradientSecondMoment: number | null };
  layers: LayerReport[];
  verdict: Verdicts;
  /** The critical init, or (`none`) why the activation has none at this bias variance. */
  fix: Fix | { activation: string; none: string };
  /** One line: the verdict and the fix, for people. */
  summary: string;
}

function meanSquare(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return a.length === 0 ? 0 : s / a.length;
}

function ratioOrNull(a: number, b: number): number | null {
  const r = a / b;
  return Number.isFinite(r) ? r : null;
}

// A per-layer ratio sequence, cut where a value overflowed (Infinity), or
// after the layer where it reached exactly 0 (the verdict judges that factor
// of 0 as a vanished signal): the verdict of what was measured, and the layer
// where it stopped. When float32 overflowed before a single factor could be
// measured (e.g. every gradient of a net whose forward pass overflowed), there
// is no measurement to judge: the mean-field verdict stands in, and the
// overflow layers say why.
function measuredVerdict(secondMoments: number[], meanField: SignalVerdict): SignalVerdict {
  const logs: number[] = [];
  for (let i = 1; i < secondMoments.length; i++) {
    const f = Math.log(secondMoments[i]!) - Math.log(secondMoments[i - 1]!);
    if (!(f < Infinity)) break;
    logs.push(f);
    if (f === -Infinity) break;
  }
  if (logs.length === 0) return secondMoments.every(Number.isFinite) ? verdictFromLogFactors([0]) : meanField;
  return verdictFromLogFactors(logs);
}

export function buildReport(
  layers: Layer[],
  drawn: DrawnNetwork,
  stats: Float64Array,
  batch: number,
  header: Pick<Diagnosis, 'backend' | 'seed'>,
): Diagnosis {
  const depth = layers.length;
  const variances = layers.map((layer, l) => {
    const w2 = meanSquare(drawn.layers[l]!.weights);
    return { weightVariance: layer.in * w2, backwardWeightVariance: layer.out * w2, biasVariance: drawn.layers[l]!.bias ? meanSquare(drawn.layers[l]!.bias!) : 0 };
  });
  const inputSecondMoment = meanSquare(drawn.input);
  const prediction = meanFieldPropagation(
    layers.map((layer, l) => ({ activation: layer.activation, ...(layer.activation === 'leaky_relu' || layer.activation === 'elu' ? { param: layer.param } : {}), ...variances[l]! })),
    { inputSecondMoment },
  );
  const row = (r: number, field: number) => stats[r * STATS_FIELDS + field]!;
  const inputRow = statsInputRow(depth);
  const overflowAt = layers.findIndex((_, l) => row(l, STAT.OVERFLOW) !== 0);
  const gradientOverflowAt = [...layers.keys()].reverse().find((l) => row(l, STAT.GRADIENT_OVERFLOW) !== 0);
  const inputGradientOk = row(inputRow, STAT.GRADIENT_OVERFLOW) === 0;
  const gradientOf = (r: number) => row(r, STAT.G_SUM_SQUARES) / (batch * (r === inputRow ? layers[0]!.in : layers[r]!.out));

  const reports: LayerReport[] = layers.map((layer, l) => {
    const n = batch * layer.out;
    const { layer: _, ...meanField } = prediction.layers[l]!;
    const base = { layer: l + 1, in: layer.in, out: layer.out, activation: layer.activation === 'leaky_relu' || layer.activation === 'elu' ? `${layer.activation}(${layer.param})` : layer.activation, weights: layer.weights.description, ...variances[l]!, meanField };
    delete (base as Partial<typeof base>).backwardWeightVariance;
    if (row(l, STAT.OVERFLOW) !== 0) return { ...base, empirical: null };
    const preMean = row(l, STAT.H_SUM) / n;
    const preSecond = row(l, STAT.H_SUM_SQUARES) / n;
    const outMean = row(l, STAT.X_SUM) / n;
    const outSecond = row(l, STAT.X_SUM_SQUARES) / n;
    const previousSecond = l === 0 ? inputSecondMoment : row(l - 1, STAT.X_SUM_SQUARES) / (batch * layers[l - 1]!.out);
    const gradientOk = row(l, STAT.GRADIENT_OVERFLOW) === 0;
    const gMean = row(l, STAT.G_SUM) / n;
    const gSecond = gradientOf(l);
    const belowOk = l === 0 ? inputGradientOk : row(l - 1, STAT.GRADIENT_OVERFLOW) === 0;
    const gBelow = l === 0 ? gradientOf(inputRow) : gradientOf(l - 1);
    return {
      ...base,
      empirical: {
        preActivationMean: preMean,
        preActivationVariance: Math.max(0, preSecond - preMean * preMean),
        preActivationSecondMoment: preSecond,
        outputMean: outMean,
        outputVariance: Math.max(0, outSecond - outMean * outMean),
        outputSecondMoment: outSecond,
        outputUnitVariance: row(l, STAT.X_UNIT_VARIANCE),
        deadFraction: row(l, STAT.X_ZEROS) / n,
        saturatedFraction: row(l, STAT.X_SATURATED) / n,
        gradientSecondMoment: gradientOk ? gSecond : null,
        gradientVariance: gradientOk ? Math.max(0, gSecond - gMean * gMean) : null,
        // null where the ratio is 0/0 (every unit dead on the batch) or otherwise not a number.
        forwardGrowth: ratioOrNull(outSecond, previousSecond),
        backwardGrowth: gradientOk && belowOk ? ratioOrNull(gBelow, gSecond) : null,
      },
    };
  });

  const forwardSeries = [inputSecondMoment, ...reports.map((r) => (r.empirical ? r.empirical.outputSecondMoment : Infinity))];
  // The backward signal in the order it propagates: g_L (the output gradient) down to g_0 (the input's).
  const gradients = reports.map((r) => r.empirical?.gradientSecondMoment ?? Infinity);
  const backwardSeries = [...gradients.reverse(), inputGradientOk && overflowAt < 0 ? gradientOf(inputRow) : Infinity];
  const hidden = layers.length > 1 ? layers[1]! : layers[0]!;
  const meanBias = variances.reduce((s, v) => s + v.biasVariance, 0) / depth;
  const fix = fixFor(reports[reports.length > 1 ? 1 : 0]!.activation, hidden, meanBias);
  const verdict: Verdicts = {
    forward: measuredVerdict(forwardSeries, prediction.forward),
    backward: measuredVerdict(backwardSeries, prediction.backward),
    meanFieldForward: prediction.forward,
    meanFieldBackward: prediction.backward,
    overflowLayer: overflowAt < 0 ? null : overflowAt + 1,
    gradientOverflowLayer: gradientOverflowAt === undefined ? null : gradientOverflowAt + 1,
  };
  return {
    ...header,
    batch,
    depth,
    input: { secondMoment: inputSecondMoment, gradientSecondMoment: inputGradientOk && overflowAt < 0 ? gradientOf(inputRow) : null },
    layers: reports,
    verdict,
    fix,
    summary: summarize(verdict, fix),
  };
}

function describeVerdict(v: SignalVerdict): string {
  if (v.verdict === 'healthy') return `healthy (x${v.meanFactor.toPrecision(3)} per layer)`;
  const trend = v.trend ? `, ${v.trend}` : '';
  const limit = v.limitDepth === null ? '' : `; passes 1e${v.verdict === 'exploding' ? '' : '-'}6 at layer ${v.limitDepth}${v.limitDepthMeasured ? '' : ' (extrapolated)'}`;
  return `${v.verdict} (x${v.meanFactor.toPrecision(3)} per layer${trend}${limit})`;
}

function summarize(v: Verdicts, fix: Fix | { activation: string; none: string }): string {
  const overflow = v.overflowLayer === null ? '' : `; overflowed float32 at layer ${v.overflowLayer}`;
  const healthy = v.forward.verdict === 'healthy' && v.backward.verdict === 'healthy';
  const advice = 'none' in fix
    ? `no weight variance makes ${fix.activation} exactly critical here`
    : healthy
    ? `critical std for ${fix.activation} at fan_in ${fix.fanIn}: ${fix.std.toPrecision(4)} (gain ${fix.gain.toPrecision(4)})`
    : `fix: weight std ${fix.std.toPrecision(4)} = gain ${fix.gain.toPrecision(4)} / sqrt(${fix.fanIn}) (sigma_w^2 = ${fix.weightVariance.toPrecision(4)}) makes ${fix.activation} critical`;
  return `forward ${describeVerdict(v.forward)}${overflow}; backward ${describeVerdict(v.backward)}; ${advice}`;
}
