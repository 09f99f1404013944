// gain(): PyTorch's calculate_gain table, value for value.
import { describe, expect, it } from 'vitest';

import { gain } from '../../src/gain.js';

// Expected values: torch.nn.init.calculate_gain in PyTorch 2.13.0, printed with
// repr(). 'identity' is ours: PyTorch's docstring lists "Linear / Identity"
// but its code rejects the name; we give it the documented 1.
const TORCH_GAINS: Array<[string, number]> = [
  ['linear', 1],
  ['identity', 1],
  ['conv1d', 1],
  ['conv2d', 1],
  ['conv3d', 1],
  ['conv_transpose1d', 1],
  ['conv_transpose2d', 1],
  ['conv_transpose3d', 1],
  ['sigmoid', 1],
  ['tanh', 1.6666666666666667], // 5.0 / 3
  ['relu', 1.4142135623730951], // math.sqrt(2.0)
  ['leaky_relu', 1.4141428569978354], // sqrt(2 / (1 + 0.01^2)), default negative slope 0.01
  ['selu', 0.75], // 3.0 / 4
];

// calculate_gain('leaky_relu', a) = sqrt(2 / (1 + a^2)), from PyTorch 2.13.0.
const TORCH_LEAKY: Array<[number, number]> = [
  [0, 1.4142135623730951],
  [0.2, 1.3867504905630728],
  [-0.5, 1.2649110640673518],
  [1, 1.0],
  [3, 0.4472135954999579],
  [1e-8, 1.4142135623730951],
  [100, 0.014141428569978354],
];

describe('gain', () => {
  it.each(TORCH_GAINS)('gain(%j) is PyTorch’s %d', (name, expected) => {
    expect(gain(name)).toBe(expected);
  });

  it.each(TORCH_LEAKY)('leaky_relu with negative slope %d gives %d, as PyTorch', (slope, expected) => {
    expect(gain('leaky_relu', slope)).toBe(expected);
  });

  it('accepts camelCase for the snake_case names', () => {
    expect(gain('leakyRelu', 0.2)).toBe(gain('leaky_relu', 0.2));
    expect(gain('convTranspose2d')).toBe(1);
  });

  it('names the valid nonlinearities when given an unknown one', () => {
    expect(() => gain('gelu')).toThrow(TypeError);
    expect(() => gain('gelu')).toThrow(/gain: nonlinearity must be one of linear, identity, .*leaky_relu, selu .*got "gelu"/);
    expect(() => gain('ReLU')).toThrow(/got "ReLU"/);
    expect(() => gain('toString')).toThrow(TypeError);
    expect(() => gain(42 as unknown as string)).toThrow(/nonlinearity must be one of .*got 42/);
  });

  it('refuses a negative slope that is not a finite number (PyTorch refuses bool)', () => {
    expect(() => gain('leaky_relu', true as unknown as number)).toThrow(TypeError);
    expect(() => gain('leaky_relu', true as unknown as number)).toThrow(/gain: param must be a finite number, got true/);
    expect(() => gain('leaky_relu', '0.2' as unknown as number)).toThrow(TypeError);
    expect(() => gain('leaky_relu', Number.NaN)).toThrow(RangeError);
    expect(() => gain('leaky_relu', Infinity)).toThrow(/param must be a finite number, got Infinity/);
  });

  it('refuses a slope whose square overflows (PyTorch raises OverflowError) instead of a gain of 0', () => {
    expect(gain('leaky_relu', -1e154)).toBeGreaterThan(0);
    expect(() => gain('leaky_relu', -1e300)).toThrow(RangeError);
    expect(() => gain('leaky_relu', 1.4e154)).toThrow(/gain: param must be a slope of magnitude at most 1\.341e\+154 \(its square must be finite\), got 1\.4e\+154/);
  });

  it('refuses a param for a nonlinearity that takes none instead of ignoring it', () => {
    expect(() => gain('relu', 0.2)).toThrow(TypeError);
    expect(() => gain('relu', 0.2)).toThrow(/param applies only to leaky_relu .*relu takes none, got 0.2/);
  });
});
