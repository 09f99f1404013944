/**
 * weightinit's schemes as TensorFlow.js initializers, for `kernelInitializer`
 * and `biasInitializer` of @tensorflow/tfjs layers (an optional peer
 * dependency, loaded only by this entry point).
 *
 * - Values: a layer's kernel is exactly what weightinit's function of the same
 *   name draws for that shape and seed, so it is reproducible on every machine
 *   and backend. Keras's conventions apply, as tfjs stores kernels the Keras
 *   way (Dense [in, out], Conv2D [kh, kw, in, out]): fans as Keras computes
 *   them, and the normal variants truncated at +-2 std with the 0.8796
 *   correction (as Keras >= 2.3 and JAX; tfjs 4's own heNormal does not
 *   correct, so its std is 0.88x the intended one).
 * - Seeds: an initializer made without a seed picks one at creation and keeps
 *   it in its config, so a saved model rebuilds the same weights.
 * - Reuse: one initializer object applied to two layers gives both the same
 *   values for the same shape (as tfjs's and Keras 3's seeded initializers do);
 *   give each layer its own initializer, or its own `stream` under one seed.
 * - Serialization: each initializer is registered with
 *   `tf.serialization.registerClass` as `weightinit.<Scheme>` (e.g.
 *   `weightinit.HeNormal`); import this module before loading a saved model.
 * - dtype: float32 weights only (tfjs layers' default).
 * @example
 * import * as tf from '@tensorflow/tfjs';
 * import * as wi from 'weightinit/tfjs';
 * const model = tf.sequential({ layers: [
 *   tf.layers.dense({ inputShape: [784], units: 256, activation: 'relu', kernelInitializer: wi.heNormal({ seed: 1 }), biasInitializer: wi.zeros() }),
 * ] });
 * @packageDocumentation
 */
import { SCHEMES } from './schemes/registry.js';
import type { NormalOptions, TruncatedNormalOptions, UniformOptions } from './schemes/base.js';
import type { OrthogonalOptions } from './schemes/orthogonal.js';
import type { SparseOptions } from './schemes/sparse.js';
import type { ConstantOptions, DiracOptions, IdentityOptions } from './schemes/structured.js';
import type { GlorotOptions, HeOptions, LayoutOptions, VarianceScalingOptions } from './schemes/varianceScaling.js';
import type { TfjsOptions } from './tfjs/adapterOptions.js';
import { registeredInitializer, WeightinitInitializer } from './tfjs/weightinitInitializer.js';

export type { TfjsDrawOptions, TfjsOptions } from './tfjs/adapterOptions.js';
export { WeightinitInitializer };

const NAMES = [
  'uniform', 'normal', 'truncatedNormal', 'zeros', 'ones', 'constant', 'varianceScaling', 'glorotUniform', 'glorotNormal',
  'heUniform', 'heNormal', 'lecunUniform', 'lecunNormal', 'orthogonal', 'deltaOrthogonal', 'identity', 'dirac', 'sparse',
] as const;

// Registered when this module loads, so tf.models.modelFromJSON finds them.
const CLASSES = Object.fromEntries(NAMES.map((name) => [name, registeredInitializer(SCHEMES[name]!)])) as Record<
  (typeof NAMES)[number],
  ReturnType<typeof registeredInitializer>
>;

// ---- base distributions

/**
 * Uniform samples on [low, high) (default [0, 1)), as weightinit's `uniform`.
 * @example tf.layers.dense({ units: 10, kernelInitializer: uniform({ low: -0.05, high: 0.05, seed: 1 }) })
 */
export function uniform(options?: TfjsOptions<UniformOptions>): WeightinitInitializer {
  return new CLASSES.uniform(options);
}

/**
 * Normal samples (default N(0, 1)), as weightinit's `normal`.
 * @example tf.layers.dense({ units: 10, kernelInitializer: normal({ std: 0.02, seed: 1 }) })
 */
export function normal(options?: TfjsOptions<NormalOptions>): WeightinitInitializer {
  return new CLASSES.normal(options);
}

/**
 * Normal samples within [low, high] (default mean -+ 2 std), as weightinit's `truncatedNormal`.
 * @example tf.layers.dense({ units: 10, kernelInitializer: truncatedNormal({ std: 0.02, seed: 1 }) })
 */
export function truncatedNormal(options?: TfjsOptions<TruncatedNormalOptions>): WeightinitInitializer {
  return new CLASSES.truncatedNormal(options);
}

// ---- constants

/** All zeros (biases). @example tf.layers.dense({ units: 10, biasInitializer: zeros() }) */
export function zeros(options?: TfjsOptions<object>): WeightinitInitializer {
  return new CLASSES.zeros(options);
}

/** All ones. @example tf.layers.batchNormalization({ gammaInitializer: ones() }) */
export function ones(options?: TfjsOptions<object>): WeightinitInitializer {
  return new CLASSES.ones(options);
}

/** Every element = value. @example tf.layers.dense({ units: 10, biasInitializer: constant({ value: 0.1 }) }) */
export function constant(options: TfjsOptions<ConstantOptions>): WeightinitInitializer {
  return new CLASSES.constant(options);
}

// ---- variance scaling

/**
 * Var(W) = scale / n, n = fan-in, fan-out or their mean, as weightinit's `varianceScaling` (Keras VarianceScaling).
 * @example tf.layers.dense({ units: 10, kernelInitializer: varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'uniform', seed: 1 }) })
 */
export function varianceScaling(options?: TfjsOptions<VarianceScalingOptions>): WeightinitInitializer {
  return new CLASSES.varianceScaling(options);
}

/**
 * Glorot/Xavier uniform: U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out)).
 * @example tf.layers.dense({ units: 10, activation: 'tanh', kernelInitializer: glorotUniform({ seed: 1 }) })
 */
export function glorotUniform(options?: TfjsOptions<GlorotOptions>): WeightinitInitializer {
  return new CLASSES.glorotUniform(options);
}

/**
 * Glorot/Xavier normal: std = gain * sqrt(2 / (fan_in + fan_out)), truncated and corrected.
 * @example tf.layers.dense({ units: 10, activation: 'tanh', kernelInitializer: glorotNormal({ seed: 1 }) })
 */
export function glorotNormal(options?: TfjsOptions<GlorotOptions>): WeightinitInitializer {
  return new CLASSES.glorotNormal(options);
}

/**
 * He/Kaiming uniform: U(-b, b), b = gain * sqrt(3 / fan), gain from the nonlinearity (relu: sqrt 2).
 * @example tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', kernelInitializer: heUniform({ seed: 1 }) })
 */
export function heUniform(options?: TfjsOptions<HeOptions>): WeightinitInitializer {
  return new CLASSES.heUniform(options);
}

/**
 * He/Kaiming normal: std = gain / sqrt(fan), truncated at +-2 std and corrected.
 * @example tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', kernelInitializer: heNormal({ seed: 1 }) })
 */
export function heNormal(options?: TfjsOptions<HeOptions>): WeightinitInitializer {
  return new CLASSES.heNormal(options);
}

/** LeCun uniform: U(-a, a), a = sqrt(3 / fan_in). @example tf.layers.dense({ units: 10, kernelInitializer: lecunUniform({ seed: 1 }) }) */
export function lecunUniform(options?: TfjsOptions<LayoutOptions>): WeightinitInitializer {
  return new CLASSES.lecunUniform(options);
}

/** LeCun normal: std = 1 / sqrt(fan_in) (for SELU). @example tf.layers.dense({ units: 10, activation: 'selu', kernelInitializer: lecunNormal({ seed: 1 }) }) */
export function lecunNormal(options?: TfjsOptions<LayoutOptions>): WeightinitInitializer {
  return new CLASSES.lecunNormal(options);
}

export { glorotUniform as xavierUniform, glorotNormal as xavierNormal, heUniform as kaimingUniform, heNormal as kaimingNormal };

// ---- structured

/**
 * A (semi-)orthogonal matrix times gain, Haar-distributed; kernels of more than
 * 2 dims are flattened to (rest, shape[-1]) as Keras does.
 * @example tf.layers.simpleRNN({ units: 64, recurrentInitializer: orthogonal({ seed: 1 }) })
 */
export function orthogonal(options?: TfjsOptions<OrthogonalOptions>): WeightinitInitializer {
  return new CLASSES.orthogonal(options);
}

/**
 * Orthogonal at the kernel centre, zero elsewhere (needs in channels <= filters).
 * @example tf.layers.conv2d({ filters: 64, kernelSize: 3, kernelInitializer: deltaOrthogonal({ seed: 1 }) })
 */
export function deltaOrthogonal(options?: TfjsOptions<OrthogonalOptions>): WeightinitInitializer {
  return new CLASSES.deltaOrthogonal(options);
}

/** gain on the diagonal of a 2-D kernel. @example tf.layers.dense({ units: 64, kernelInitializer: identity() }) */
export function identity(options?: TfjsOptions<IdentityOptions>): WeightinitInitializer {
  return new CLASSES.identity(options);
}
export { identity as eye };

/** Identity-preserving convolution kernels, with groups. @example tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', kernelInitializer: dirac() }) */
export function dirac(options?: TfjsOptions<DiracOptions>): WeightinitInitializer {
  return new CLASSES.dirac(options);
}

/** Normal N(0, std^2) with a fixed fraction of zeros per column. @example tf.layers.dense({ units: 100, kernelInitializer: sparse({ sparsity: 0.9, seed: 1 }) }) */
export function sparse(options: TfjsOptions<SparseOptions>): WeightinitInitializer {
  return new CLASSES.sparse(options);
}
