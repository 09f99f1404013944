// meanFieldPropagation(): the per-layer mean-field prediction (length map,
// chi, gradients) and its forward and backward verdicts, against closed forms
// and against mpmath.
import { describe, expect, it } from 'vitest';

import { meanFieldPropagation } from '../../src/diagnostics/meanField.js';
import type { MeanFieldNetworkLayer } from '../../src/diagnostics/meanFieldInput.js';

const relError = (actual: number, expected: number): number => Math.abs(actual / expected - 1);
const stack = (depth: number, layer: MeanFieldNetworkLayer): MeanFieldNetworkLayer[] => Array.from({ length: depth }, () => layer);

describe('ReLU: closed forms (E[relu(sqrt(q) z)^2] = q/2, E[relu\'^2] = 1/2)', () => {
  it('He (sigma_w^2 = 2, no bias): q_l = 2, output second moment 1, chi = 1 at every layer; healthy both ways', () => {
    // q_1 = sigma_w^2 q_0 = 2 (the input is not passed through relu), then q_l = 2 * q_{l-1}/2 = 2.
    const p = meanFieldPropagation(stack(50, { activation: 'relu', weightVariance: 2 }));
    for (const layer of p.layers) {
      expect(relError(layer.preActivationSecondMoment, 2)).toBeLessThan(1e-13);
      expect(relError(layer.outputSecondMoment, 1)).toBeLessThan(1e-13);
      expect(relError(layer.chi, 1)).toBeLessThan(1e-14);
      expect(relError(layer.gradientSecondMoment, 1)).toBeLessThan(1e-13);
      // E[relu(h)] = sqrt(q / (2 pi)) = 1/sqrt(pi).
      expect(relError(layer.outputMean, 1 / Math.sqrt(Math.PI))).toBeLessThan(1e-13);
    }
    expect(p.forward.verdict).toBe('healthy');
    expect(p.backward.verdict).toBe('healthy');
    // A flat signal extrapolates to no limit at all (not to 1e17 layers of rounding drift).
    expect(p.forward.limitDepth).toBeNull();
    expect(p.backward.limitDepth).toBeNull();
  });

  it('sigma_w^2 = 1: q_l = 2^-(l-1), output second moment 2^-l (8.9e-16 at layer 50), factor 0.5 both ways', () => {
    const p = meanFieldPropagation(stack(50, { activation: 'relu', weightVariance: 1 }));
    p.layers.forEach((layer, i) => {
      const l = i + 1;
      expect(relError(layer.preActivationSecondMoment, 2 ** -(l - 1))).toBeLessThan(1e-13);
      expect(relError(layer.outputSecondMoment, 2 ** -l)).toBeLessThan(1e-13);
      expect(relError(layer.chi, 0.5)).toBeLessThan(1e-14);
      // g_l = prod_{k > l} chi_k = 2^-(50 - l).
      expect(relError(layer.gradientSecondMoment, 2 ** -(50 - l))).toBeLessThan(1e-13);
    });
    expect(relError(p.layers[49]!.outputSecondMoment, 8.881784197001252e-16)).toBeLessThan(1e-13);
    expect(relError(p.inputGradientSecondMoment, 2 ** -50)).toBeLessThan(1e-13);
    for (const v of [p.forward, p.backward]) {
      expect(v.verdict).toBe('vanishing');
      expect(v.trend).toBe('exponential');
      expect(relError(v.meanFactor, 0.5)).toBeLessThan(1e-13);
      // 2^-20 = 9.5e-7 is the first power of 1/2 under 1e-6: crossed inside the network.
      expect(v.limitDepth).toBe(20);
      expect(v.limitDepthMeasured).toBe(true);
    }
  });

  it('N(0, 0.01^2) weights at fan-in 1024: sigma_w^2 = 0.1024, factor 0.0512, vanishing; float32 underflows at layer 60', () => {
    const p = meanFieldPropagation(stack(100, { activation: 'relu', weightVariance: 1024 * 0.01 ** 2 }));
    expect(relError(p.forward.meanFactor, 0.0512)).toBeLessThan(1e-13);
    expect(relError(p.backward.meanFactor, 0.0512)).toBeLessThan(1e-13);
    expect(p.forward.verdict).toBe('vanishing');
    expect(p.backward.verdict).toBe('vanishing');
    // ln 1e6 / ln(1/0.0512) = 4.65: the output second moment 0.0512^5 = 3.5e-7 is under 1e-6 at layer 5.
    expect(p.forward.limitDepth).toBe(5);
    // sqrt(q_l) < 1.1754944e-38 <=> ln 0.1024 + (l - 1) ln 0.0512 < 2 ln 1.1754944e-38 <=> l - 1 > 58.09.
    expect(p.float32.forwardUnderflowLayer).toBe(60);
    expect(p.float32.forwardOverflowLayer).toBeNull();
    // g_l = 0.0512^(100 - l): sqrt(g_l) < 1.1754944e-38 once 100 - l > 58.87, i.e. l = 41.
    expect(p.float32.backwardUnderflowLayer).toBe(41);
  });

  it('N(0, 0.1^2) weights at fan-in 1024: sigma_w^2 = 10.24, factor 5.12, exploding; 1000 layers stay finite', () => {
    const p = meanFieldPropagation(stack(1000, { activation: 'relu', weightVariance: 1024 * 0.1 ** 2 }));
    expect(p.forward.verdict).toBe('exploding');
    expect(p.backward.verdict).toBe('exploding');
    expect(relError(p.forward.meanFactor, 5.12)).toBeLessThan(1e-12);
    expect(relError(p.backward.meanFactor, 5.12)).toBeLessThan(1e-12);
    // 5.12^9 = 2.4e6 is the first power past 1e6.
    expect(p.forward.limitDepth).toBe(9);
    // log10 q_1000 = log10 10.24 + 999 log10 5.12 = 709.57: past double range, carried exactly in the log field.
    const last = p.layers[999]!;
    expect(Math.abs(last.log10PreActivationSecondMoment - (Math.log10(10.24) + 999 * Math.log10(5.12)))).toBeLessThan(1e-9);
    expect(Math.abs(p.log10InputGradientSecondMoment - 1000 * Math.log10(5.12))).toBeLessThan(1e-9);
    for (const layer of p.layers) {
      for (const value of Object.values(layer)) expect(Number.isFinite(value)).toBe(true);
    }
    expect(last.preActivationSecondMoment).toBe(Number.MAX_VALUE);
    // sqrt(q_l) > 3.4028235e38 <=> ln 10.24 + (l - 1) ln 5.12 > 2 ln 3.4028235e38 <=> l - 1 > 107.2.
    expect(p.float32.forwardOverflowLayer).toBe(109);
    // g_l = 5.12^(1000 - l) passes (3.4028235e38)^2 once 1000 - l > 108.66: l = 891.
    expect(p.float32.backwardOverflowLayer).toBe(891);
  });

  it('100000 layers: the log fields carry 2^-100000 (to 1e-10 relative), nothing is NaN or infinite', () => {
    const p = meanFieldPropagation(stack(100_000, { activation: 'relu', weightVariance: 1 }));
    const last = p.layers[99_999]!;
    // Rounding of the per-layer factor (1 ulp) compounds over 1e5 layers to ~2e-11 relative.
    expect(relError(last.log10OutputSecondMoment, -100_000 * Math.log10(2))).toBeLessThan(1e-10);
    expect(last.outputSecondMoment).toBe(0);
    expect(Number.isFinite(p.log10InputGradientSecondMoment)).toBe(true);
  });
});

describe('tanh, sigma_w^2 = 1, no bias: the slow approach to q = 0', () => {
  // Reference: mpmath 1.3.0, mp.dps = 25, iterating q_{l+1} = E[tanh(sqrt(q_l) z)^2]
  // from q_1 = 1 with mp.quad split at z = 0, +-1/sqrt(q), ..., +-8/sqrt(q);
  // chi_l = E[sech(sqrt(q_l) z)^4], accumulated in the same 25-digit arithmetic.
  const MPMATH: Array<[layer: number, q: number, chiProduct: number]> = [
    [1, 1, 0.46440290244826824197],
    [2, 0.39429449039784117442, 0.29561314235053160244],
    [10, 0.058011847840222910268, 0.071369729106272956141],
    [25, 0.021524469600601623681, 0.028774774696988760856],
    [50, 0.010430738400813713859, 0.014334772163176378809],
  ];
  const p = meanFieldPropagation(stack(50, { activation: 'tanh', weightVariance: 1 }));

  it.each(MPMATH)('layer %d: q_l and prod_{k <= l} chi_k to 1e-13', (layer, q, chiProduct) => {
    expect(relError(p.layers[layer - 1]!.preActivationSecondMoment, q)).toBeLessThan(1e-13);
    const product = p.layers.slice(0, layer).reduce((prod, l) => prod * l.chi, 1);
    expect(relError(product, chiProduct)).toBeLessThan(1e-13);
  });

  it('q_50 = 0.01043, l q_l -> 1/2 (q_l ~ 1/(2l)); the output is odd, so its mean is 0', () => {
    expect(p.layers[49]!.preActivationSecondMoment).toBeCloseTo(0.0104, 4);
    expect(50 * p.layers[49]!.preActivationSecondMoment).toBeCloseTo(0.5215, 4);
    const long = meanFieldPropagation(stack(1000, { activation: 'tanh', weightVariance: 1 }));
    // mpmath (as above): 200 q_200 = 0.50671066586667687; 1000 q_1000 -> 1/2 + O(ln l / l).
    expect(relError(200 * long.layers[199]!.preActivationSecondMoment, 0.50671066586667687082)).toBeLessThan(1e-12);
    expect(Math.abs(1000 * long.layers[999]!.preActivationSecondMoment - 0.5)).toBeLessThan(0.003);
    expect(Math.abs(p.layers[49]!.outputMean)).toBeLessThan(1e-15);
  });

  it('the verdicts say power-law decay with exponent ~ -1, not exponential, and extrapolate along it', () => {
    for (const v of [p.forward, p.backward]) {
      expect(v.verdict).toBe('vanishing');
      expect(v.trend).toBe('power-law');
      expect(v.powerLawExponent).toBeGreaterThan(-1.1);
      expect(v.powerLawExponent).toBeLessThan(-0.9);
      // 1e-6 of the start along ~1/(2l) needs ~5e5 layers; the mean factor (0.91) would say ~150.
      expect(v.limitDepth).toBeGreaterThan(2e5);
      expect(v.limitDepth).toBeLessThan(2e6);
      expect(v.limitDepthMeasured).toBe(false);
    }
  });
});

describe('SELU with LeCun weights (sigma_w^2 = 1): self-normalizing', () => {
  it('q_l = 1, output mean 0 and second moment 1 at every layer (Klambauer et al. 2017)', () => {
    const p = meanFieldPropagation(stack(20, { activation: 'selu', weightVariance: 1 }));
    for (const layer of p.layers) {
      expect(Math.abs(layer.preActivationSecondMoment - 1)).toBeLessThan(1e-13);
      expect(Math.abs(layer.outputSecondMoment - 1)).toBeLessThan(1e-13);
      expect(Math.abs(layer.outputMean)).toBeLessThan(1e-14);
      // chi = E[selu'(z)^2] = 1.0715749924557993 (mpmath, test/unit/gainDerived.test.ts).
      expect(relError(layer.chi, 1.0715749924557992576)).toBeLessThan(1e-14);
    }
    expect(p.forward.verdict).toBe('healthy');
    // 1.0716^20 = 3.98 < 10: still healthy at 20 layers; at 50 layers 31.6x: exploding, exponentially.
    expect(p.backward.verdict).toBe('healthy');
    const deep = meanFieldPropagation(stack(50, { activation: 'selu', weightVariance: 1 }));
    expect(deep.backward.verdict).toBe('exploding');
    expect(deep.backward.trend).toBe('exponential');
  });
});

describe('layers that differ', () => {
  it('bias, a different backward variance and leaky_relu\'s slope enter where they should', () => {
    // Layer 1: q_1 = 2 * 3 + 0.5 = 6.5; output (1 + 0.2^2) q / 2 = 3.38; chi_1 = 3 * (1 + 0.04) / 2 = 1.56.
    // Layer 2 (linear): q_2 = 0.5 * 3.38 + 0 = 1.69 = output; chi_2 = 0.25.
    const p = meanFieldPropagation(
      [
        { activation: 'leaky_relu', param: 0.2, weightVariance: 2, biasVariance: 0.5, backwardWeightVariance: 3 },
        { activation: 'linear', weightVariance: 0.5, backwardWeightVariance: 0.25 },
      ],
      { inputSecondMoment: 3 },
    );
    const [first, second] = p.layers;
    expect(relError(first!.preActivationSecondMoment, 6.5)).toBeLessThan(1e-14);
    expect(relError(first!.outputSecondMoment, 3.38)).toBeLessThan(1e-14);
    expect(relError(first!.chi, 1.56)).toBeLessThan(1e-14);
    expect(relError(second!.preActivationSecondMoment, 1.69)).toBeLessThan(1e-14);
    expect(relError(second!.chi, 0.25)).toBeLessThan(1e-14);
    // g_2 = 1, g_1 = chi_2 = 0.25, g_0 = chi_1 chi_2 = 0.39.
    expect(relError(first!.gradientSecondMoment, 0.25)).toBeLessThan(1e-14);
    expect(relError(p.inputGradientSecondMoment, 0.39)).toBeLessThan(1e-14);
    // Forward factors 3.38 / 3 and 1.69 / 3.38: mean sqrt(1.69 / 3).
    expect(relError(p.forward.meanFactor, Math.sqrt(1.69 / 3))).toBeLessThan(1e-14);
  });
});

describe('zero weights (sigma_w^2 = 0): q = 0 is a point of the map, not a limit', () => {
  it('tanh without bias: h = 0, so every second moment and chi is exactly 0 (log10 null); both verdicts vanish at layer 1', () => {
    const p = meanFieldPropagation(stack(3, { activation: 'tanh', weightVariance: 0 }));
    for (const layer of p.layers) {
      expect(layer).toMatchObject({ preActivationSecondMoment: 0, outputSecondMoment: 0, outputMean: 0, chi: 0 });
      expect(layer).toMatchObject({ log10PreActivationSecondMoment: null, log10OutputSecondMoment: null });
    }
    // g_3 = 1 (the output gradient), g_2 = chi_3 g_3 = 0, g_1 = 0, g_0 = 0.
    expect(p.layers.map((l) => l.gradientSecondMoment)).toEqual([0, 0, 1]);
    expect(p.layers.map((l) => l.log10GradientSecondMoment)).toEqual([null, null, 0]);
    expect(p.inputGradientSecondMoment).toBe(0);
    expect(p.log10InputGradientSecondMoment).toBeNull();
    for (const v of [p.forward, p.backward]) {
      // A factor of 0: the geometric mean is 0, the change has no log10, and 1e-6 is passed at that layer.
      expect(v).toEqual({ verdict: 'vanishing', trend: null, meanFactor: 0, log10Change: null, powerLawExponent: null, limitDepth: 1, limitDepthMeasured: true });
    }
    // rms 0 is below float32's smallest normal: forward at layer 1, backward at g_2 (counted from the output).
    expect(p.float32).toEqual({ forwardOverflowLayer: null, forwardUnderflowLayer: 1, backwardOverflowLayer: null, backwardUnderflowLayer: 2 });
  });

  it('a signal cut to 0 has no trend, however deep (the 0/0 factors after the cut are not judged)', () => {
    const p = meanFieldPropagation(stack(20, { activation: 'relu', weightVariance: 0 }));
    expect(p.forward).toMatchObject({ verdict: 'vanishing', trend: null, limitDepth: 1 });
    expect(p.backward).toMatchObject({ verdict: 'vanishing', trend: null, limitDepth: 1 });
  });

  it('sigmoid: x = sigmoid(0) = 1/2 at every layer, so E[x^2] = 1/4 (a 4x change from q_0 = 1: healthy); chi = 0 vanishes', () => {
    const p = meanFieldPropagation(stack(3, { activation: 'sigmoid', weightVariance: 0 }));
    for (const layer of p.layers) {
      expect(layer.preActivationSecondMoment).toBe(0);
      expect(relError(layer.outputSecondMoment, 0.25)).toBeLessThan(1e-15);
      expect(relError(layer.outputMean, 0.5)).toBeLessThan(1e-15);
      expect(layer.chi).toBe(0);
    }
    // Factors 1/4, 1, 1: geometric mean 4^(-1/3).
    expect(p.forward.verdict).toBe('healthy');
    expect(relError(p.forward.meanFactor, 4 ** (-1 / 3))).toBeLessThan(1e-14);
    expect(p.backward).toMatchObject({ verdict: 'vanishing', meanFactor: 0, limitDepth: 1 });
  });

  it('with a bias, q = sigma_b^2 at every layer: ReLU, sigma_b^2 = 0.5 gives E[x^2] = 0.25', () => {
    const p = meanFieldPropagation(stack(4, { activation: 'relu', weightVariance: 0, biasVariance: 0.5 }));
    for (const layer of p.layers) {
      expect(relError(layer.preActivationSecondMoment, 0.5)).toBeLessThan(1e-15);
      expect(relError(layer.outputSecondMoment, 0.25)).toBeLessThan(1e-14);
      expect(layer.chi).toBe(0);
    }
  });

  it('a zero layer below a non-zero one: q_2 = 0, and chi_2 = fan_out Var(W) phi\'(0)^2, with phi\'(0) as the network computes it', () => {
    // linear: chi_2 = 2 * 1, so g_1 = 2, and g_0 = chi_1 g_1 = 0.
    const linear = meanFieldPropagation([{ activation: 'tanh', weightVariance: 0 }, { activation: 'linear', weightVariance: 2 }]);
    expect(linear.layers[1]).toMatchObject({ preActivationSecondMoment: 0, chi: 2 });
    expect(linear.layers[0]!.gradientSecondMoment).toBe(2);
    expect(linear.inputGradientSecondMoment).toBe(0);
    // ReLU: relu'(0) = 0 (as torch), not the 1/2 that E[relu'(sqrt(q) z)^2] tends to as q -> 0.
    const relu = meanFieldPropagation([{ activation: 'tanh', weightVariance: 0 }, { activation: 'relu', weightVariance: 2 }]);
    expect(relu.layers[1]!.chi).toBe(0);
  });
});

describe('the float32 bound on leaky_relu\'s slope', () => {
  it('at the bound, a = 3.4028234663852886e38, E[x_1^2] = (1 + a^2) q_1 / 2 (7e76) is computed, not overflowed', () => {
    const a = 3.4028234663852886e38;
    const p = meanFieldPropagation([{ activation: 'leaky_relu', param: -a, weightVariance: 1 }, { activation: 'linear', weightVariance: 1 }]);
    // q_1 = 1; the log10 fields are exact to rounding of their ~77.
    const log10Expected = Math.log10((1 + a * a) / 2);
    expect(Math.abs(p.layers[0]!.log10OutputSecondMoment! - log10Expected)).toBeLessThan(1e-13);
    expect(Math.abs(p.layers[1]!.log10PreActivationSecondMoment! - log10Expected)).toBeLessThan(1e-13);
    // chi_1 = (1 + a^2) / 2 as well (E[phi'^2] = (1 + a^2) / 2); forward factors (1 + a^2)/2 and 1.
    expect(relError(p.layers[0]!.chi, (1 + a * a) / 2)).toBeLessThan(1e-13);
    expect(relError(p.forward.meanFactor, Math.sqrt((1 + a * a) / 2))).toBeLessThan(1e-13);
  });
});

describe('argument checks', () => {
  it.each([
    [[], RangeError, /at least one layer/],
    ['relu', TypeError, /layers must be an array/],
    [[{ activation: 'relu' }], TypeError, /layers\[0\]\.weightVariance must be a finite number >= 0, got undefined/],
    [[{ activation: 'relu', weightVariance: -1e-300 }], RangeError, /weightVariance must be a finite number >= 0, got -1e-300/],
    [[{ activation: 'relu', weightVariance: NaN }], RangeError, /weightVariance must be a finite number >= 0, got NaN/],
    [[{ activation: 'relu', weightVariance: Infinity }], RangeError, /weightVariance must be a finite number >= 0, got Infinity/],
    [[{ activation: 'relu', weightVariance: 2, backwardWeightVariance: -1 }], RangeError, /backwardWeightVariance must be a finite number >= 0/],
    // The network runs the slope in float32, where 1e39 would be Infinity.
    [[{ activation: 'leaky_relu', param: -1e300, weightVariance: 1 }], RangeError, /layers\[0\]\.param must be a finite number of magnitude at most 3\.4028234663852886e\+38 .*got -1e\+300/],
    [[{ activation: 'elu', param: 3.5e38, weightVariance: 1 }], RangeError, /layers\[0\]\.param must be a finite number of magnitude at most/],
    [[{ activation: 'leaky_relu', param: Infinity, weightVariance: 1 }], RangeError, /layers\[0\]\.param must be a finite number/],
    [[{ activation: 'relu', weightVariance: 2, biasVariance: -1 }], RangeError, /biasVariance must be a finite number >= 0/],
    [[{ activation: 'swishy', weightVariance: 2 }], TypeError, /layers\[0\]\.activation must be one of linear, relu/],
    [[{ activation: 'tanh', param: 1, weightVariance: 2 }], TypeError, /layers\[0\]\.param applies only to leaky_relu and elu; tanh takes none/],
    [[{ activation: 'relu', weightVariance: 2, weightvariance: 2 }], TypeError, /unknown option 'weightvariance'/],
  ])('%j -> %s', (layers, type, message) => {
    expect(() => meanFieldPropagation(layers as never)).toThrow(type);
    expect(() => meanFieldPropagation(layers as never)).toThrow(message);
  });

  it('options: inputSecondMoment must be > 0; unknown options are refused', () => {
    const layers = [{ activation: 'relu', weightVariance: 2 }];
    expect(() => meanFieldPropagation(layers, { inputSecondMoment: 0 })).toThrow(/options\.inputSecondMoment must be a finite number > 0, got 0/);
    expect(() => meanFieldPropagation(layers, { inputVariance: 1 } as never)).toThrow(/unknown option 'inputVariance'/);
  });
});
