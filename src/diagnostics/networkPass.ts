// The network pass kernel's contract (Kernels.networkStats): what both
// backends are given, what they compute, and the layout of the statistics
// they return.
//
// Forward, from x_0 = input:  h_l = x_{l-1} W_l + b_l,  x_l = phi_l(h_l).
// Backward, from g_L = outputGradient (dL/dx_L):
//   delta_l = g_l ⊙ phi_l'(h_l),  g_{l-1} = delta_l W_l^T.
// h, x, delta and g are float32 tensors, as in a float32 network; every
// statistic of them is accumulated in float64.

/** The activations the pass runs (definitions as in activations.ts). */
export const NETWORK_PASS_ACTIVATIONS = [
  'linear', 'relu', 'leaky_relu', 'elu', 'selu', 'gelu', 'silu', 'tanh', 'sigmoid', 'softplus',
] as const;
export type NetworkPassActivation = (typeof NETWORK_PASS_ACTIVATIONS)[number];

export interface NetworkPassLayer {
  in: number;
  out: number;
  /** in x out, row-major: h = x W + b. */
  weights: Float32Array;
  /** out elements; absent: zero. */
  bias?: Float32Array;
  activation: NetworkPassActivation;
  /** leaky_relu's negative slope, elu's alpha; ignored by the others. */
  param: number;
}

export interface NetworkPass {
  batch: number;
  /** batch x layers[0].in, row-major. */
  input: Float32Array;
  /** Each layer's `in` is the previous layer's `out`. */
  layers: readonly NetworkPassLayer[];
  /** dL/dx_L: batch x layers[L-1].out, row-major. */
  outputGradient: Float32Array;
}

/**
 * The result is row-major rows x STATS_FIELDS, rows = layers + 1: row l - 1
 * describes layer l (h_l, x_l and g_l = dL/dx_l, so g_L is the given output
 * gradient), and the last row, statsInputRow(layers), the input: its x
 * fields are x_0's, its g fields g_0's (dL/dinput), its h fields 0. Sums run
 * over all batch x width entries.
 */
export const STAT = {
  H_SUM: 0,
  H_SUM_SQUARES: 1,
  X_SUM: 2,
  X_SUM_SQUARES: 3,
  /** Entries of x exactly 0 (+0 or -0): dead ReLU outputs. */
  X_ZEROS: 4,
  /** Entries within 1% of a bound: tanh |x| > 0.99; sigmoid x < 0.01 or x > 0.99; 0 for the others. */
  X_SATURATED: 5,
  /** The mean over units of each unit's variance over the batch (divided by batch, not batch - 1). */
  X_UNIT_VARIANCE: 6,
  G_SUM: 7,
  G_SUM_SQUARES: 8,
  /**
   * 1 when h or x of this layer (or of the input row: the input) held an inf
   * or NaN, or an earlier layer's did; the row's other forward fields are then 0.
   */
  OVERFLOW: 9,
  /**
   * 1 when g of this row held an inf or NaN, or the g of a later layer did
   * (the backward pass runs from L down to the input), or the backward pass
   * never ran because the forward pass overflowed; G_SUM and G_SUM_SQUARES
   * are then 0.
   */
  GRADIENT_OVERFLOW: 10,
} as const;

export const STATS_FIELDS = 11;

/** The row of the input (x_0, g_0): after the layers'. */
export const statsInputRow = (layers: number): number => layers;
