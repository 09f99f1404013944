// Bad network specs get a TypeError or RangeError that names the layer.
import { describe, expect, it } from 'vitest';

import { diagnose } from '../../src/index.js';

describe('network specs are checked before anything is drawn', () => {
  it.each([
    ['unknown activation', [{ in: 4, out: 4, activation: 'relu6', weights: 'heNormal' }], TypeError, /layer 1\.activation must be one of linear, relu/],
    ['mismatched widths', [{ in: 4, out: 5, activation: 'relu', weights: 'heNormal' }, { in: 4, out: 4, activation: 'relu', weights: 'heNormal' }], RangeError, /layer 2\.in is 4 but layer 1\.out is 5/],
    ['no layers', [], RangeError, /at least one layer/],
    ['unknown scheme', [{ in: 4, out: 4, activation: 'relu', weights: 'heNormel' }], TypeError, /layer 1\.weights: scheme must be one of/],
    ['depth 0', { depth: 0, width: 4, activation: 'relu', init: 'heNormal' }, RangeError, /network\.depth must be a positive integer, got 0/],
    ['width 0', { depth: 3, width: 0, activation: 'relu', init: 'heNormal' }, RangeError, /network\.width must be a positive integer, got 0/],
    ['param on relu', { depth: 3, width: 4, activation: { name: 'relu', param: 1 }, init: 'heNormal' }, TypeError, /takes no param/],
    ['unknown key', { depth: 3, width: 4, activation: 'relu', init: 'heNormal', widht: 3 }, TypeError, /unknown option 'widht'/],
  ])('%s', (_, network, type, message) => {
    expect(() => diagnose(network as never, { batch: 4 })).toThrow(type);
    expect(() => diagnose(network as never, { batch: 4 })).toThrow(message);
  });

  it('needs a batch of at least 2', () => {
    expect(() => diagnose({ depth: 2, width: 4, activation: 'relu', init: 'heNormal' }, { batch: 1 })).toThrow(/batch must be an integer >= 2/);
  });
});
