// The distribution each scheme uses equals the anchor libraries' formula for
// the same shape (the formula and its source next to each expected value).
import { describe, expect, it } from 'vitest';

import { schemeDistribution } from '../../src/index.js';

const TRUNC = 0.87962566103423978; // std of N(0,1) truncated to [-2, 2]; Keras/JAX divide by it
const s2 = Math.SQRT2;
const uniform = (limit: number) => ({ distribution: 'uniform', low: -limit, high: limit });
const normal = (std: number) => ({ distribution: 'normal', mean: 0, std });
const truncated = (std: number) => ({ distribution: 'truncatedNormal', mean: 0, std: std / TRUNC, low: (-2 * std) / TRUNC, high: (2 * std) / TRUNC });

describe('scheme parameters equal the anchors\' formulas', () => {
  it.each([
    // torch.nn.init.kaiming_uniform_(w[8,3,5,5]): bound = gain * sqrt(3 / fan_in), gain = sqrt(2), fan_in = 75
    ['heUniform', [8, 3, 5, 5], { convention: 'pytorch' }, uniform(s2 * Math.sqrt(3 / 75))],
    // keras.initializers.HeUniform on [5,5,3,8]: limit = sqrt(6 / fan_in)
    ['heUniform', [5, 5, 3, 8], {}, uniform(Math.sqrt(6 / 75))],
    // torch kaiming_normal_(w[256,128]): std = gain / sqrt(fan_in), fan_in = 128
    ['heNormal', [256, 128], { convention: 'pytorch' }, normal(s2 / Math.sqrt(128))],
    // torch kaiming_normal_(mode='fan_out'): std = gain / sqrt(256)
    ['heNormal', [256, 128], { convention: 'pytorch', mode: 'fan_out' }, normal(s2 / Math.sqrt(256))],
    // torch kaiming_normal_(a=0.2, nonlinearity='leaky_relu'): gain = sqrt(2 / (1 + a^2))
    ['kaimingNormal', [256, 128], { convention: 'pytorch', negativeSlope: 0.2 }, normal(Math.sqrt(2 / 1.04) / Math.sqrt(128))],
    // torch kaiming_uniform_(nonlinearity='tanh'): gain 5/3
    ['heUniform', [256, 128], { convention: 'pytorch', nonlinearity: 'tanh' }, uniform((5 / 3) * Math.sqrt(3 / 128))],
    // keras.initializers.HeNormal on [128,256]: truncated normal, stddev = sqrt(2 / fan_in) / .87962566103423978
    ['heNormal', [128, 256], {}, truncated(Math.sqrt(2 / 128))],
    // jax.nn.initializers.he_normal on [3,3,16,32]: same rule, fan_in = 3*3*16
    ['heNormal', [3, 3, 16, 32], { convention: 'jax' }, truncated(Math.sqrt(2 / 144))],
    // keras GlorotUniform on [784,256]: limit = sqrt(6 / (fan_in + fan_out))
    ['glorotUniform', [784, 256], {}, uniform(Math.sqrt(6 / 1040))],
    // torch xavier_uniform_(w[256,784], gain=5/3): a = gain * sqrt(6 / (fan_in + fan_out))
    ['xavierUniform', [256, 784], { convention: 'pytorch', gain: 5 / 3 }, uniform((5 / 3) * Math.sqrt(6 / 1040))],
    // torch xavier_normal_: std = gain * sqrt(2 / (fan_in + fan_out)), untruncated
    ['xavierNormal', [256, 784], { convention: 'pytorch' }, normal(Math.sqrt(2 / 1040))],
    // keras GlorotNormal: truncated, stddev = sqrt(2 / (fan_in + fan_out)) / .8796...
    ['glorotNormal', [784, 256], {}, truncated(Math.sqrt(2 / 1040))],
    // keras LecunNormal: truncated, stddev = sqrt(1 / fan_in) / .8796...
    ['lecunNormal', [512, 512], {}, truncated(Math.sqrt(1 / 512))],
    // keras LecunUniform on [3,3,16,32]: limit = sqrt(3 / fan_in), fan_in = 144
    ['lecunUniform', [3, 3, 16, 32], {}, uniform(Math.sqrt(3 / 144))],
    // LeCun normal under PyTorch rules (Lasagne-style, untruncated), torch layout [out, in]
    ['lecunNormal', [512, 256], { convention: 'pytorch' }, normal(Math.sqrt(1 / 256))],
    // jax variance_scaling(2, 'fan_avg', 'uniform'): limit = sqrt(3 * scale / ((fan_in + fan_out) / 2))
    ['varianceScaling', [3, 3, 16, 32], { scale: 2, mode: 'fan_avg', distribution: 'uniform', convention: 'jax' }, uniform(Math.sqrt(6 / 216))],
    // keras VarianceScaling(mode='fan_out', distribution='untruncated_normal'): stddev = sqrt(scale / fan_out)
    ['varianceScaling', [10, 20], { mode: 'fanOut', distribution: 'untruncated_normal' }, normal(Math.sqrt(1 / 20))],
    // keras VarianceScaling defaults: scale 1, fan_in, truncated_normal
    ['varianceScaling', [10, 20], {}, truncated(Math.sqrt(1 / 10))],
    // Keras rule for a 1-D shape: fan_in = fan_out = shape[0]
    ['glorotUniform', [100], {}, uniform(Math.sqrt(6 / 200))],
    // a zero-size shape: an empty tensor; no division by zero, no NaN
    ['heNormal', [0, 10], {}, { distribution: 'truncatedNormal', mean: 0, std: 0, low: -0, high: 0 }],
    // base distributions pass their parameters through
    ['truncatedNormal', [4], { mean: 1, std: 2, lower: -1, upper: 3 }, { distribution: 'truncatedNormal', mean: 1, std: 2, low: -1, high: 7 }],
    ['truncatedNormal', [4], { mean: 1, std: 2 }, { distribution: 'truncatedNormal', mean: 1, std: 2, low: -3, high: 5 }],
  ])('%s %j %j', (name, shape, options, expected) => {
    const got = schemeDistribution(name, shape, options) as unknown as Record<string, number>;
    expect(got['distribution']).toBe(expected.distribution);
    for (const [key, value] of Object.entries(expected)) {
      if (key !== 'distribution') expect(got[key], key).toBeCloseTo(value as number, 14);
    }
  });

  it('refuses what needs a fan but has fewer than 2 dims under PyTorch and JAX rules', () => {
    expect(() => schemeDistribution('heNormal', [100], { convention: 'pytorch' })).toThrow(/at least 2 dims/);
    expect(() => schemeDistribution('glorotUniform', [], { convention: 'jax' })).toThrow(RangeError);
  });

  it.each([
    ['unknown scheme', () => schemeDistribution('heNormale', [3, 3]), TypeError, /scheme must be one of uniform, normal/],
    ['unknown mode', () => schemeDistribution('heNormal', [3, 3], { mode: 'fanAvg' }), TypeError, /mode must be one of 'fanIn', 'fanOut', 'fan_in', 'fan_out'/],
    ['unknown nonlinearity', () => schemeDistribution('heNormal', [3, 3], { nonlinearity: 'relu6' }), TypeError, /relu/],
    ['negative slope NaN', () => schemeDistribution('heNormal', [3, 3], { negativeSlope: NaN }), RangeError, /negativeSlope must be a finite number/],
    ['gain <= 0', () => schemeDistribution('glorotUniform', [3, 3], { gain: 0 }), RangeError, /gain must be a number > 0, got 0/],
    ['scale <= 0', () => schemeDistribution('varianceScaling', [3, 3], { scale: -1 }), RangeError, /scale must be a number > 0/],
    ['unknown distribution', () => schemeDistribution('varianceScaling', [3, 3], { distribution: 'cauchy' }), TypeError, /distribution must be one of/],
    ['both low and lower', () => schemeDistribution('truncatedNormal', [3], { low: -1, lower: -1 }), TypeError, /either 'low' \(absolute\) or 'lower'/],
    ['not a distribution scheme', () => schemeDistribution('orthogonal', [3, 3]), TypeError, /not drawn from one distribution/],
  ])('%s', (_, call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });

  it('accepts kebab-case and snake_case scheme names', () => {
    expect(schemeDistribution('he-normal', [4, 4])).toEqual(schemeDistribution('heNormal', [4, 4]));
    expect(schemeDistribution('kaiming_uniform', [4, 4])).toEqual(schemeDistribution('heUniform', [4, 4]));
  });
});
