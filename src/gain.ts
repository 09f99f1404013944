// Gains g, the factor in Var(W) = g^2 / fan: PyTorch's table (gain), and the
// gains theory gives for any activation (deriveGain). docs/GAINS.md explains
// each and how they relate.
import { ACTIVATION_ALIASES, ACTIVATIONS, snakeCase, type Activation, type BuiltinActivation } from './activations.js';
import { describe, rangeError, typeError } from './errors.js';
import { gaussianNodes } from './gaussianQuadrature.js';
import { centralDerivative, slopesAtZero } from './numericDerivative.js';
import { checkOptions, finiteNumber } from './validate.js';

/** snake_case -> camelCase at the type level: conv_transpose2d -> convTranspose2d. */
type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

const TORCH_NONLINEARITIES = [
  'linear', 'identity', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d',
  'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu',
] as const;

/** The names `gain` knows, in PyTorch's spelling or camelCase. */
export type GainNonlinearity = (typeof TORCH_NONLINEARITIES)[number] | CamelCase<(typeof TORCH_NONLINEARITIES)[number]>;

/** The built-in activations of `deriveGain`, in snake_case or camelCase. */
export type ActivationName =
  | keyof typeof ACTIVATIONS
  | keyof typeof ACTIVATION_ALIASES
  | CamelCase<keyof typeof ACTIVATIONS | keyof typeof ACTIVATION_ALIASES>;

/** The default negative slope of leaky_relu, as in PyTorch. */
const LEAKY_RELU_SLOPE = 0.01;

/**
 * The recommended gain for a nonlinearity, value for value as PyTorch's
 * `torch.nn.init.calculate_gain`: 1 for linear, identity, conv and
 * conv-transpose layers and sigmoid; 5/3 for tanh; sqrt(2) for relu;
 * sqrt(2 / (1 + a^2)) for leaky_relu with negative slope `param` = a
 * (default 0.01); 3/4 for selu. tanh's 5/3 and selu's 3/4 are empirical
 * choices; `deriveGain` gives the derived ones (docs/GAINS.md).
 * @example gain('leaky_relu', 0.2) // sqrt(2 / 1.04) = 1.3867504905630728
 */
export function gain(nonlinearity: GainNonlinearity | (string & {}), param?: number): number {
  const name = typeof nonlinearity === 'string' ? snakeCase(nonlinearity) : '';
  if (!(TORCH_NONLINEARITIES as readonly string[]).includes(name)) {
    throw typeError('gain', 'nonlinearity', `one of ${TORCH_NONLINEARITIES.join(', ')} (or camelCase, e.g. leakyRelu)`, nonlinearity);
  }
  if (name === 'leaky_relu') {
    const slope = finiteNumber('gain', 'param', param, LEAKY_RELU_SLOPE);
    // Beyond this a^2 overflows: PyTorch raises OverflowError, and 2 / Infinity would be a silent gain of 0.
    if (!Number.isFinite(slope ** 2)) throw rangeError('gain', 'param', `a slope of magnitude at most ${Math.sqrt(Number.MAX_VALUE).toPrecision(4)} (its square must be finite)`, slope);
    return Math.sqrt(2 / (1 + slope ** 2));
  }
  if (param !== undefined) {
    throw new TypeError(`gain: param applies only to leaky_relu (its negative slope); ${name} takes none, got ${describe(param)}`);
  }
  if (name === 'tanh') return 5 / 3;
  if (name === 'relu') return Math.SQRT2;
  if (name === 'selu') return 3 / 4;
  return 1;
}

/** Options of `deriveGain`. */
export interface DeriveGainOptions {
  /** leaky_relu's negative slope (default 0.01) or elu's alpha (default 1). */
  param?: number;
  /** phi' for an activation given as a function; without it, finite differences. */
  derivative?: (x: number) => number;
  /**
   * For an activation given as a function: the points other than 0 where it or
   * a derivative is not smooth (hardtanh: [-1, 1]). Quadrature always splits at
   * 0 and also splits there; a Gauss rule across a kink converges slowly.
   */
  kinks?: readonly number[];
}

/** The gains an activation phi calls for, with the moments they come from (z ~ N(0, 1)). */
export interface DerivedGain {
  /** g^2 = 1 / E[phi(z)^2]: keeps the second moment of pre-activations fixed through depth (He et al., 2015). */
  readonly forward: number;
  /** g^2 = 1 / E[phi'(z)^2]: keeps the second moment of gradients fixed (mean-field chi = 1). */
  readonly backward: number;
  /** g^2 = 1 / (phi'(0)^2 (1 + phi(0)^2)) (Kumar, 2017); null when phi is not differentiable at 0 or phi'(0) = 0. */
  readonly kumar: number | null;
  /** Why kumar is null; null when it is a number. */
  readonly kumarReason: string | null;
  readonly moments: {
    /** E[phi(z)^2]. */
    readonly meanSquare: number;
    /** E[phi'(z)^2]. */
    readonly derivativeMeanSquare: number;
    /** E[phi(z)]. */
    readonly mean: number;
    /** phi(0). */
    readonly valueAtZero: number;
    /** phi'(0); null when phi is not differentiable at 0. */
    readonly slopeAtZero: number | null;
  };
}

const FN = 'deriveGain';
/** One-sided slopes at 0 closer than this (relative) count as equal: phi is differentiable there. */
const SLOPE_TOLERANCE = 1e-6;

const ACTIVATION_NAMES = [...Object.keys(ACTIVATIONS), ...Object.keys(ACTIVATION_ALIASES)].join(', ');
const PARAMETRIZED = Object.entries(ACTIVATIONS as Record<string, BuiltinActivation>)
  .flatMap(([name, builtin]) => (builtin.param ? [`${name} (${builtin.param.meaning})`] : []))
  .join(' and ');

/**
 * The gains theory derives for an activation, by Gauss quadrature over
 * z ~ N(0, 1) split at the activation's kinks: `forward` (sigma_w^2 = g^2 =
 * 1 / E[phi(z)^2], He et al. 2015 generalised; the q = 1 fixed point of
 * mean-field theory), `backward` (1 / E[phi'(z)^2], the same for gradients)
 * and `kumar` (1 / (phi'(0)^2 (1 + phi(0)^2)), Kumar 2017), with the moments
 * behind them. `activation` is a built-in name (leaky_relu's slope and elu's
 * alpha in options.param) or a function (x: number) => number, optionally with
 * options.derivative and options.kinks. Built-ins use exact derivatives;
 * functions without one use finite differences.
 * @example deriveGain('tanh').forward ** 2              // 2.536175433217456: Var(W) = 2.536 / fan_in
 * @example deriveGain('sigmoid').kumar ** 2             // 12.8 (Kumar, 2017)
 * @example deriveGain((x) => Math.max(0, x)).forward    // 1.41421356237309..., as 'relu'
 */
export function deriveGain(
  activation: ActivationName | (string & {}) | ((x: number) => number),
  options?: DeriveGainOptions,
): DerivedGain {
  const opts = checkOptions(FN, options, ['param', 'derivative', 'kinks']);
  const given = resolve(activation, opts);
  const phi = checked('activation', given.phi);
  const derivativeGiven = given.derivative;
  const { nodes, weights, cuts } = gaussianNodes(given.kinks);
  const slope = derivativeGiven
    ? checked('options.derivative', derivativeGiven)
    : (x: number) => centralDerivative(phi, x, room(x, cuts));

  let mean = 0;
  let meanSquare = 0;
  let derivativeMeanSquare = 0;
  for (let i = 0; i < nodes.length; i++) {
    const y = phi(nodes[i]!);
    const d = slope(nodes[i]!);
    mean += weights[i]! * y;
    meanSquare += weights[i]! * y * y;
    derivativeMeanSquare += weights[i]! * d * d;
  }
  const forward = finiteGain(meanSquare, 'E[phi(z)^2]', 'forward', 'the activation vanishes wherever the normal has mass');
  const backward = finiteGain(derivativeMeanSquare, "E[phi'(z)^2]", 'backward', 'the activation is constant');

  const valueAtZero = phi(0);
  // The limits of the derivative from either side, or one-sided differences of phi.
  const sides = derivativeGiven ? { left: slope(-Number.MIN_VALUE), right: slope(Number.MIN_VALUE) } : slopesAtZero(phi);
  const differentiable =
    Math.abs(sides.left - sides.right) <= SLOPE_TOLERANCE * Math.max(1, Math.abs(sides.left), Math.abs(sides.right));
  const slopeAtZero = !differentiable ? null : derivativeGiven ? slope(0) : 0.5 * (sides.left + sides.right);

  let kumar: number | null = null;
  let kumarReason: string | null = null;
  if (slopeAtZero === null) {
    kumarReason = `the activation is not differentiable at 0 (slope ${sides.left} from the left, ${sides.right} from the right)`;
  } else if (slopeAtZero === 0) {
    kumarReason = "phi'(0) = 0, so Var(W) = 1 / (N phi'(0)^2 (1 + phi(0)^2)) is infinite";
  } else {
    kumar = 1 / (Math.abs(slopeAtZero) * Math.sqrt(1 + valueAtZero * valueAtZero));
  }
  return {
    forward,
    backward,
    kumar,
    kumarReason,
    moments: { meanSquare, derivativeMeanSquare, mean, valueAtZero, slopeAtZero },
  };
}

/** The function, its derivative if known, and its kinks, from the user's arguments. */
function resolve(activation: unknown, opts: Record<string, unknown>): Omit<Activation, 'derivative'> & Partial<Activation> {
  if (typeof activation === 'function') {
    if (opts['param'] !== undefined) {
      throw new TypeError(`${FN}: options.param applies only to a built-in activation, got ${describe(opts['param'])} with a function`);
    }
    const derivative = opts['derivative'];
    if (derivative !== undefined && typeof derivative !== 'function') {
      throw typeError(FN, 'options.derivative', 'a function (x: number) => number', derivative);
    }
    return {
      phi: activation as (x: number) => number,
      ...(derivative === undefined ? {} : { derivative: derivative as (x: number) => number }),
      kinks: kinkList(opts['kinks']),
    };
  }
  const expected = `one of ${ACTIVATION_NAMES} (or camelCase), or a function (x: number) => number`;
  if (typeof activation !== 'string') throw typeError(FN, 'activation', expected, activation);
  const key = snakeCase(activation);
  const canonical = Object.hasOwn(ACTIVATION_ALIASES, key) ? ACTIVATION_ALIASES[key as keyof typeof ACTIVATION_ALIASES] : key;
  if (!Object.hasOwn(ACTIVATIONS, canonical)) throw typeError(FN, 'activation', expected, activation);
  for (const option of ['derivative', 'kinks']) {
    if (opts[option] !== undefined) {
      throw new TypeError(`${FN}: options.${option} applies only to an activation given as a function; ${canonical} has its own`);
    }
  }
  const builtin: BuiltinActivation = ACTIVATIONS[canonical as keyof typeof ACTIVATIONS];
  if (builtin.param === undefined) {
    if (opts['param'] !== undefined) {
      throw new TypeError(`${FN}: options.param applies only to ${PARAMETRIZED}; ${canonical} takes none, got ${describe(opts['param'])}`);
    }
    return builtin.make(0);
  }
  return builtin.make(finiteNumber(FN, 'options.param', opts['param'], builtin.param.fallback));
}

function kinkList(kinks: unknown): readonly number[] {
  if (kinks === undefined) return [];
  if (!Array.isArray(kinks)) throw typeError(FN, 'options.kinks', 'an array of finite numbers', kinks);
  kinks.forEach((c: unknown, i) => {
    if (typeof c !== 'number') throw typeError(FN, `options.kinks[${i}]`, 'a finite number', c);
    if (!Number.isFinite(c)) throw rangeError(FN, `options.kinks[${i}]`, 'a finite number', c);
  });
  return kinks as number[];
}

/** Wraps a user function so that a non-number or non-finite value stops the computation, saying where. */
function checked(what: string, f: (x: number) => number): (x: number) => number {
  return (x) => {
    const y: unknown = f(x);
    if (typeof y !== 'number') throw new TypeError(`${FN}: ${what} must return a number, got ${describe(y)} at x = ${x}`);
    if (!Number.isFinite(y)) {
      throw new RangeError(`${FN}: ${what} returned ${y} at x = ${x}; it must be finite at every quadrature node`);
    }
    return y;
  };
}

/** The distance from a node to the nearest cut: how far a difference stencil may reach. */
function room(x: number, cuts: readonly number[]): number {
  let distance = Infinity;
  for (const c of cuts) distance = Math.min(distance, Math.abs(x - c));
  return distance;
}

/** g = 1 / sqrt(moment), refusing a moment that leaves no finite, non-zero gain. */
function finiteGain(moment: number, label: string, which: string, zeroMeans: string): number {
  if (moment === Infinity) {
    throw new RangeError(`${FN}: ${label} overflows double precision (the activation grows too fast), so there is no ${which} gain`);
  }
  if (!(moment > 0)) throw new RangeError(`${FN}: ${label} = 0 for z ~ N(0, 1) (${zeroMeans}), so no finite ${which} gain exists`);
  return 1 / Math.sqrt(moment);
}
