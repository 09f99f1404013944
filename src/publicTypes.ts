// The types of the public API, shared by the sync and Promise entry points.
export type { BackendInfo } from './backend.js';
export type { Convention } from './conventions.js';
export type { BitsOptions, DrawOptions } from './draw.js';
export type { ActivationName, DeriveGainOptions, DerivedGain, GainNonlinearity } from './gain.js';
export type { AxesLayout, FanOptions, Fans, Layout } from './fans.js';
export type { DistributionSpec } from './schemes/distribution.js';
export type { NormalOptions, TruncatedNormalOptions, UniformOptions } from './schemes/base.js';
export type { OrthogonalOptions } from './schemes/orthogonal.js';
export type { SparseOptions } from './schemes/sparse.js';
export type { ConstantOptions, DiracOptions, IdentityOptions } from './schemes/structured.js';
export type { FanMode, GlorotOptions, HeOptions, LayoutOptions, ScalingDistribution, VarianceScalingOptions } from './schemes/varianceScaling.js';
export type { Seed, StreamOptions } from './stream.js';
export type { DType, FloatArray, Shape, Tensor } from './tensor.js';
