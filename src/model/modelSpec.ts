// A model spec: parameter names mapped to a shape and a scheme (and its
// options), as code or as JSON (the command line's --model file).
import { rangeError, typeError } from '../errors.js';
import { schemeNamed } from '../schemes/registry.js';
import type { Scheme } from '../schemes/scheme.js';
import { checkDType, checkShape, type DType, type Shape } from '../tensor.js';
import { checkOptions } from '../validate.js';
import { parameterStream } from './parameterStream.js';

export interface ParameterSpec {
  shape: Shape;
  /** A scheme's function name in any case style: 'heNormal', 'he-normal', 'kaiming_normal', 'zeros', ... */
  scheme: string;
  /** The scheme's own options (gain, mode, std, convention, layout, value, ...). */
  options?: Record<string, unknown>;
  /** Overrides the model's dtype for this parameter. */
  dtype?: DType;
}

/** Parameter name ("encoder.layers.3.attn.q.weight") -> what to draw. */
export type ModelSpec = Record<string, ParameterSpec>;

export interface PlannedParameter {
  name: string;
  scheme: Scheme;
  dims: number[];
  size: number;
  dtype: DType;
  /** The scheme's options with the model's seed and the name's stream. */
  options: Record<string, unknown>;
}

// What the model decides for every parameter, so a spec cannot override it.
const MODEL_OWNED = ['seed', 'stream', 'offset', 'out', 'shard', 'dtype', 'threads', 'signal', 'onProgress'];

export function planModel(fn: string, spec: unknown, seed: number | bigint, dtype: DType, threads: number | undefined): PlannedParameter[] {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw typeError(fn, 'spec', 'an object mapping parameter names to { shape, scheme, options? }', spec);
  return Object.entries(spec).map(([name, entry]) => {
    const where = `spec[${JSON.stringify(name)}]`;
    if (name === '') throw rangeError(fn, 'a parameter name', 'a non-empty string', name);
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw typeError(fn, where, 'an object { shape, scheme, options?, dtype? }', entry);
    const e = checkOptions(`${fn}: ${where}`, entry, ['shape', 'scheme', 'options', 'dtype']);
    const scheme = schemeNamed(`${fn}: ${where}`, e['scheme']);
    const { dims, size } = checkShape(`${fn}: ${where}`, e['shape']);
    const own = checkOptions(`${fn}: ${where}.options`, e['options'], [...scheme.keys, ...MODEL_OWNED]);
    for (const key of MODEL_OWNED) {
      if (key in own) throw new TypeError(`${fn}: ${where}.options must not set '${key}': the model sets it for every parameter`);
    }
    const chosen = checkDType(`${fn}: ${where}`, e['dtype']) ?? dtype;
    const options = { ...own, seed, stream: parameterStream(name), dtype: chosen, ...(threads === undefined ? {} : { threads }) };
    scheme.check({ fn: `${fn}: ${where}`, o: options, dims, size });
    return { name, scheme, dims, size, dtype: chosen, options };
  });
}
