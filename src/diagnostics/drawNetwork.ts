// Draws everything a diagnosis needs from one seed, each in its own stream
// so that adding a layer never changes another: layer l's weights in stream
// l, its bias in stream 2^40 + l, the input batch in stream 2^32 and the
// output gradient in stream 2^32 + 1 (docs/DIAGNOSTICS.md).
import { drawTensor, drawTensorAsync } from '../draw.js';
import { normalScheme, uniformScheme } from '../schemes/base.js';
import type { Scheme } from '../schemes/scheme.js';
import type { Tensor } from '../tensor.js';
import type { Init, Layer } from './network.js';

export const INPUT_STREAM = 2n ** 32n;
export const OUTPUT_GRADIENT_STREAM = 2n ** 32n + 1n;
const BIAS_STREAMS = 2n ** 40n;

export interface DrawnLayer {
  weights: Float32Array;
  bias?: Float32Array;
}

export interface DrawnNetwork {
  layers: DrawnLayer[];
  input: Float32Array;
  outputGradient: Float32Array;
}

interface Draw {
  scheme: Scheme;
  shape: number[];
  options: Record<string, unknown>;
}

// Weights are [in, out] (h = x W): the 'io' layout, whatever the scheme's convention.
function initDraw(init: Init, shape: number[], seed: bigint, stream: bigint, threads: number): Draw {
  const layout = init.scheme.keys.includes('layout') ? { layout: 'io' } : {};
  return { scheme: init.scheme, shape, options: { ...init.options, ...layout, seed, stream, threads, dtype: 'float32' } };
}

/** 'normal' is N(0, 1); 'uniform' is U[-sqrt 3, sqrt 3), also of unit variance. */
export type InputKind = 'normal' | 'uniform';

function draws(layers: Layer[], batch: number, input: InputKind, seed: bigint, threads: number): Draw[] {
  const list: Draw[] = [];
  layers.forEach((layer, l) => {
    list.push(initDraw(layer.weights, [layer.in, layer.out], seed, BigInt(l), threads));
    if (layer.bias) list.push(initDraw(layer.bias, [layer.out], seed, BIAS_STREAMS + BigInt(l), threads));
  });
  const inputDraw = input === 'normal' ? { scheme: normalScheme, options: {} } : { scheme: uniformScheme, options: { low: -Math.sqrt(3), high: Math.sqrt(3) } };
  list.push({ scheme: inputDraw.scheme, shape: [batch, layers[0]!.in], options: { ...inputDraw.options, seed, stream: INPUT_STREAM, threads } });
  list.push({ scheme: normalScheme, shape: [batch, layers[layers.length - 1]!.out], options: { seed, stream: OUTPUT_GRADIENT_STREAM, threads } });
  return list;
}

function assemble(layers: Layer[], tensors: Tensor[]): DrawnNetwork {
  let next = 0;
  const take = () => tensors[next++]!.data as Float32Array;
  const drawn = layers.map((layer) => ({ weights: take(), ...(layer.bias ? { bias: take() } : {}) }));
  return { layers: drawn, input: take(), outputGradient: take() };
}

export function drawNetwork(layers: Layer[], batch: number, input: InputKind, seed: bigint, threads: number): DrawnNetwork {
  return assemble(layers, draws(layers, batch, input, seed, threads).map((d) => drawTensor(d.scheme, d.shape, d.options)));
}

export async function drawNetworkAsync(layers: Layer[], batch: number, input: InputKind, seed: bigint, threads: number): Promise<DrawnNetwork> {
  const tensors: Tensor[] = [];
  for (const d of draws(layers, batch, input, seed, threads)) tensors.push(await drawTensorAsync(d.scheme, d.shape, d.options));
  return assemble(layers, tensors);
}
