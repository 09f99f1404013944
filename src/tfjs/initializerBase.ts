// tfjs-layers' Initializer base class. It is not exported, yet a layer takes
// an initializer object only when it is `instanceof` that very class (any
// other object is read as a serialized config), so weightinit's initializers
// must extend it. Its built-in Zeros extends it directly.
import * as tf from '@tensorflow/tfjs';

/** What tfjs layers call: `apply(shape, dtype)` returning a tf.Tensor, plus getConfig / getClassName. */
export type TfInitializer = ReturnType<typeof tf.initializers.ones>;

export const InitializerBase = Object.getPrototypeOf(tf.initializers.zeros().constructor) as abstract new () => TfInitializer;
