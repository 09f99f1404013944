/**
 * weightinit: reproducible, fast weight initialization. Every function here
 * has a Promise twin in `weightinit/promises`.
 */
import { drawBits, drawTensor, type BitsOptions, type DrawOptions } from './draw.js';
import { conventionOf } from './conventions.js';
import { fansOf, type FanOptions, type Fans } from './fans.js';
import { normalScheme, truncatedNormalScheme, uniformScheme, type NormalOptions, type TruncatedNormalOptions, type UniformOptions } from './schemes/base.js';
import { deltaOrthogonalScheme, orthogonalScheme, type OrthogonalOptions } from './schemes/orthogonal.js';
import type { DistributionSpec } from './schemes/distribution.js';
import { isDistributionScheme, schemeNamed } from './schemes/registry.js';
import { sparseScheme, type SparseOptions } from './schemes/sparse.js';
import { constantSchemeOf, diracScheme, identityScheme, onesScheme, zerosScheme, type ConstantOptions, type DiracOptions, type IdentityOptions } from './schemes/structured.js';
import {
  glorotNormalScheme, glorotUniformScheme, heNormalScheme, heUniformScheme, lecunNormalScheme, lecunUniformScheme, varianceScalingScheme,
  type GlorotOptions, type HeOptions, type LayoutOptions, type VarianceScalingOptions,
} from './schemes/varianceScaling.js';
import { initModel as initModelSync, type InitModelOptions } from './model/initModel.js';
import type { ModelSpec } from './model/modelSpec.js';
import { shardOf, type Shard, type ShardOptions } from './region.js';
import { checkShape, type DType, type Shape, type Tensor } from './tensor.js';
import { checkOptions } from './validate.js';

export { backend } from './backend.js';
export { readNpy } from './io/readNpy.js';
export { openSafetensors, readSafetensors } from './io/readSafetensors.js';
export { deriveGain, gain } from './gain.js';
export { calibrate } from './diagnostics/calibrate.js';
export { diagnose } from './diagnostics/diagnose.js';
export { jacobianSpectrum } from './diagnostics/jacobian.js';
export { criticalWeightVariance } from './diagnostics/criticalWeightVariance.js';
export { meanFieldPropagation } from './diagnostics/meanField.js';
export { meanFieldFixedPoint } from './diagnostics/meanFieldFixedPoint.js';
export { signalVerdict } from './diagnostics/verdict.js';
export type * from './publicTypes.js';

// ---- base distributions

/**
 * Uniform samples on [low, high).
 * @example uniform([784, 256], { low: -0.05, high: 0.05, seed: 1 })
 */
export function uniform<D extends DType = 'float32'>(shape: Shape, options?: UniformOptions<D>): Tensor<D> {
  return drawTensor(uniformScheme, shape, options) as Tensor<D>;
}

/**
 * Normal samples (e.g. AlexNet's N(0, 0.01^2)).
 * @example normal([4096, 4096], { std: 0.01, seed: 7 })
 */
export function normal<D extends DType = 'float32'>(shape: Shape, options?: NormalOptions<D>): Tensor<D> {
  return drawTensor(normalScheme, shape, options) as Tensor<D>;
}

/**
 * Normal samples conditioned on [low, high]: absolute bounds as PyTorch's
 * trunc_normal_ (`low`/`high`, default mean -+ 2 std) or in std units as
 * JAX's truncated_normal (`lower`/`upper`). Every sample lies inside.
 * @example truncatedNormal([512, 512], { std: 0.02, seed: 3 }) // within +-0.04
 */
export function truncatedNormal<D extends DType = 'float32'>(shape: Shape, options?: TruncatedNormalOptions<D>): Tensor<D> {
  return drawTensor(truncatedNormalScheme, shape, options) as Tensor<D>;
}

/**
 * The raw Philox4x32-10 stream: out[i] = word (offset + i) of (seed, stream).
 * @example randomBits(new Uint32Array(8), { seed: 42n })
 */
export function randomBits(out: Uint32Array, options: BitsOptions): Uint32Array {
  return drawBits(out, options);
}

// ---- constants

/** All zeros (e.g. biases). @example zeros([256]) */
export function zeros<D extends DType = 'float32'>(shape: Shape, options?: DrawOptions<D>): Tensor<D> {
  return drawTensor(zerosScheme, shape, options) as Tensor<D>;
}

/** All ones. @example ones([256]) */
export function ones<D extends DType = 'float32'>(shape: Shape, options?: DrawOptions<D>): Tensor<D> {
  return drawTensor(onesScheme, shape, options) as Tensor<D>;
}

/** Every element = value. @example constant([256], { value: 0.1 }) */
export function constant<D extends DType = 'float32'>(shape: Shape, options: ConstantOptions<D>): Tensor<D> {
  return drawTensor(constantSchemeOf, shape, options) as Tensor<D>;
}

// ---- variance scaling

/**
 * Var(W) = scale / n, n = fan-in, fan-out or their mean (Keras/JAX VarianceScaling).
 * 'truncatedNormal' (default) is truncated at +-2 std and corrected to the requested variance.
 * @example varianceScaling([3, 3, 64, 128], { scale: 2, mode: 'fanIn', distribution: 'normal', seed: 1 })
 */
export function varianceScaling<D extends DType = 'float32'>(shape: Shape, options?: VarianceScalingOptions<D>): Tensor<D> {
  return drawTensor(varianceScalingScheme, shape, options) as Tensor<D>;
}

/**
 * Glorot/Xavier uniform: U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out)).
 * @example glorotUniform([784, 256], { seed: 1 })
 */
export function glorotUniform<D extends DType = 'float32'>(shape: Shape, options?: GlorotOptions<D>): Tensor<D> {
  return drawTensor(glorotUniformScheme, shape, options) as Tensor<D>;
}

/**
 * Glorot/Xavier normal: std = gain * sqrt(2 / (fan_in + fan_out)); truncated and
 * corrected (Keras, JAX; the default) or plain (convention 'pytorch').
 * @example glorotNormal([784, 256], { seed: 1 })
 */
export function glorotNormal<D extends DType = 'float32'>(shape: Shape, options?: GlorotOptions<D>): Tensor<D> {
  return drawTensor(glorotNormalScheme, shape, options) as Tensor<D>;
}

/**
 * He/Kaiming uniform: U(-b, b), b = gain * sqrt(3 / fan), gain from the nonlinearity (relu: sqrt 2).
 * @example heUniform([64, 3, 7, 7], { convention: 'pytorch', seed: 1 })
 */
export function heUniform<D extends DType = 'float32'>(shape: Shape, options?: HeOptions<D>): Tensor<D> {
  return drawTensor(heUniformScheme, shape, options) as Tensor<D>;
}

/**
 * He/Kaiming normal: std = gain / sqrt(fan); truncated and corrected (Keras, JAX) or plain (PyTorch).
 * @example heNormal([3, 3, 64, 128], { seed: 1 })
 */
export function heNormal<D extends DType = 'float32'>(shape: Shape, options?: HeOptions<D>): Tensor<D> {
  return drawTensor(heNormalScheme, shape, options) as Tensor<D>;
}

/** LeCun uniform: U(-a, a), a = sqrt(3 / fan_in). @example lecunUniform([512, 512], { seed: 1 }) */
export function lecunUniform<D extends DType = 'float32'>(shape: Shape, options?: LayoutOptions<D>): Tensor<D> {
  return drawTensor(lecunUniformScheme, shape, options) as Tensor<D>;
}

/** LeCun normal: std = 1 / sqrt(fan_in) (for SELU). @example lecunNormal([512, 512], { seed: 1 }) */
export function lecunNormal<D extends DType = 'float32'>(shape: Shape, options?: LayoutOptions<D>): Tensor<D> {
  return drawTensor(lecunNormalScheme, shape, options) as Tensor<D>;
}

export { glorotUniform as xavierUniform, glorotNormal as xavierNormal, heUniform as kaimingUniform, heNormal as kaimingNormal };

// ---- structured

/**
 * A (semi-)orthogonal matrix times gain, Haar-distributed; shapes of more than
 * 2 dims are flattened (Keras/JAX: (rest, shape[-1]); PyTorch: (shape[0], rest)).
 * @example orthogonal([256, 256], { gain: 1, seed: 1 })
 */
export function orthogonal<D extends DType = 'float32'>(shape: Shape, options?: OrthogonalOptions<D>): Tensor<D> {
  return drawTensor(orthogonalScheme, shape, options) as Tensor<D>;
}

/**
 * Orthogonal at the kernel centre, zero elsewhere (convolutions; needs in <= out).
 * @example deltaOrthogonal([3, 3, 64, 64], { seed: 1 })
 */
export function deltaOrthogonal<D extends DType = 'float32'>(shape: Shape, options?: OrthogonalOptions<D>): Tensor<D> {
  return drawTensor(deltaOrthogonalScheme, shape, options) as Tensor<D>;
}

/** gain on the diagonal of a 2-D matrix (torch eye_, Keras Identity). @example identity([128, 128]) */
export function identity<D extends DType = 'float32'>(shape: Shape, options?: IdentityOptions<D>): Tensor<D> {
  return drawTensor(identityScheme, shape, options) as Tensor<D>;
}
export { identity as eye };

/** Identity-preserving convolution kernels (torch dirac_), with groups. @example dirac([16, 16, 3, 3], { convention: 'pytorch' }) */
export function dirac<D extends DType = 'float32'>(shape: Shape, options?: DiracOptions<D>): Tensor<D> {
  return drawTensor(diracScheme, shape, options) as Tensor<D>;
}

/** Normal N(0, std^2) with a fixed fraction of zeros per column (torch sparse_). @example sparse([1000, 100], { sparsity: 0.9, seed: 1 }) */
export function sparse<D extends DType = 'float32'>(shape: Shape, options: SparseOptions<D>): Tensor<D> {
  return drawTensor(sparseScheme, shape, options) as Tensor<D>;
}

// ---- fans

/**
 * fan_in, fan_out and receptive field of a weight shape. The receptive field
 * (product of the spatial dims) counts: a 5x5 kernel over 3 channels has fan_in 75.
 * @example fans([5, 5, 3, 8]) // { fanIn: 75, fanOut: 200, receptiveField: 25 } (Keras HWIO)
 * @example fans([8, 3, 5, 5], { layout: 'oihw' }) // the same for PyTorch's OIHW
 */
export function fans(shape: Shape, options?: FanOptions): Fans {
  const o = checkOptions('fans', options, ['layout', 'convention']);
  const { dims } = checkShape('fans', shape);
  return fansOf('fans', dims, o['layout'], conventionOf('fans', o['convention']));
}

/**
 * The distribution and parameters a scheme uses for a shape, in double
 * precision as the anchors' formulas give them (before rounding to float32).
 * @example schemeDistribution('heUniform', [8, 3, 5, 5], { convention: 'pytorch' })
 * // { distribution: 'uniform', low: -0.2828..., high: 0.2828... }  (sqrt(2) * sqrt(3 / 75))
 */
export function schemeDistribution(name: string, shape: Shape, options?: Record<string, unknown>): DistributionSpec {
  const fn = 'schemeDistribution';
  const scheme = schemeNamed(fn, name);
  if (!isDistributionScheme(scheme)) {
    throw new TypeError(`${fn}: '${name}' is not drawn from one distribution; choose a variance-scaling or base distribution scheme`);
  }
  const o = checkOptions(scheme.name, options, scheme.keys);
  return scheme.spec({ fn: scheme.name, o, dims: checkShape(scheme.name, shape).dims });
}

/**
 * The slice of a tensor that `rank` of `world` ranks owns along `axis`
 * (default 0), split as torch.chunk splits: ceil(n / world) indices per rank,
 * the last ranks fewer or none. Pass it (or just { world, rank, axis }) as the
 * `shard` option of any elementwise scheme to draw that slice alone: the
 * shards of all ranks assemble into the tensor drawn whole, byte for byte.
 * @example
 * const mine = shard([65536, 65536], { world: 8, rank }) // rows [8192 * rank, 8192 * (rank + 1))
 * const w = heNormal([65536, 65536], { seed: 7, shard: mine }) // w.shape = [8192, 65536]
 */
export function shard(shape: Shape, options: ShardOptions): Shard {
  return shardOf('shard', checkShape('shard', shape).dims, options);
}

/**
 * Every parameter of a model in one call: names mapped to a shape and a
 * scheme. All parameters share the seed; each draws from a stream derived
 * from its name alone (docs/RNG.md), so adding, removing or reordering
 * parameters never changes another parameter's values. To stream a model too
 * big for memory to a .safetensors file, use the Promise form with `file`.
 * @example
 * const params = initModel({
 *   'encoder.0.weight': { shape: [512, 784], scheme: 'kaimingNormal', options: { convention: 'pytorch' } },
 *   'encoder.0.bias': { shape: [512], scheme: 'zeros' },
 * }, { seed: 42 })
 * params['encoder.0.weight'].data // Float32Array(401408)
 */
export function initModel(spec: ModelSpec, options?: InitModelOptions): Record<string, Tensor> {
  return initModelSync(spec, options);
}
