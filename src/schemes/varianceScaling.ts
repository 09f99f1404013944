// The variance-scaling family: Var(W) = scale / n with n the fan-in, fan-out
// or their mean (Keras/JAX VarianceScaling), and its named presets Glorot
// (Xavier), He (Kaiming) and LeCun. For the "normal" flavour Keras and JAX
// draw a normal truncated at +-2 std whose std is divided by 0.8796..., the
// std of a standard normal truncated to [-2, 2], so that the draw has exactly
// the requested variance; PyTorch draws an untruncated normal.
import { conventionOf, RULES, type Convention } from '../conventions.js';
import type { DrawOptions } from '../draw.js';
import { rangeError, typeError } from '../errors.js';
import { fansOf, type Layout } from '../fans.js';
import { gain as tableGain } from '../gain.js';
import type { DType } from '../tensor.js';
import { finiteNumber } from '../validate.js';
import { distributionScheme, type DistributionSpec } from './distribution.js';
import type { SchemeCall } from './scheme.js';

/** Std of the standard normal truncated to [-2, 2] (Keras and JAX use this constant). */
export const TRUNCATED_STD_AT_2 = 0.87962566103423978;

export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';
export type ScalingDistribution = 'truncatedNormal' | 'normal' | 'uniform';

export interface LayoutOptions<D extends DType = 'float32'> extends DrawOptions<D> {
  /** Which axes are in/out (default: the convention's, 'hwio' for Keras/JAX, 'oihw' for PyTorch). */
  layout?: Layout;
  /** Whose rules to follow where the anchors disagree (default 'keras'). */
  convention?: Convention;
}

export interface VarianceScalingOptions<D extends DType = 'float32'> extends LayoutOptions<D> {
  /** Var(W) = scale / n (default 1). */
  scale?: number;
  /** n: fan-in (default), fan-out or their mean. */
  mode?: FanMode | 'fan_in' | 'fan_out' | 'fan_avg';
  /** Default 'truncatedNormal' (corrected to the requested variance). */
  distribution?: ScalingDistribution | 'truncated_normal' | 'untruncated_normal';
}

export interface GlorotOptions<D extends DType = 'float32'> extends LayoutOptions<D> {
  /** Multiplies the std (torch.nn.init.xavier_*'s gain; default 1). */
  gain?: number;
}

export interface HeOptions<D extends DType = 'float32'> extends LayoutOptions<D> {
  /** fanIn (default) keeps forward variance, fanOut backward (torch's mode). */
  mode?: 'fanIn' | 'fanOut' | 'fan_in' | 'fan_out';
  /** The activation whose gain is used, as torch's calculate_gain (default 'leaky_relu' with slope 0, i.e. relu). */
  nonlinearity?: string;
  /** Negative slope of leaky_relu (torch's `a`, default 0). */
  negativeSlope?: number;
}

const MODES: Record<string, FanMode> = { fanIn: 'fanIn', fanOut: 'fanOut', fanAvg: 'fanAvg', fan_in: 'fanIn', fan_out: 'fanOut', fan_avg: 'fanAvg' };
const DISTRIBUTIONS: Record<string, ScalingDistribution> = {
  truncatedNormal: 'truncatedNormal', truncated_normal: 'truncatedNormal', normal: 'normal', untruncated_normal: 'normal', uniform: 'uniform',
};

function choice<T>(fn: string, name: string, value: unknown, table: Record<string, T>, allowed: readonly string[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw typeError(fn, name, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
  }
  return table[value]!;
}

function positive(fn: string, name: string, value: unknown, fallback: number): number {
  const v = finiteNumber(fn, name, value, fallback);
  if (!(v > 0)) throw rangeError(fn, name, 'a number > 0', v);
  return v;
}

/** The distribution with Var(W) = scale / n; an empty tensor (n = 0) gets zero width, never a division by zero. */
export function scaledSpec(scale: number, n: number, distribution: ScalingDistribution): DistributionSpec {
  const variance = n > 0 ? scale / n : 0;
  if (distribution === 'uniform') {
    const limit = Math.sqrt(3 * variance);
    return limit > 0 ? { distribution, low: -limit, high: limit } : { distribution: 'normal', mean: 0, std: 0 };
  }
  const std = Math.sqrt(variance);
  if (distribution === 'normal') return { distribution, mean: 0, std };
  const corrected = std / TRUNCATED_STD_AT_2;
  return { distribution, mean: 0, std: corrected, low: -2 * corrected, high: 2 * corrected };
}

function fanFor(c: Pick<SchemeCall, 'fn' | 'o' | 'dims'>, mode: FanMode): number {
  const { fanIn, fanOut } = fansOf(c.fn, c.dims, c.o['layout'], conventionOf(c.fn, c.o['convention']));
  return mode === 'fanIn' ? fanIn : mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
}

const LAYOUT_KEYS = ['layout', 'convention'] as const;
const MODE_NAMES = ['fanIn', 'fanOut', 'fanAvg', 'fan_in', 'fan_out', 'fan_avg'];

export const varianceScalingScheme = distributionScheme('varianceScaling', ['scale', 'mode', 'distribution', ...LAYOUT_KEYS], (c) => {
  const scale = positive(c.fn, 'scale', c.o['scale'], 1);
  const mode = choice(c.fn, 'mode', c.o['mode'], MODES, MODE_NAMES, 'fanIn');
  const distribution = choice(c.fn, 'distribution', c.o['distribution'], DISTRIBUTIONS, Object.keys(DISTRIBUTIONS), 'truncatedNormal');
  return scaledSpec(scale, fanFor(c, mode), distribution);
});

// The normal flavour of a named preset follows the convention.
function flavour(c: Pick<SchemeCall, 'fn' | 'o'>, kind: 'normal' | 'uniform'): ScalingDistribution {
  return kind === 'uniform' ? 'uniform' : RULES[conventionOf(c.fn, c.o['convention'])].normalFlavour;
}

function glorot(name: string, kind: 'normal' | 'uniform') {
  return distributionScheme(name, ['gain', ...LAYOUT_KEYS], (c) => {
    const g = positive(c.fn, 'gain', c.o['gain'], 1);
    return scaledSpec(g * g, fanFor(c, 'fanAvg'), flavour(c, kind));
  });
}

function he(name: string, kind: 'normal' | 'uniform') {
  return distributionScheme(name, ['mode', 'nonlinearity', 'negativeSlope', ...LAYOUT_KEYS], (c) => {
    const mode = choice(c.fn, 'mode', c.o['mode'], MODES, ['fanIn', 'fanOut', 'fan_in', 'fan_out'], 'fanIn');
    const slope = finiteNumber(c.fn, 'negativeSlope', c.o['negativeSlope'], 0);
    const nonlinearity = c.o['nonlinearity'] ?? 'leaky_relu';
    if (typeof nonlinearity !== 'string') throw typeError(c.fn, 'nonlinearity', 'an activation name such as "relu"', nonlinearity);
    const g = tableGain(nonlinearity, nonlinearity === 'leaky_relu' || nonlinearity === 'leakyRelu' ? slope : undefined);
    return scaledSpec(g * g, fanFor(c, mode), flavour(c, kind));
  });
}

function lecun(name: string, kind: 'normal' | 'uniform') {
  return distributionScheme(name, [...LAYOUT_KEYS], (c) => scaledSpec(1, fanFor(c, 'fanIn'), flavour(c, kind)));
}

export const glorotUniformScheme = glorot('glorotUniform', 'uniform');
export const glorotNormalScheme = glorot('glorotNormal', 'normal');
export const heUniformScheme = he('heUniform', 'uniform');
export const heNormalScheme = he('heNormal', 'normal');
export const lecunUniformScheme = lecun('lecunUniform', 'uniform');
export const lecunNormalScheme = lecun('lecunNormal', 'normal');
