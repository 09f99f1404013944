// A model built with weightinit/tfjs initializers saves its initializers'
// configs (seed, stream, options) under their registered class names, loads
// back from that JSON, and the loaded model draws the very same weights.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import * as wt from '../../src/tfjs.js';

const bits = (a: ArrayBufferView): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.byteLength / 4);

interface InitializerJson { class_name: string; config: Record<string, unknown> }
interface LayerJson { class_name: string; config: Record<string, unknown> }

function model(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, kernelInitializer: wt.heNormal({ seed: 1, mode: 'fanOut', nonlinearity: 'leaky_relu', negativeSlope: 0.2 }), biasInitializer: wt.constant({ value: 0.1 }) }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 16, kernelInitializer: wt.varianceScaling({ seed: 2, stream: 7, scale: 2, mode: 'fan_avg', distribution: 'truncatedNormal' }), biasInitializer: wt.zeros() }),
      tf.layers.dense({ units: 16, kernelInitializer: wt.orthogonal({ gain: 2 }), biasInitializer: wt.ones() }),
    ],
  });
}

// What a saved model.json holds: the topology as JSON text (snake_case keys and values, as tfjs writes it).
const saved = (m: tf.LayersModel): string => JSON.stringify(m.toJSON(null, false));
const weightBits = (m: tf.LayersModel): Uint32Array[] => m.getWeights().map((w) => bits(w.dataSync<'float32'>()));

describe('weightinit/tfjs serialization', () => {
  it('registers every initializer under weightinit.<Scheme>', () => {
    const names = Object.keys(tf.serialization.SerializationMap.getMap().classNameMap).filter((n) => n.startsWith('weightinit.'));
    expect(names.sort()).toEqual(
      [
        'Constant', 'DeltaOrthogonal', 'Dirac', 'GlorotNormal', 'GlorotUniform', 'HeNormal', 'HeUniform', 'Identity', 'LecunNormal',
        'LecunUniform', 'Normal', 'Ones', 'Orthogonal', 'Sparse', 'TruncatedNormal', 'Uniform', 'VarianceScaling', 'Zeros',
      ].map((n) => `weightinit.${n}`),
    );
  });

  it("writes each layer's initializer class name and config, with the seed it drew with", () => {
    const m = model();
    const layers = (JSON.parse(saved(m)) as { config: { layers: LayerJson[] } }).config.layers;
    const init = (i: number, key: string) => layers[i]!.config[key] as InitializerJson;
    expect(init(0, 'kernel_initializer')).toEqual({ class_name: 'weightinit.HeNormal', config: { seed: 1, mode: 'fan_out', nonlinearity: 'leaky_relu', negative_slope: 0.2 } });
    expect(init(0, 'bias_initializer').class_name).toBe('weightinit.Constant');
    expect(init(2, 'kernel_initializer').config).toEqual({ seed: 2, stream: 7, scale: 2, mode: 'fan_avg', distribution: 'truncated_normal' });
    const orthogonal = init(3, 'kernel_initializer');
    expect(orthogonal.class_name).toBe('weightinit.Orthogonal');
    expect(Number.isSafeInteger(orthogonal.config['seed'])).toBe(true);
  });

  it('loads back from the saved JSON with the same configs and draws the same weights', async () => {
    const original = model();
    const json = saved(original);
    const loaded = await tf.models.modelFromJSON({ modelTopology: JSON.parse(json) });
    expect(saved(loaded)).toBe(json);
    expect(weightBits(loaded)).toEqual(weightBits(original));
    const kernelInit = (loaded.layers[0] as unknown as { kernelInitializer: wt.WeightinitInitializer }).kernelInitializer;
    expect(kernelInit).toBeInstanceOf(wt.WeightinitInitializer);
    expect(kernelInit.getConfig()).toEqual({ seed: 1, mode: 'fanOut', nonlinearity: 'leakyRelu', negativeSlope: 0.2 });
  });

  it('leaves options given as undefined out of the config (tfjs would save them as null)', async () => {
    const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 4, kernelInitializer: wt.orthogonal({ seed: 3, gain: undefined }) })] });
    const json = JSON.parse(saved(m)) as { config: { layers: LayerJson[] } };
    expect((json.config.layers[0]!.config['kernel_initializer'] as InitializerJson).config).toEqual({ seed: 3 });
    expect(weightBits(await tf.models.modelFromJSON({ modelTopology: json }))).toEqual(weightBits(m));
  });

  it('round-trips one initializer through tfjs serialization (getConfig / fromConfig)', () => {
    const init = wt.sparse({ seed: 5, stream: 2, density: 0.25, std: 0.1 });
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[init.getClassName()]!;
    const rebuilt = fromConfig(cls, { ...init.getConfig(), customObjects: {} }) as wt.WeightinitInitializer;
    expect(rebuilt.getConfig()).toEqual(init.getConfig());
    expect(bits(rebuilt.apply([32, 8]).dataSync<'float32'>())).toEqual(bits(init.apply([32, 8]).dataSync<'float32'>()));
  });
});
