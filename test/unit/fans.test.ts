// fan_in / fan_out for every layout the anchors use. Receptive field =
// product of the spatial dims, so a 5x5 kernel over 3 input channels has
// fan_in 75 whichever layout stores it.
import { describe, expect, it } from 'vitest';

import { fans } from '../../src/index.js';

describe('fans', () => {
  it.each([
    // shape, options, expected; formula source in the comment
    [[784, 256], {}, { fanIn: 784, fanOut: 256, receptiveField: 1 }], // Keras Dense kernel [in, out]
    [[256, 784], { layout: 'oi' }, { fanIn: 784, fanOut: 256, receptiveField: 1 }], // torch Linear weight [out, in]
    [[5, 5, 3, 8], {}, { fanIn: 75, fanOut: 200, receptiveField: 25 }], // Keras Conv2D HWIO: fan_in = 3*5*5
    [[5, 5, 3, 8], { layout: 'hwio' }, { fanIn: 75, fanOut: 200, receptiveField: 25 }],
    [[8, 3, 5, 5], { layout: 'oihw' }, { fanIn: 75, fanOut: 200, receptiveField: 25 }], // torch Conv2d OIHW
    [[8, 3, 5, 5], { convention: 'pytorch' }, { fanIn: 75, fanOut: 200, receptiveField: 25 }], // pytorch's default layout
    [[16, 4, 3, 3, 3], { layout: 'oihw' }, { fanIn: 108, fanOut: 432, receptiveField: 27 }], // Conv3d
    [[7, 4, 16], { layout: 'hwio' }, { fanIn: 28, fanOut: 112, receptiveField: 7 }], // Conv1D [k, in, out]
    [[4, 16, 32], { layout: { inAxis: 1, outAxis: 2, batchAxis: 0 } }, { fanIn: 16, fanOut: 32, receptiveField: 1 }], // JAX batch_axis
    [[3, 3, 16, 32], { layout: { inAxis: -2, outAxis: -1 } }, { fanIn: 144, fanOut: 288, receptiveField: 9 }], // JAX defaults
    [[100], {}, { fanIn: 100, fanOut: 100, receptiveField: 1 }], // Keras: 1-D fan = shape[0]
    [[], {}, { fanIn: 1, fanOut: 1, receptiveField: 1 }], // Keras: 0-D fan = 1
    [[0, 10], {}, { fanIn: 0, fanOut: 10, receptiveField: 1 }], // zero-size: zero counts, no NaN
    [[3, 3, 0, 8], {}, { fanIn: 0, fanOut: 72, receptiveField: 9 }],
  ])('%j %j', (shape, options, expected) => {
    expect(fans(shape, options as never)).toEqual(expected);
  });

  it('refuses vectors where PyTorch and JAX do, saying which layout or convention to pass', () => {
    expect(() => fans([100], { convention: 'pytorch' })).toThrow(RangeError);
    expect(() => fans([100], { convention: 'jax' })).toThrow(/at least 2 dims, got \[100\].*\[in, out\].*convention: 'keras'/);
  });

  it('refuses bad layouts with a precise message', () => {
    expect(() => fans([3, 3], { layout: 'nchw' as never })).toThrow(/layout must be one of 'io', 'hwio', 'oi', 'oihw' or \{ inAxis, outAxis, batchAxis\? \}/);
    expect(() => fans([3, 3], { layout: { inAxis: 2, outAxis: 1 } })).toThrow(/layout.inAxis must be an axis in \[-2, 1\]/);
    expect(() => fans([3, 3], { layout: { inAxis: 0, outAxis: 0 } })).toThrow(/axes must be distinct/);
    expect(() => fans([3, 3], { convention: 'tf' as never })).toThrow(/convention must be one of 'keras', 'pytorch', 'jax'/);
  });
});
