// The types of the public API, shared by the sync and Promise entry points.
export type { BackendInfo } from './backend.js';
export type { BitsOptions, DrawOptions } from './draw.js';
export type { NormalOptions, TruncatedNormalOptions, UniformOptions } from './distributions.js';
export type { Seed, StreamOptions } from './stream.js';
export type { DType, FloatArray, Shape, Tensor } from './tensor.js';
