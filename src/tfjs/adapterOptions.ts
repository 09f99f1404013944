// The options of a weightinit/tfjs initializer, checked when it is created so
// a bad option fails where the layer is defined, not when the model is built.
// They become the initializer's tfjs config, which is JSON: seeds and streams
// are plain safe integers here, not bigints.
import type { DrawOptions } from '../draw.js';
import { rangeError, typeError } from '../errors.js';
import { randomSeed } from '../stream.js';
import { checkOptions } from '../validate.js';

/**
 * The options every weightinit/tfjs initializer takes besides its scheme's own.
 * There is no `layout` or `convention`: tfjs layers store kernels as Keras
 * does ([in, out], [kh, kw, in, out]), and the initializers follow Keras.
 */
export interface TfjsDrawOptions {
  /** Non-negative safe integer; default: a fresh random one, kept in the config. */
  seed?: number;
  /** Independent stream under the same seed (default 0), e.g. one per layer. */
  stream?: number;
  /** Threads for the native fill (default: all cores); not part of the config, it does not change the values. */
  threads?: number;
}

/** A scheme's own options (none of the draw options, layout or convention) plus seed, stream and threads. */
export type TfjsOptions<O> = Omit<O, keyof DrawOptions | 'layout' | 'convention'> & TfjsDrawOptions;

export interface CheckedOptions {
  /** seed (always), stream (when given) and the scheme's options: the tfjs config. */
  config: Record<string, unknown>;
  threads: number | undefined;
}

function jsonSafeInteger(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number') throw typeError(fn, name, 'a non-negative safe integer (a tfjs config is JSON: no bigint)', value);
  if (!Number.isSafeInteger(value) || value < 0) throw rangeError(fn, name, 'a non-negative safe integer', value);
  return value;
}

/** Checks a scheme's options for tfjs; `schemeKeys` are the scheme's own option names. */
export function checkAdapterOptions(fn: string, options: unknown, schemeKeys: readonly string[]): CheckedOptions {
  const own = schemeKeys.filter((k) => k !== 'layout' && k !== 'convention');
  const o = checkOptions(fn, options, [...own, 'seed', 'stream', 'threads']);
  const config: Record<string, unknown> = { seed: o['seed'] === undefined ? randomSeed() : jsonSafeInteger(fn, 'seed', o['seed']) };
  if (o['stream'] !== undefined) config['stream'] = jsonSafeInteger(fn, 'stream', o['stream']);
  // An option left undefined stays out: tfjs would save it as null, which no scheme takes.
  for (const key of own) if (o[key] !== undefined) config[key] = o[key];
  return { config, threads: o['threads'] as number | undefined };
}
