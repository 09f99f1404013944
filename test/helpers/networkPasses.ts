// Networks for the network pass tests: Gaussian weights from the normal fill
// (the same bits on every backend), and a float64 forward pass to take
// finite differences of.
import { type Activation, ACTIVATIONS, type BuiltinActivation } from '../../src/activations.js';
import type { NetworkPass, NetworkPassActivation, NetworkPassLayer } from '../../src/diagnostics/networkPass.js';
import { normalParams } from '../../src/distributionParams.js';
import { jsKernels } from '../../src/js/kernels.js';
import { position } from '../../src/stream.js';

/** n draws of N(0, std^2) from stream `stream` of `seed`. */
export function gaussian(n: number, std: number, seed: number, stream: number): Float32Array {
  const out = new Float32Array(n);
  jsKernels.fill('normal', out, position(BigInt(seed), BigInt(stream), 0n), normalParams('test', 0, std), 1);
  return out;
}

/** The parameter each activation is tested with. */
export const PARAM: Record<NetworkPassActivation, number> = {
  linear: 0, relu: 0, leaky_relu: 0.2, elu: 0.7, selu: 0, gelu: 0, silu: 0, tanh: 0, sigmoid: 0, softplus: 0,
};

export interface PassShape {
  batch: number;
  /** widths[0] is the input's, widths[l] layer l's output. */
  widths: number[];
  activation: NetworkPassActivation;
  /** Weights are N(0, gain^2 / in). */
  gain: number;
  /** Bias std; 0: no bias. */
  biasStd?: number;
  seed: number;
}

export function makePass({ batch, widths, activation, gain, biasStd = 0, seed }: PassShape): NetworkPass {
  const layers: NetworkPassLayer[] = [];
  for (let l = 1; l < widths.length; l++) {
    const n = widths[l - 1]!, m = widths[l]!;
    layers.push({
      in: n,
      out: m,
      weights: gaussian(n * m, gain / Math.sqrt(n), seed, l),
      ...(biasStd > 0 ? { bias: gaussian(m, biasStd, seed, 1000 + l) } : {}),
      activation,
      param: PARAM[activation],
    });
  }
  return {
    batch,
    input: gaussian(batch * widths[0]!, 1, seed, 0),
    layers,
    outputGradient: gaussian(batch * widths[widths.length - 1]!, 1, seed, 999),
  };
}

const activationOf = (layer: NetworkPassLayer): Activation =>
  (ACTIVATIONS[layer.activation] as BuiltinActivation).make(Math.fround(layer.param));

/** x_0 = x, x_1, ..., x_L of `layers` over a batch, in float64. */
export function float64Activations(layers: readonly NetworkPassLayer[], batch: number, x: Float64Array): Float64Array[] {
  const all = [x];
  for (const layer of layers) {
    const { phi } = activationOf(layer);
    const current = all[all.length - 1]!;
    const next = new Float64Array(batch * layer.out);
    for (let b = 0; b < batch; b++) {
      for (let o = 0; o < layer.out; o++) {
        let h = layer.bias ? layer.bias[o]! : 0;
        for (let i = 0; i < layer.in; i++) h += current[b * layer.in + i]! * layer.weights[i * layer.out + o]!;
        next[b * layer.out + o] = phi(h);
      }
    }
    all.push(next);
  }
  return all;
}

/**
 * dL/dx for L = sum(x_L ⊙ outputGradient), by central differences of the
 * float64 pass: truncation error ~ step^2, rounding ~ 1e-16 |L| / step.
 */
export function finiteDifferenceGradient(
  layers: readonly NetworkPassLayer[], batch: number, x: Float64Array, outputGradient: Float32Array, step = 1e-5,
): Float64Array {
  const loss = (input: Float64Array): number => {
    const out = float64Activations(layers, batch, input).pop()!;
    let sum = 0;
    for (let i = 0; i < out.length; i++) sum += out[i]! * outputGradient[i]!;
    return sum;
  };
  const gradient = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const probe = x.slice();
    probe[i] = x[i]! + step;
    const up = loss(probe);
    probe[i] = x[i]! - step;
    gradient[i] = (up - loss(probe)) / (2 * step);
  }
  return gradient;
}
