// uniform(): 10^7 float32 samples per case against the exact uniform law.
// Checks (statisticsHelpers.assessSamples): no NaN/Infinity, every sample in
// [low, high), mean/variance/skewness/excess kurtosis within 5 standard errors
// of the exact values (SEs from the population's exact moments, delta method),
// Kolmogorov–Smirnov D below its critical value at alpha = 1e-3.
//
// float32 quantization, measured against these bounds: on [0, 1) the samples
// are the 2^24 values k/2^24, equally likely, so the exact mean is
// (1 - 2^-24)/2, a bias of 3.3e-4 SE; on [-3, 2.5) low + u*span is rounded to
// float32 (grid <= 2.4e-7). Enumerating all 2^24 inputs of the sampler gives
// its exact float32 law: its mean is within 3.3e-4 SE of the continuous value,
// its variance, skewness and kurtosis within 1e-8 SE, and its KS distance to
// the continuous CDF is 1.0e-7 (the critical value at n = 10^7 is 6.2e-4).
// So the continuous law is the reference, with no allowance.
//
// Deliberate errors confirmed to be caught (each run once against a wrong
// draw with n = 10^7 on the native backend, then removed):
//   uniform [0, 0.999) checked as [0, 1):   variance -7.8 SE; KS D = 1.04e-3 > 6.2e-4
//   uniform [0, 1.0001) checked as [0, 1):  support (1021 samples >= 1)
//   uniform [-3, 2.4) checked as [-3, 2.5): mean -99 SE, variance -128 SE, KS
//   one NaN, or one Infinity, written into a [0, 1) sample: finite
//   uniform [-sqrt 3, sqrt 3) checked as N(0, 1) (same mean and variance):
//     excess kurtosis -774 SE, KS D = 5.7e-2
import { describe, expect, it } from 'vitest';

import { uniform } from '../../src/index.js';
import { assessSamples, describeChecks, failedChecks, uniformDistribution } from './statisticsHelpers.js';
import { STATISTICS_SAMPLES } from './sampleSize.js';

const cases = [
  { low: 0, high: 1, seed: 0x5eed0001 },
  { low: -3, high: 2.5, seed: 0x5eed0002 },
];

describe('uniform: statistics of 10^7 float32 samples', () => {
  it.each(cases)('uniform [$low, $high) matches the exact law', ({ low, high, seed }) => {
    const { data } = uniform([STATISTICS_SAMPLES], { low, high, seed });
    const exact = uniformDistribution(low, high);
    const checks = assessSamples(data as Float32Array, exact);
    const report = describeChecks(exact.label, checks);
    if (process.env['WEIGHTINIT_STATS_VERBOSE']) console.log(report);
    expect(failedChecks(checks), report).toEqual([]);
  });
});
