// truncatedNormal(): 10^7 float32 samples per case against the exact truncated
// normal law (moments from the phi/Phi recursion in statisticsHelpers, checked
// against SciPy in statisticsHelpers.test.ts); the checks are those of
// assessSamples (see uniform.test.ts), with the support closed: [low, high].
//
// float32 quantization: u takes 2^23 values, pLow and pWidth are float32 and
// the sampler clamps to the float32 values inside [low, high]. Enumerating all
// 2^23 inputs of the sampler gives its exact float32 law: for all three windows
// its four moments are within 3e-4 SE (n = 10^7) of the exact values and its
// KS distance to the exact CDF is at most 5.3e-7 (critical value 6.2e-4); in
// [1, 4] the largest sample is 3.99993 (the exact law puts 6e-8 above it). So the
// continuous law is the reference, with no allowance.
//
// Deliberate errors confirmed to be caught (each run once against a wrong
// draw with n = 10^7 on the native backend, then removed):
//   std 1.01 on [-2, 2] checked as std 1:       variance +28 SE, kurtosis -16 SE, KS D = 1.8e-3
//   [-2.1, 2.1] checked as [-2, 2]:             support, variance, kurtosis, KS
//   [-2.05, 2.05] clamped into [-2, 2] (mass piled on the bounds):
//                                               variance +60 SE, kurtosis +37 SE, KS D = 2.7e-3
//   N(0, 1) checked as [-2, 2] (no truncation): support, variance, kurtosis, KS
//   mean 0.5 std 2 [-1, 3] drawn from the mirrored window [-2, 2] and clamped
//     (the sampler's flip forgotten):           all four moments (skewness +58 SE), KS D = 0.18
//   [1, 4] mirrored inside the window (5 - x):  mean, skewness -2530 SE, KS
//   [1, 5] checked as [1, 4]:                   support (2003 samples above 4), variance,
//                                               skewness +28 SE, kurtosis +41 SE (KS passes:
//                                               the extra mass is 2e-4 < 6.2e-4)
//   [1.01, 4] checked as [1, 4]:                mean +56 SE, variance -9.6 SE, KS
//   [1, 4] with mean 0.01 checked as mean 0:    mean +13 SE, variance +9.4 SE, KS
//   mean 0.5 std 2.04 [-1, 3] as std 2:         mean +13, variance +18, skewness -8.7,
//                                               kurtosis -15 SE, KS
import { describe, expect, it } from 'vitest';

import { truncatedNormal } from '../../src/index.js';
import { assessSamples, describeChecks, failedChecks, truncatedNormalDistribution } from './statisticsHelpers.js';
import { STATISTICS_SAMPLES } from './sampleSize.js';

const cases = [
  // The default window, mean -+ 2 std.
  { mean: 0, std: 1, low: -2, high: 2, options: {}, seed: 0x5eed0021 },
  // Asymmetric, wider than std on one side: [-0.75, 1.25] in standard units.
  { mean: 0.5, std: 2, low: -1, high: 3, options: { mean: 0.5, std: 2, low: -1, high: 3 }, seed: 0x5eed0022 },
  // One-sided: the window lies wholly in the upper tail (mirrored by the sampler).
  { mean: 0, std: 1, low: 1, high: 4, options: { low: 1, high: 4 }, seed: 0x5eed0023 },
];

describe('truncatedNormal: statistics of 10^7 float32 samples', () => {
  it.each(cases)('truncatedNormal(mean $mean, std $std, [$low, $high]) matches the exact law', ({ mean, std, low, high, options, seed }) => {
    const { data } = truncatedNormal([STATISTICS_SAMPLES], { ...options, seed });
    const exact = truncatedNormalDistribution(mean, std, low, high);
    const checks = assessSamples(data as Float32Array, exact);
    const report = describeChecks(exact.label, checks);
    if (process.env['WEIGHTINIT_STATS_VERBOSE']) console.log(report);
    expect(failedChecks(checks), report).toEqual([]);
  });
});
