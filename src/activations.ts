// The built-in activations of deriveGain: each function with its exact
// derivative and the points where either is not smooth (where quadrature must
// split). Definitions follow torch.nn.functional.
import { normalCdf } from './normalCdf.js';

/** An activation ready for integration. */
export interface Activation {
  readonly phi: (x: number) => number;
  readonly derivative: (x: number) => number;
  /** Where phi or its derivative has a kink or a jump (possibly in a higher derivative). */
  readonly kinks: readonly number[];
}

/** A built-in activation, made from its parameter when it has one. */
export interface BuiltinActivation {
  /** What options.param means for it, and its default; absent when it takes none. */
  readonly param?: { readonly meaning: string; readonly fallback: number };
  readonly make: (param: number) => Activation;
}

// Self-normalizing constants (Klambauer et al., 2017), as in torch.nn.SELU.
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const GELU_TANH_CUBIC = 0.044715;

// sigma'(x) = sigma(x) sigma(-x) keeps full relative accuracy where 1 - sigma(x) would cancel.
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const sigmoidSlope = (x: number): number => sigmoid(x) * sigmoid(-x);
const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
const sech2 = (x: number): number => {
  const c = Math.cosh(x);
  return 1 / (c * c);
};

const elu = (alpha: number): Activation => ({
  phi: (x) => (x > 0 ? x : alpha * Math.expm1(x)),
  derivative: (x) => (x > 0 ? 1 : alpha * Math.exp(x)),
  kinks: [0],
});

const leakyRelu = (slope: number): Activation => ({
  phi: (x) => (x > 0 ? x : slope * x),
  derivative: (x) => (x > 0 ? 1 : slope),
  kinks: [0],
});

const seluBase = elu(SELU_ALPHA);

const fixed = (activation: Activation): BuiltinActivation => ({ make: () => activation });

/** Canonical (snake_case) name -> activation. */
export const ACTIVATIONS = {
  linear: fixed({ phi: (x) => x, derivative: () => 1, kinks: [] }),
  relu: fixed(leakyRelu(0)),
  leaky_relu: { param: { meaning: 'the negative slope', fallback: 0.01 }, make: leakyRelu },
  elu: { param: { meaning: 'alpha', fallback: 1 }, make: elu },
  selu: fixed({
    phi: (x) => SELU_SCALE * seluBase.phi(x),
    derivative: (x) => SELU_SCALE * seluBase.derivative(x),
    kinks: [0],
  }),
  // x Phi(x), the exact form (torch's approximate='none').
  gelu: fixed({
    phi: (x) => x * normalCdf(x),
    derivative: (x) => normalCdf(x) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x),
    kinks: [],
  }),
  // torch's approximate='tanh': x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
  gelu_tanh: fixed({
    phi: (x) => 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + GELU_TANH_CUBIC * x ** 3))),
    derivative: (x) => {
      const u = SQRT_2_OVER_PI * (x + GELU_TANH_CUBIC * x ** 3);
      const du = SQRT_2_OVER_PI * (1 + 3 * GELU_TANH_CUBIC * x * x);
      return 0.5 * (1 + Math.tanh(u)) + 0.5 * x * sech2(u) * du;
    },
    kinks: [],
  }),
  silu: fixed({
    phi: (x) => x * sigmoid(x),
    derivative: (x) => sigmoid(x) + x * sigmoidSlope(x),
    kinks: [],
  }),
  // x tanh(softplus(x)) (Misra, 2019).
  mish: fixed({
    phi: (x) => x * Math.tanh(softplus(x)),
    derivative: (x) => Math.tanh(softplus(x)) + x * sech2(softplus(x)) * sigmoid(x),
    kinks: [],
  }),
  softplus: fixed({ phi: softplus, derivative: sigmoid, kinks: [] }),
  sigmoid: fixed({ phi: sigmoid, derivative: sigmoidSlope, kinks: [] }),
  tanh: fixed({ phi: Math.tanh, derivative: sech2, kinks: [] }),
  hardtanh: fixed({
    phi: (x) => Math.min(1, Math.max(-1, x)),
    derivative: (x) => (Math.abs(x) < 1 ? 1 : 0),
    kinks: [-1, 1],
  }),
  // x / (1 + |x|): smooth but for a jump in the second derivative at 0.
  softsign: fixed({
    phi: (x) => x / (1 + Math.abs(x)),
    derivative: (x) => 1 / (1 + Math.abs(x)) ** 2,
    kinks: [0],
  }),
} as const satisfies Record<string, BuiltinActivation>;

/** Other spellings of built-in names. */
export const ACTIVATION_ALIASES = {
  identity: 'linear',
  swish: 'silu',
  hard_tanh: 'hardtanh',
} as const satisfies Record<string, keyof typeof ACTIVATIONS>;

/** leakyRelu -> leaky_relu, convTranspose2d -> conv_transpose2d; snake_case passes through. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
