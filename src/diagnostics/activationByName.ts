// The built-in activations by name, for the mean-field functions: the names,
// aliases and camelCase spellings deriveGain accepts, with the same rule for
// the parameter (leaky_relu's slope, elu's alpha; refused for the others),
// bounded by what the float32 network can hold.
import { ACTIVATION_ALIASES, ACTIVATIONS, snakeCase, type Activation, type BuiltinActivation } from '../activations.js';
import { describe, rangeError, typeError } from '../errors.js';
import { finiteNumber } from '../validate.js';

const NAMES = [...Object.keys(ACTIVATIONS), ...Object.keys(ACTIVATION_ALIASES)].join(', ');
const PARAMETRIZED = Object.entries(ACTIVATIONS as Record<string, BuiltinActivation>)
  .flatMap(([name, builtin]) => (builtin.param ? [name] : []))
  .join(' and ');

const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * leaky_relu's slope or elu's alpha, refused beyond float32's range: the
 * network computes with it in float32, where it would be Infinity (and
 * Infinity * 0 = NaN at h = 0), and its Gaussian moments, ~param^2 q, would
 * leave double range.
 * @example activationParam('f', 'param', -0.2) // -0.2
 */
export function activationParam(fn: string, name: string, value: number): number {
  if (!(Math.abs(value) <= FLOAT32_MAX)) {
    throw rangeError(fn, name, `a finite number of magnitude at most ${FLOAT32_MAX} (float32's largest, as the network runs in float32)`, value);
  }
  return value;
}

/** A resolved activation and a key that is equal exactly when the function is. */
export interface NamedActivation {
  readonly activation: Activation;
  /** Canonical name and parameter, e.g. 'leaky_relu(0.2)' or 'tanh'. */
  readonly key: string;
}

/**
 * Resolves `name` (and `param`, where the activation takes one); errors call them `labels`.
 * @example activationNamed('f', { name: 'activation', param: 'param' }, 'leakyRelu', 0.2).key // 'leaky_relu(0.2)'
 */
export function activationNamed(fn: string, labels: { name: string; param: string }, name: unknown, param: unknown): NamedActivation {
  const expected = `one of ${NAMES} (or camelCase)`;
  if (typeof name !== 'string') throw typeError(fn, labels.name, expected, name);
  const key = snakeCase(name);
  const canonical = Object.hasOwn(ACTIVATION_ALIASES, key) ? ACTIVATION_ALIASES[key as keyof typeof ACTIVATION_ALIASES] : key;
  if (!Object.hasOwn(ACTIVATIONS, canonical)) throw typeError(fn, labels.name, expected, name);
  const builtin: BuiltinActivation = ACTIVATIONS[canonical as keyof typeof ACTIVATIONS];
  if (builtin.param === undefined) {
    if (param !== undefined) {
      throw new TypeError(`${fn}: ${labels.param} applies only to ${PARAMETRIZED}; ${canonical} takes none, got ${describe(param)}`);
    }
    return { activation: builtin.make(0), key: canonical };
  }
  const value = activationParam(fn, labels.param, finiteNumber(fn, labels.param, param, builtin.param.fallback));
  return { activation: builtin.make(value), key: `${canonical}(${value})` };
}
