// weightinit/tfjs initializers inside real tf.sequential models: each layer's
// kernel is, byte for byte, what weightinit's function of the same name draws
// for that shape and seed (Keras layouts: Dense [in, out], Conv2D
// [kh, kw, in, out]); biases come from the constant schemes.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import * as wi from '../../src/index.js';
import * as wt from '../../src/tfjs.js';

const bits = (a: ArrayBufferView): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.byteLength / 4);
const weights = (layer: tf.layers.Layer): Float32Array[] => layer.getWeights().map((w) => w.dataSync<'float32'>());

type Factory = (options: never) => wt.WeightinitInitializer;
type Draw = (shape: number[], options: never) => wi.Tensor;
/** A tfjs factory, the weightinit function it must agree with, and their options. */
type Case = [name: string, factory: Factory, draw: Draw, options: Record<string, unknown>];
const drawn = (draw: Draw, shape: number[], options: Record<string, unknown>): Uint32Array => bits(draw(shape, options as never).data);

const DENSE_CASES: Case[] = [
  ['heNormal', wt.heNormal, wi.heNormal, { seed: 1 }],
  ['heUniform', wt.heUniform, wi.heUniform, { seed: 2, mode: 'fanOut' }],
  ['glorotUniform', wt.glorotUniform, wi.glorotUniform, { seed: 3 }],
  ['glorotNormal', wt.glorotNormal, wi.glorotNormal, { seed: 4, gain: 2 }],
  ['lecunNormal', wt.lecunNormal, wi.lecunNormal, { seed: 5 }],
  ['lecunUniform', wt.lecunUniform, wi.lecunUniform, { seed: 6 }],
  ['varianceScaling', wt.varianceScaling, wi.varianceScaling, { seed: 7, scale: 3, mode: 'fanAvg', distribution: 'uniform' }],
  ['orthogonal', wt.orthogonal, wi.orthogonal, { seed: 8, gain: 1.5 }],
  ['uniform', wt.uniform, wi.uniform, { seed: 9, low: -0.1, high: 0.2 }],
  ['normal', wt.normal, wi.normal, { seed: 10, std: 0.02 }],
  ['truncatedNormal', wt.truncatedNormal, wi.truncatedNormal, { seed: 11, std: 0.5 }],
  ['sparse', wt.sparse, wi.sparse, { seed: 12, sparsity: 0.5 }],
  ['kaimingNormal', wt.kaimingNormal, wi.heNormal, { seed: 13, stream: 4 }],
];

const CONV_CASES: Case[] = [
  ['heNormal', wt.heNormal, wi.heNormal, { seed: 21 }],
  ['glorotUniform', wt.glorotUniform, wi.glorotUniform, { seed: 22 }],
  ['orthogonal', wt.orthogonal, wi.orthogonal, { seed: 23 }],
  ['deltaOrthogonal', wt.deltaOrthogonal, wi.deltaOrthogonal, { seed: 24 }],
  ['dirac', wt.dirac, wi.dirac, {}],
];

describe('weightinit/tfjs in a tf.sequential model', () => {
  it.each(DENSE_CASES)('Dense kernel from %s equals weightinit for the same seed', (_, factory, draw, options) => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [48], units: 32, kernelInitializer: factory(options as never), biasInitializer: wt.constant({ value: 0.25 }) }),
        tf.layers.dense({ units: 16, kernelInitializer: factory({ ...options, stream: 99 } as never), biasInitializer: wt.zeros() }),
      ],
    });
    const [k0, b0] = weights(model.layers[0]!);
    const [k1, b1] = weights(model.layers[1]!);
    expect(bits(k0!)).toEqual(drawn(draw, [48, 32], options));
    expect(bits(k1!)).toEqual(drawn(draw, [32, 16], { ...options, stream: 99 }));
    expect(Array.from(b0!)).toEqual(new Array(32).fill(0.25));
    expect(bits(b1!)).toEqual(bits(new Float32Array(16)));
  });

  it.each(CONV_CASES)('Conv2D kernel [kh, kw, in, out] from %s equals weightinit', (_, factory, draw, options) => {
    const model = tf.sequential({
      layers: [tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 6, kernelSize: 3, kernelInitializer: factory(options as never), biasInitializer: wt.ones() })],
    });
    const [kernel, bias] = weights(model.layers[0]!);
    expect(model.layers[0]!.getWeights()[0]!.shape).toEqual([3, 3, 3, 6]);
    expect(bits(kernel!)).toEqual(drawn(draw, [3, 3, 3, 6], options));
    expect(Array.from(bias!)).toEqual(new Array(6).fill(1));
  });

  it('uses Keras fans: heNormal on a 3x3 conv over 16 channels has std sqrt(2 / 144)', () => {
    const w = wt.heNormal({ seed: 3 }).apply([3, 3, 16, 512]).dataSync<'float32'>();
    const variance = w.reduce((s, x) => s + x * x, 0) / w.length;
    expect(variance).toBeCloseTo(2 / 144, 3);
  });

  it('gives the same values on every apply of one object (reuse is documented), independent ones for fresh objects', () => {
    const init = wt.heNormal({ seed: 5 });
    expect(bits(init.apply([16, 16]).dataSync<'float32'>())).toEqual(bits(init.apply([16, 16]).dataSync<'float32'>()));
    const a = wt.heNormal().apply([16, 16]).dataSync<'float32'>();
    const b = wt.heNormal().apply([16, 16]).dataSync<'float32'>();
    expect(bits(a)).not.toEqual(bits(b));
  });

  it('picks a seed at creation when none is given, kept in the config', () => {
    const init = wt.glorotUniform({ gain: 2 });
    const { seed, gain } = init.getConfig();
    expect(Number.isSafeInteger(seed)).toBe(true);
    expect(gain).toBe(2);
    expect(bits(init.apply([8, 8]).dataSync<'float32'>())).toEqual(bits(wi.glorotUniform([8, 8], { seed: seed as number, gain: 2 }).data));
  });

  it('is a tfjs Initializer that layers accept as an object', () => {
    const init = wt.heNormal({ seed: 1 });
    expect(init).toBeInstanceOf(wt.WeightinitInitializer);
    expect(init.getClassName()).toBe('weightinit.HeNormal');
    const layer = tf.layers.dense({ units: 2, kernelInitializer: init });
    expect((layer as unknown as { kernelInitializer: unknown }).kernelInitializer).toBe(init);
  });
});

describe('weightinit/tfjs input checks', () => {
  it('refuses dtypes other than float32', () => {
    expect(() => wt.heNormal({ seed: 1 }).apply([2, 2], 'int32')).toThrow(new TypeError("heNormal: dtype must be 'float32' (weightinit/tfjs draws float32 weights), got \"int32\""));
    expect(wt.heNormal({ seed: 1 }).apply([2, 2], 'float32').dtype).toBe('float32');
  });

  it('refuses seeds and streams a JSON config cannot hold', () => {
    expect(() => wt.heNormal({ seed: 1n as never })).toThrow(TypeError);
    expect(() => wt.heNormal({ seed: 1n as never })).toThrow(/heNormal: seed must be a non-negative safe integer/);
    expect(() => wt.heNormal({ seed: -1 })).toThrow(new RangeError('heNormal: seed must be a non-negative safe integer, got -1'));
    expect(() => wt.orthogonal({ stream: 0.5 })).toThrow(new RangeError('orthogonal: stream must be a non-negative safe integer, got 0.5'));
  });

  it('refuses draw options that do not apply to a layer, and layout/convention (tfjs kernels are Keras-shaped)', () => {
    for (const key of ['offset', 'dtype', 'out', 'layout', 'convention']) {
      expect(() => wt.heNormal({ [key]: undefined, seed: 1 } as never)).toThrow(new RegExp(`heNormal: unknown option '${key}'`));
    }
  });

  it('checks option values when the initializer is created, not when the model is built', () => {
    expect(() => wt.heNormal({ mode: 'fan' as never })).toThrow(/heNormal: mode must be one of/);
    expect(() => wt.constant({} as never)).toThrow(/constant: option 'value' is required/);
    expect(() => wt.sparse({ sparsity: 1 })).toThrow(RangeError);
    expect(() => wt.dirac({ groups: 0 })).toThrow(/dirac: groups must be a positive integer/);
    expect(() => wt.orthogonal({ gain: -1 })).toThrow(/orthogonal: gain must be a number > 0/);
  });

  it('reports shape errors from apply with the scheme name', () => {
    expect(() => wt.deltaOrthogonal({ seed: 1 }).apply([3, 3, 8, 4])).toThrow(/deltaOrthogonal: needs in channels <= out channels/);
  });
});
