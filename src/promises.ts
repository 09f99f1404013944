/**
 * The Promise forms of weightinit's functions: the same arguments and
 * results; the work runs off the event loop (native: on a libuv worker and the
 * thread pool; js: in slices between event-loop turns).
 */
import { drawBitsAsync, drawTensorAsync, type AsyncDrawOptions, type BitsOptions } from './draw.js';
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
