// A whole model in one call: every parameter drawn with the model's seed and
// its own name's stream, returned as tensors or streamed to a file.
import { drawTensor, drawTensorAsync } from '../draw.js';
import { parameterSource } from '../io/tensorSource.js';
import { FILE_KEYS, writeTensorFile, type FileOptions, type WrittenFiles } from '../io/writeTensorFile.js';
import { ASYNC_KEYS, Tracker } from '../progress.js';
import { resolveKey, type Seed } from '../stream.js';
import { BYTES_PER_ELEMENT, checkDType, type DType, type Tensor } from '../tensor.js';
import { checkOptions } from '../validate.js';
import { planModel, type PlannedParameter } from './modelSpec.js';

export interface InitModelOptions {
  /** One seed for the whole model (default: a fresh random one, returned in each tensor). */
  seed?: Seed;
  /** The dtype of every parameter that does not set its own (default 'float32'). */
  dtype?: DType;
  threads?: number;
}

export interface InitModelFileOptions extends InitModelOptions, FileOptions {
  /** Stream the model to this .safetensors (or, for one parameter, .npy) file instead of returning tensors. */
  file: string;
}

export interface WrittenModel extends WrittenFiles {
  seed: Seed;
}

const KEYS = ['seed', 'dtype', 'threads'] as const;

function plan(fn: string, spec: unknown, o: Record<string, unknown>): { seed: Seed; parameters: PlannedParameter[] } {
  const { seed } = resolveKey(fn, o);
  const dtype = checkDType(fn, o['dtype']) ?? 'float32';
  return { seed, parameters: planModel(fn, spec, seed, dtype, o['threads'] as number | undefined) };
}

export function initModel(spec: unknown, options?: unknown): Record<string, Tensor> {
  const fn = 'initModel';
  const o = checkOptions(fn, options, KEYS);
  if (o['file'] !== undefined) throw new TypeError(`${fn}: 'file' is an option of the Promise form (weightinit/promises)`);
  const { parameters } = plan(fn, spec, o);
  return Object.fromEntries(parameters.map((p) => [p.name, drawTensor(p.scheme, p.dims, p.options)]));
}

export async function initModelAsync(spec: unknown, options?: unknown): Promise<Record<string, Tensor> | WrittenModel> {
  const fn = 'initModel';
  const o = checkOptions(fn, options, [...KEYS, 'file', ...FILE_KEYS]);
  const { seed, parameters } = plan(fn, spec, o);
  if (o['file'] !== undefined) {
    const metadata = { 'weightinit.seed': String(seed), ...(o['metadata'] as Record<string, string> | undefined) };
    const written = await writeTensorFile(fn, o['file'], parameters.map(parameterSource), { ...o, ...(!String(o['file']).endsWith('.npy') && { metadata }) });
    return { ...written, seed };
  }
  for (const key of FILE_KEYS.filter((k) => !(ASYNC_KEYS as readonly string[]).includes(k))) {
    if (o[key] !== undefined) throw new TypeError(`${fn}: '${key}' needs 'file'`);
  }
  const total = parameters.reduce((sum, p) => sum + p.size * BYTES_PER_ELEMENT[p.dtype], 0);
  const tracker = new Tracker(fn, o, total);
  const tensors: Record<string, Tensor> = {};
  for (const p of parameters) {
    tracker.check();
    tensors[p.name] = await drawTensorAsync(p.scheme, p.dims, { ...p.options, ...(o['signal'] !== undefined && { signal: o['signal'] }) });
    tracker.advance(p.size * BYTES_PER_ELEMENT[p.dtype]);
  }
  tracker.finish();
  return tensors;
}
