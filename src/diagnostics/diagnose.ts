// diagnose(network): draw the network from one seed, run the forward and
// backward pass with per-layer statistics on the backend, and report them
// beside mean-field theory with a verdict and a fix.
import { kernels } from '../backend.js';
import { rangeError, typeError } from '../errors.js';
import { randomSeed, type Seed } from '../stream.js';
import { checkOptions, threadCount, uint64 } from '../validate.js';
import { drawNetwork, drawNetworkAsync, type DrawnNetwork, type InputKind } from './drawNetwork.js';
import { layersOf, type Layer, type NetworkSpec } from './network.js';
import type { NetworkPass } from './networkPass.js';
import { buildReport, type Diagnosis } from './report.js';

export interface DiagnoseOptions {
  /** Inputs per pass (default 256; at least 2). */
  batch?: number;
  /** Seed of weights, inputs and output gradient; default: drawn and reported. */
  seed?: Seed;
  /** The input batch: 'normal' (N(0,1), default) or 'uniform' (unit variance). */
  input?: InputKind;
  threads?: number;
}

interface Prepared {
  fn: string;
  layers: Layer[];
  batch: number;
  input: InputKind;
  seed: Seed;
  key: bigint;
  threads: number;
}

/** Checks the options of a diagnosis-like call over already-checked layers. */
export function prepareDiagnosis(fn: string, layers: Layer[], options: unknown): Prepared {
  const o = checkOptions(fn, options, ['batch', 'seed', 'input', 'threads']);
  const batch = o['batch'] ?? 256;
  if (typeof batch !== 'number') throw typeError(fn, 'batch', 'an integer >= 2', batch);
  if (!Number.isSafeInteger(batch) || batch < 2) throw rangeError(fn, 'batch', 'an integer >= 2 (variances need two samples)', batch);
  const input = o['input'] ?? 'normal';
  if (input !== 'normal' && input !== 'uniform') throw typeError(fn, 'input', "'normal' or 'uniform'", input);
  const seed = (o['seed'] as Seed | undefined) ?? randomSeed();
  const info = kernels().info();
  return { fn, layers, batch, input, seed, key: uint64(fn, 'seed', seed), threads: threadCount(fn, o['threads'], info.threads, info.maxThreads) };
}

export function passOf(p: Pick<Prepared, 'batch' | 'layers'>, drawn: DrawnNetwork): NetworkPass {
  return {
    batch: p.batch,
    input: drawn.input,
    outputGradient: drawn.outputGradient,
    layers: p.layers.map((layer, l) => ({
      in: layer.in,
      out: layer.out,
      weights: drawn.layers[l]!.weights,
      ...(drawn.layers[l]!.bias ? { bias: drawn.layers[l]!.bias! } : {}),
      activation: layer.activation,
      param: layer.param,
    })),
  };
}

function header(p: Prepared) {
  const k = kernels();
  return { backend: { kind: k.kind, simd: k.info().simd }, seed: p.seed };
}

/**
 * Diagnoses signal propagation through a deep dense network at its init.
 * @example diagnose({ depth: 50, width: 1024, activation: 'relu', init: 'heNormal' }, { seed: 1 }).summary
 */
export function diagnose(network: NetworkSpec, options?: DiagnoseOptions): Diagnosis {
  const p = prepareDiagnosis('diagnose', layersOf('diagnose', network), options);
  const drawn = drawNetwork(p.layers, p.batch, p.input, p.key, p.threads);
  const stats = kernels().networkStats(passOf(p, drawn), p.threads);
  return buildReport(p.layers, drawn, stats, p.batch, header(p));
}

/** The Promise form of `diagnose`: drawing and the passes run off the event loop. */
export async function diagnoseAsync(network: NetworkSpec, options?: DiagnoseOptions): Promise<Diagnosis> {
  const p = prepareDiagnosis('diagnose', layersOf('diagnose', network), options);
  const drawn = await drawNetworkAsync(p.layers, p.batch, p.input, p.key, p.threads);
  const stats = await kernels().networkStatsAsync(passOf(p, drawn), p.threads);
  return buildReport(p.layers, drawn, stats, p.batch, header(p));
}
