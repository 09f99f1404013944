// The tfjs initializer behind every weightinit/tfjs factory: it draws with
// the weightinit scheme of the same name, so a layer's kernel is exactly the
// tensor weightinit's own function gives for the same seed, and its config
// (seed, stream, the scheme's options) rebuilds it.
import * as tf from '@tensorflow/tfjs';

import { drawTensor } from '../draw.js';
import { describe } from '../errors.js';
import type { Scheme } from '../schemes/scheme.js';
import { checkAdapterOptions } from './adapterOptions.js';
import { InitializerBase, type TfInitializer } from './initializerBase.js';

// Options are checked by drawing an empty tensor of a shape the scheme accepts.
const CONV_KERNEL_ONLY = ['dirac', 'deltaOrthogonal'];
const emptyShapeFor = (scheme: Scheme): number[] => (CONV_KERNEL_ONLY.includes(scheme.name) ? [1, 1, 0, 0] : [0, 0]);

/**
 * A weightinit scheme as a TensorFlow.js initializer (a subclass of tfjs's
 * `Initializer`, registered for serialization as `weightinit.<Scheme>`).
 * Every `apply` of one object draws the same tensor for the same shape: give
 * each layer its own initializer (a fresh seed each) or its own `stream`.
 * @example
 * const init = heNormal({ seed: 1 });   // from 'weightinit/tfjs'
 * init instanceof WeightinitInitializer // true
 * init.getConfig()                      // { seed: 1 }
 */
export abstract class WeightinitInitializer extends InitializerBase {
  readonly #scheme: Scheme;
  readonly #config: Record<string, unknown>;
  readonly #threads: number | undefined;

  protected constructor(scheme: Scheme, options: unknown) {
    super();
    const { config, threads } = checkAdapterOptions(scheme.name, options, scheme.keys);
    drawTensor(scheme, emptyShapeFor(scheme), { ...config, threads });
    this.#scheme = scheme;
    this.#config = config;
    this.#threads = threads;
  }

  /** Draws the weights for `shape` (tfjs layers call this); float32 only. */
  override apply(shape: Parameters<TfInitializer['apply']>[0], dtype?: tf.DataType): tf.Tensor {
    if (dtype !== undefined && dtype !== null && dtype !== 'float32') {
      throw new TypeError(`${this.#scheme.name}: dtype must be 'float32' (weightinit/tfjs draws float32 weights), got ${describe(dtype)}`);
    }
    const { data, shape: dims } = drawTensor(this.#scheme, shape, { ...this.#config, threads: this.#threads });
    return tf.tensor(data as Float32Array, dims, 'float32');
  }

  /** seed, stream (when given) and the scheme's options: what `fromConfig` needs to rebuild this initializer. */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.#config } as tf.serialization.ConfigDict;
  }

  /** Rebuilds an initializer from its config (tfjs deserialization adds a `customObjects` entry, not an option). */
  static fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    const { customObjects: _, ...options } = config;
    return new cls(options);
  }
}

/** The registered subclass for a scheme: className `weightinit.HeNormal` for heNormal. */
export function registeredInitializer(scheme: Scheme): new (options?: unknown) => WeightinitInitializer {
  const Registered = class extends WeightinitInitializer {
    static className = `weightinit.${scheme.name[0]!.toUpperCase()}${scheme.name.slice(1)}`;
    constructor(options?: unknown) {
      super(scheme, options);
    }
  };
  tf.serialization.registerClass(Registered);
  return Registered;
}
