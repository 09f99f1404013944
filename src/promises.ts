/**
 * The Promise forms of weightinit's functions: the same arguments and
 * results; the work runs off the event loop (native: on a libuv worker and the
 * thread pool; js: in slices between event-loop turns).
 */
import { drawBitsAsync, drawTensorAsync, type AsyncDrawOptions, type BitsOptions } from './draw.js';
import { writeTensorsFile, type TensorLike } from './io/writeTensors.js';
import type { FileOptions, WrittenFiles } from './io/writeTensorFile.js';
import { initModelAsync, type InitModelFileOptions, type InitModelOptions, type WrittenModel } from './model/initModel.js';
import type { ModelSpec } from './model/modelSpec.js';
import type { AsyncOptions } from './progress.js';
import { normalScheme, truncatedNormalScheme, uniformScheme, type NormalOptions, type TruncatedNormalOptions, type UniformOptions } from './schemes/base.js';
import { deltaOrthogonalScheme, orthogonalScheme, type OrthogonalOptions } from './schemes/orthogonal.js';
import type { Scheme } from './schemes/scheme.js';
import { sparseScheme, type SparseOptions } from './schemes/sparse.js';
import { constantSchemeOf, diracScheme, identityScheme, onesScheme, zerosScheme, type ConstantOptions, type DiracOptions, type IdentityOptions } from './schemes/structured.js';
import {
  glorotNormalScheme, glorotUniformScheme, heNormalScheme, heUniformScheme, lecunNormalScheme, lecunUniformScheme, varianceScalingScheme,
  type GlorotOptions, type HeOptions, type LayoutOptions, type VarianceScalingOptions,
} from './schemes/varianceScaling.js';
import type { DType, Shape, Tensor } from './tensor.js';

export { backend, calibrate, criticalWeightVariance, deriveGain, fans, gain, jacobianSpectrum, meanFieldPropagation, schemeDistribution, shard } from './index.js';
export { diagnoseAsync as diagnose } from './diagnostics/diagnose.js';
export { readNpyAsync as readNpy } from './io/readNpy.js';
export { openSafetensorsAsync as openSafetensors, readSafetensorsAsync as readSafetensors } from './io/readSafetensors.js';
export type * from './publicTypes.js';

/** The Promise twin of a sync draw whose own options are O. */
type AsyncDraw<O> = <D extends DType = 'float32'>(shape: Shape, options?: Omit<O, 'dtype'> & AsyncDrawOptions<D>) => Promise<Tensor<D>>;

const asyncOf = <O>(scheme: Scheme): AsyncDraw<O> =>
  ((shape: Shape, options?: unknown) => drawTensorAsync(scheme, shape, options)) as AsyncDraw<O>;

/** Promise form of `uniform`. */
export const uniform: AsyncDraw<UniformOptions<DType>> = asyncOf(uniformScheme);
/** Promise form of `normal`. */
export const normal: AsyncDraw<NormalOptions<DType>> = asyncOf(normalScheme);
/** Promise form of `truncatedNormal`. */
export const truncatedNormal: AsyncDraw<TruncatedNormalOptions<DType>> = asyncOf(truncatedNormalScheme);
/** Promise form of `zeros`. */
export const zeros: AsyncDraw<object> = asyncOf(zerosScheme);
/** Promise form of `ones`. */
export const ones: AsyncDraw<object> = asyncOf(onesScheme);
/** Promise form of `constant`. */
export const constant: AsyncDraw<ConstantOptions<DType>> = asyncOf(constantSchemeOf);
/** Promise form of `varianceScaling`. */
export const varianceScaling: AsyncDraw<VarianceScalingOptions<DType>> = asyncOf(varianceScalingScheme);
/** Promise form of `glorotUniform`. */
export const glorotUniform: AsyncDraw<GlorotOptions<DType>> = asyncOf(glorotUniformScheme);
/** Promise form of `glorotNormal`. */
export const glorotNormal: AsyncDraw<GlorotOptions<DType>> = asyncOf(glorotNormalScheme);
/** Promise form of `heUniform`. */
export const heUniform: AsyncDraw<HeOptions<DType>> = asyncOf(heUniformScheme);
/** Promise form of `heNormal`. */
export const heNormal: AsyncDraw<HeOptions<DType>> = asyncOf(heNormalScheme);
/** Promise form of `lecunUniform`. */
export const lecunUniform: AsyncDraw<LayoutOptions<DType>> = asyncOf(lecunUniformScheme);
/** Promise form of `lecunNormal`. */
export const lecunNormal: AsyncDraw<LayoutOptions<DType>> = asyncOf(lecunNormalScheme);
/** Promise form of `orthogonal`. */
export const orthogonal: AsyncDraw<OrthogonalOptions<DType>> = asyncOf(orthogonalScheme);
/** Promise form of `deltaOrthogonal`. */
export const deltaOrthogonal: AsyncDraw<OrthogonalOptions<DType>> = asyncOf(deltaOrthogonalScheme);
/** Promise form of `identity`. */
export const identity: AsyncDraw<IdentityOptions<DType>> = asyncOf(identityScheme);
/** Promise form of `dirac`. */
export const dirac: AsyncDraw<DiracOptions<DType>> = asyncOf(diracScheme);
/** Promise form of `sparse`. */
export const sparse: AsyncDraw<SparseOptions<DType>> = asyncOf(sparseScheme);
export { glorotUniform as xavierUniform, glorotNormal as xavierNormal, heUniform as kaimingUniform, heNormal as kaimingNormal, identity as eye };

/** Promise form of `randomBits`. */
export function randomBits(out: Uint32Array, options: BitsOptions & AsyncOptions): Promise<Uint32Array> {
  return drawBitsAsync(out, options);
}

/**
 * Promise form of `initModel`; with `file`, streams the model to a
 * .safetensors file (sharded with a Hugging Face index when `maxShardBytes`
 * is set) or, for one parameter, a .npy file, in bounded memory
 * (`memoryBudget`, default 256 MiB), reporting progress in bytes written. No
 * file appears under its final name unless the whole write succeeds.
 * @example
 * await initModel(spec, { seed: 42, file: 'model.safetensors', maxShardBytes: 5e9, onProgress: ({ done, total }) => log(done / total) })
 */
export function initModel(spec: ModelSpec, options: InitModelFileOptions & AsyncOptions): Promise<WrittenModel>;
export function initModel(spec: ModelSpec, options?: InitModelOptions & AsyncOptions): Promise<Record<string, Tensor>>;
export function initModel(spec: ModelSpec, options?: unknown): Promise<Record<string, Tensor> | WrittenModel> {
  return initModelAsync(spec, options);
}

/**
 * Writes tensors (name -> { shape, dtype, data }) to a .safetensors file, or
 * a sharded checkpoint with `maxShardBytes`; atomic, with progress and abort.
 * @example await writeSafetensors('layer.safetensors', { weight: heNormal([256, 128], { seed: 1 }) })
 */
export function writeSafetensors(file: string, tensors: Record<string, TensorLike>, options?: FileOptions): Promise<WrittenFiles> {
  return writeTensorsFile('writeSafetensors', file, tensors, options);
}

/**
 * Writes one tensor to a .npy file (float32, float64 or float16; NumPy has no bfloat16).
 * @example await writeNpy('w.npy', heNormal([256, 128], { seed: 1 }))
 */
export function writeNpy(file: string, tensor: TensorLike, options?: Omit<FileOptions, 'maxShardBytes' | 'metadata'>): Promise<WrittenFiles> {
  return writeTensorsFile('writeNpy', file, { array: tensor }, options);
}
