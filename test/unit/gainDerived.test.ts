// deriveGain(): forward, backward and Kumar gains from Gaussian moments of the
// activation, against independently computed references.
import { describe, expect, it } from 'vitest';

import { deriveGain, gain } from '../../src/gain.js';

const relError = (actual: number, expected: number): number => Math.abs(actual / expected - 1);

// Reference moments for z ~ N(0, 1): [name, E[phi(z)^2], E[phi'(z)^2], E[phi(z)]].
// Source: mpmath 1.3.0, mp.dps = 40, mp.quad(lambda x: g(x) * mp.npdf(x), pts)
// with pts = [-inf, <kinks and 0>, inf], phi and phi' as in torch.nn.functional,
// SELU with its 40-digit constants; printed to 20 digits. Cross-checked with
// scipy.integrate.quad (SciPy 1.17.1, epsrel 1e-13) for tanh, gelu, silu,
// sigmoid and selu: the forward and backward sigma_w^2 agree to 1e-15.
const MPMATH_MOMENTS: Array<[string, number, number, number]> = [
  ['linear', 1, 1, 0],
  ['relu', 0.5, 0.5, 0.39894228040143267794], // 1/2, 1/2, 1/sqrt(2 pi)
  ['leaky_relu', 0.50005, 0.50005, 0.39495285759741835116], // (1 + 0.01^2) / 2
  ['elu', 0.64494541749292386306, 0.66810200122317060643, 0.16052057226655604962],
  ['selu', 1, 1.0715749924557992576, 0], // self-normalizing: E[selu^2] = 1, E[selu] = 0
  ['gelu', 0.42522148257029867492, 0.45585086564928712211, 0.28209479177387814347],
  ['gelu_tanh', 0.4251937110330994512, 0.45581784596295060428, 0.28203858807878871175],
  ['silu', 0.35577551981735215623, 0.379482351632829309, 0.20662096414190703726],
  ['mish', 0.45234219237588277068, 0.47908375837396977461, 0.24040388837479144371],
  ['softplus', 0.92124590885930027868, 0.29337903585809296274, 0.80605918334743978453],
  ['sigmoid', 0.29337903585809296274, 0.044836241350194371793, 0.5],
  ['tanh', 0.39429449039784117442, 0.46440290244826824197, 0],
  ['hardtanh', 0.5160585509617133004, 0.68268949213708589717, 0],
  ['softsign', 0.18301402126654749909, 0.2276713404221824997, 0],
];

// Kumar (2017): g^2 = 1 / (phi'(0)^2 (1 + phi(0)^2)) from phi(0) and phi'(0) in closed form.
const KUMAR_SQUARED: Array<[string, number]> = [
  ['linear', 1],
  ['elu', 1], // alpha = 1: slope 1 on both sides of 0
  ['gelu', 4], // phi'(0) = 1/2
  ['gelu_tanh', 4],
  ['silu', 4],
  ['mish', 2.7777777777777777778], // phi'(0) = tanh(ln 2) = 3/5
  ['softplus', 2.7018756842633639852], // 4 / (1 + ln(2)^2)
  ['sigmoid', 12.8], // phi'(0) = 1/4, phi(0) = 1/2: 1 / (1/16 * 5/4)
  ['tanh', 1],
  ['hardtanh', 1],
  ['softsign', 1],
];

describe('deriveGain: built-in activations against mpmath', () => {
  it.each(MPMATH_MOMENTS)('%s: E[phi^2], E[phi\'^2] to 1e-14 relative, E[phi] to 1e-15', (name, meanSquare, slopeSquare, mean) => {
    const g = deriveGain(name);
    expect(relError(g.moments.meanSquare, meanSquare)).toBeLessThan(1e-14);
    expect(relError(g.moments.derivativeMeanSquare, slopeSquare)).toBeLessThan(1e-14);
    expect(Math.abs(g.moments.mean - mean)).toBeLessThan(1e-15);
    expect(relError(g.forward ** 2, 1 / meanSquare)).toBeLessThan(1e-14);
    expect(relError(g.backward ** 2, 1 / slopeSquare)).toBeLessThan(1e-14);
  });

  it.each(KUMAR_SQUARED)('%s: Kumar g^2 = %d', (name, expected) => {
    const g = deriveGain(name);
    expect(relError(g.kumar! ** 2, expected)).toBeLessThan(1e-15);
    expect(g.kumarReason).toBeNull();
  });

  it('ReLU: forward sigma_w^2 = 2 (He et al., 2015), gain sqrt(2) within 1e-12', () => {
    const g = deriveGain('relu');
    expect(Math.abs(g.forward - Math.SQRT2)).toBeLessThan(1e-12);
    expect(Math.abs(g.backward - Math.SQRT2)).toBeLessThan(1e-12);
  });

  it('SELU: forward sigma_w^2 = 1 within 1e-9 with the double constants of torch.nn.SELU', () => {
    // mpmath with alpha = 1.6732632423543772, lambda = 1.0507009873554805: E[selu^2] = 0.99999999999999986703.
    expect(Math.abs(deriveGain('selu').forward ** 2 - 1)).toBeLessThan(1e-9);
  });

  it('tanh, GELU, SiLU: forward sigma_w^2 = 2.536, 2.3517, 2.8108 (mpmath: 2.5361754332174537542, 2.3517156140733729476, 2.810761124074471056)', () => {
    expect(deriveGain('tanh').forward ** 2).toBeCloseTo(2.536, 3);
    expect(deriveGain('gelu').forward ** 2).toBeCloseTo(2.3517, 4);
    expect(deriveGain('silu').forward ** 2).toBeCloseTo(2.8108, 4);
    expect(relError(deriveGain('tanh').forward ** 2, 2.5361754332174537542)).toBeLessThan(1e-14);
  });

  it('sigmoid: Kumar sigma_w^2 = 12.8 (phi\'(0) = 1/4, phi(0) = 1/2)', () => {
    const g = deriveGain('sigmoid');
    expect(g.moments.slopeAtZero).toBe(0.25);
    expect(g.moments.valueAtZero).toBe(0.5);
    expect(g.kumar! ** 2).toBeCloseTo(12.8, 13);
  });

  it('has no Kumar gain where phi is not differentiable at 0, and says why', () => {
    for (const name of ['relu', 'leaky_relu', 'selu']) {
      const g = deriveGain(name);
      expect(g.kumar).toBeNull();
      expect(g.moments.slopeAtZero).toBeNull();
      expect(g.kumarReason).toMatch(/not differentiable at 0 \(slope .* from the left, .* from the right\)/);
    }
    expect(deriveGain('elu', { param: 0.5 }).kumar).toBeNull();
  });

  it('agrees with PyTorch where PyTorch is derived: relu and leaky_relu (He et al.)', () => {
    expect(Math.abs(deriveGain('relu').forward - gain('relu'))).toBeLessThan(1e-15);
    for (const slope of [0.01, 0.2, -0.5, 3]) {
      // E[leaky_relu(z)^2] = (1 + a^2) / 2 exactly, so forward = sqrt(2 / (1 + a^2)).
      expect(relError(deriveGain('leaky_relu', { param: slope }).forward, gain('leaky_relu', slope))).toBeLessThan(1e-14);
    }
  });

  it('uses options.param as elu\'s alpha (mpmath, alpha = 0.5 and 2)', () => {
    expect(relError(deriveGain('elu', { param: 0.5 }).moments.meanSquare, 0.53623635437323096577)).toBeLessThan(1e-14);
    expect(relError(deriveGain('elu', { param: 2 }).moments.derivativeMeanSquare, 1.1724080048926824257)).toBeLessThan(1e-14);
    expect(relError(deriveGain('elu', { param: 2 }).moments.mean, -0.077901135868320578696)).toBeLessThan(1e-14);
  });

  it('accepts aliases and camelCase', () => {
    expect(deriveGain('swish')).toEqual(deriveGain('silu'));
    expect(deriveGain('identity')).toEqual(deriveGain('linear'));
    expect(deriveGain('hard_tanh')).toEqual(deriveGain('hardtanh'));
    expect(deriveGain('hardTanh')).toEqual(deriveGain('hardtanh'));
    expect(deriveGain('geluTanh')).toEqual(deriveGain('gelu_tanh'));
    expect(deriveGain('leakyRelu', { param: 0.1 })).toEqual(deriveGain('leaky_relu', { param: 0.1 }));
  });
});

describe('deriveGain: activations given as functions', () => {
  it('x => max(0, x) gives relu\'s gains within 1e-9 (numeric derivative)', () => {
    const fromFunction = deriveGain((x) => Math.max(0, x));
    const builtin = deriveGain('relu');
    expect(Math.abs(fromFunction.forward - builtin.forward)).toBeLessThan(1e-9);
    expect(Math.abs(fromFunction.backward - builtin.backward)).toBeLessThan(1e-9);
    expect(fromFunction.kumar).toBeNull();
  });

  it('smooth functions: numeric derivatives match the exact ones to 1e-11', () => {
    const cases: Array<[string, (x: number) => number]> = [
      ['tanh', Math.tanh],
      ['sigmoid', (x) => 1 / (1 + Math.exp(-x))],
      ['softsign', (x) => x / (1 + Math.abs(x))],
      ['elu', (x) => (x > 0 ? x : Math.expm1(x))],
    ];
    for (const [name, f] of cases) {
      const fromFunction = deriveGain(f);
      const builtin = deriveGain(name);
      expect(relError(fromFunction.forward, builtin.forward)).toBeLessThan(1e-14);
      expect(relError(fromFunction.backward, builtin.backward)).toBeLessThan(1e-11);
      expect(relError(fromFunction.kumar!, builtin.kumar!)).toBeLessThan(1e-11);
    }
  });

  it('uses options.derivative when given, and options.kinks to split the quadrature', () => {
    const hardtanh = (x: number): number => Math.min(1, Math.max(-1, x));
    const withKinks = deriveGain(hardtanh, { derivative: (x) => (Math.abs(x) < 1 ? 1 : 0), kinks: [-1, 1] });
    expect(relError(withKinks.moments.meanSquare, 0.5160585509617133004)).toBeLessThan(1e-14);
    // P(|z| < 1) = erf(1 / sqrt 2), exactly what the split rule sums.
    expect(relError(withKinks.moments.derivativeMeanSquare, 0.68268949213708589717)).toBeLessThan(1e-14);
    // Without the kinks at +-1 the same function converges far more slowly.
    const withoutKinks = deriveGain(hardtanh, { derivative: (x) => (Math.abs(x) < 1 ? 1 : 0) });
    expect(relError(withoutKinks.moments.derivativeMeanSquare, 0.68268949213708589717)).toBeGreaterThan(1e-6);
  });

  it('the references discriminate: a Gaussian of std 1/sqrt(2) (the weight e^-x^2) or 1.001 fails them', () => {
    // Integrating phi against N(0, s^2) is integrating x => phi(s x) against N(0, 1).
    for (const s of [Math.SQRT1_2, 0.999, 1.001]) {
      const relu = deriveGain((x) => Math.max(0, s * x));
      expect(Math.abs(relu.forward - Math.SQRT2)).toBeGreaterThan(1e-4); // 2 / s^2 instead of 2
      const tanh = deriveGain((x) => Math.tanh(s * x));
      expect(relError(tanh.forward ** 2, 2.5361754332174537542)).toBeGreaterThan(1e-4);
      expect(Math.abs(tanh.forward ** 2 - 2.536)).toBeGreaterThan(5e-4);
    }
  });
});

describe('deriveGain: errors', () => {
  it('names the built-in activations when given an unknown name', () => {
    expect(() => deriveGain('relu6')).toThrow(TypeError);
    expect(() => deriveGain('relu6')).toThrow(
      /deriveGain: activation must be one of linear, relu, leaky_relu, elu, selu, gelu, gelu_tanh, silu, mish, softplus, sigmoid, tanh, hardtanh, softsign, identity, swish, hard_tanh \(or camelCase\), or a function \(x: number\) => number, got "relu6"/,
    );
    expect(() => deriveGain('constructor')).toThrow(TypeError);
  });

  it('refuses what is neither a name nor a function', () => {
    for (const bad of [42, null, undefined, {}, [Math.tanh]]) {
      expect(() => deriveGain(bad as unknown as string)).toThrow(TypeError);
    }
    expect(() => deriveGain(null as unknown as string)).toThrow(/activation must be one of .*got null/);
  });

  it('refuses a function that returns NaN or Infinity on the quadrature nodes, saying where', () => {
    expect(() => deriveGain((x) => (x > 5 ? Number.NaN : x))).toThrow(RangeError);
    expect(() => deriveGain((x) => (x > 5 ? Number.NaN : x))).toThrow(/deriveGain: activation returned NaN at x = 5\.\d+; it must be finite at every quadrature node/);
    expect(() => deriveGain((x) => Math.exp(x ** 3))).toThrow(/activation returned Infinity at x = /);
    expect(() => deriveGain(Math.tanh, { derivative: (x) => (x < -3 ? -Infinity : 1) })).toThrow(/options.derivative returned -Infinity/);
  });

  it('refuses a function that returns something other than a number', () => {
    expect(() => deriveGain((() => '1') as unknown as (x: number) => number)).toThrow(TypeError);
    expect(() => deriveGain((() => undefined) as unknown as (x: number) => number)).toThrow(/activation must return a number, got undefined at x = /);
  });

  it('refuses activations without a finite gain', () => {
    expect(() => deriveGain(() => 0)).toThrow(RangeError);
    expect(() => deriveGain(() => 0)).toThrow(/E\[phi\(z\)\^2\] = 0 .*no finite forward gain/);
    // Zero wherever the normal has mass in double precision.
    expect(() => deriveGain((x) => (x > 40 ? 1 : 0))).toThrow(/no finite forward gain/);
    expect(() => deriveGain(() => 1)).toThrow(/E\[phi'\(z\)\^2\] = 0 .*constant.*no finite backward gain/);
    expect(() => deriveGain(() => 1e200)).toThrow(/overflows double precision/);
  });

  it('has no Kumar gain when phi\'(0) = 0', () => {
    const g = deriveGain((x) => x * x);
    expect(g.kumar).toBeNull();
    expect(g.kumarReason).toMatch(/phi'\(0\) = 0/);
  });

  it('checks options at the boundary', () => {
    expect(() => deriveGain('relu', { slope: 0.1 } as never)).toThrow(/unknown option 'slope'; expected one of: param, derivative, kinks/);
    expect(() => deriveGain('relu', { param: 0.1 })).toThrow(TypeError);
    expect(() => deriveGain('relu', { param: 0.1 })).toThrow(
      /options.param applies only to leaky_relu \(the negative slope\) and elu \(alpha\); relu takes none, got 0.1/,
    );
    expect(() => deriveGain('leaky_relu', { param: true as unknown as number })).toThrow(TypeError);
    expect(() => deriveGain('leaky_relu', { param: Number.NaN })).toThrow(RangeError);
    expect(() => deriveGain('elu', { param: Infinity })).toThrow(/options.param must be a finite number, got Infinity/);
    expect(() => deriveGain(Math.tanh, { param: 1 })).toThrow(/options.param applies only to a built-in activation/);
    expect(() => deriveGain('tanh', { derivative: (x) => x })).toThrow(/options.derivative applies only to an activation given as a function/);
    expect(() => deriveGain('tanh', { kinks: [1] })).toThrow(/options.kinks applies only/);
    expect(() => deriveGain(Math.tanh, { derivative: 1 as unknown as (x: number) => number })).toThrow(
      /options.derivative must be a function \(x: number\) => number, got 1/,
    );
    expect(() => deriveGain(Math.tanh, { kinks: 1 as unknown as number[] })).toThrow(/options.kinks must be an array of finite numbers, got 1/);
    expect(() => deriveGain(Math.tanh, { kinks: [0.5, Number.NaN] })).toThrow(RangeError);
    expect(() => deriveGain(Math.tanh, { kinks: [0.5, Number.NaN] })).toThrow(/options.kinks\[1\] must be a finite number, got NaN/);
    expect(() => deriveGain(Math.tanh, { kinks: ['1'] as unknown as number[] })).toThrow(TypeError);
    expect(() => deriveGain('tanh', null as never)).toThrow(/options must be an object, got null/);
  });
});
