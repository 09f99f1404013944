// Scheme names and scheme options as flags (--scheme he-normal --mode fan-in
// --layout oihw), shared by `init` and `diagnose`, turned into the library's
// names and option objects. A flag the chosen scheme does not take is refused
// here, naming the flags it does take.
import { SCHEMES } from '../schemes/registry.js';
import type { Args } from './args.js';
import { camelCase, kebabCase } from './caseStyles.js';
import type { OptionSpec } from './command.js';
import { didYouMean, UsageError } from './usageError.js';

type Kind = { number: true } | { integer: true } | { choices: readonly string[] } | { name: true };

interface SchemeFlag {
  option: OptionSpec;
  /** The library's option name. */
  key: string;
  kind: Kind;
}

const flag = (name: string, value: string, example: string, kind: Kind, description: string): SchemeFlag => ({
  option: { name, value, example, description, group: 'Scheme options (each scheme takes some; a flag it does not take is refused)' },
  key: camelCase(name),
  kind,
});

const FLAGS: SchemeFlag[] = [
  flag('mode', 'MODE', 'fan-in', { choices: ['fan-in', 'fan-out', 'fan-avg'] }, 'fan-in (default), fan-out or fan-avg: the fan a variance-scaling scheme divides by'),
  flag('distribution', 'D', 'normal', { choices: ['truncated-normal', 'normal', 'uniform'] }, 'variance-scaling: truncated-normal (default), normal or uniform'),
  flag('layout', 'L', 'oihw', { choices: ['io', 'oi', 'hwio', 'oihw'] }, "which axes are in and out: io/hwio (Keras) or oi/oihw (PyTorch); default: the convention's"),
  flag('convention', 'C', 'pytorch', { choices: ['keras', 'pytorch', 'jax'] }, 'whose rules where the libraries differ: keras (default), pytorch or jax'),
  flag('gain', 'G', '1.5', { number: true }, 'multiplies the std (glorot, orthogonal, delta-orthogonal, identity)'),
  flag('scale', 'S', '2', { number: true }, 'variance-scaling: Var(W) = scale / fan'),
  flag('std', 'S', '0.02', { number: true }, 'normal, truncated-normal, sparse: the standard deviation'),
  flag('mean', 'M', '0', { number: true }, 'normal, truncated-normal: the mean'),
  flag('low', 'A', '-0.05', { number: true }, 'uniform: lower bound; truncated-normal: absolute lower bound'),
  flag('high', 'B', '0.05', { number: true }, 'uniform: upper bound; truncated-normal: absolute upper bound'),
  flag('lower', 'A', '-2', { number: true }, 'truncated-normal: lower bound in stds (JAX)'),
  flag('upper', 'B', '2', { number: true }, 'truncated-normal: upper bound in stds (JAX)'),
  flag('value', 'V', '0.1', { number: true }, 'constant: every element'),
  flag('nonlinearity', 'NAME', 'relu', { name: true }, 'he schemes: the activation whose gain is used (default relu)'),
  flag('negative-slope', 'A', '0.2', { number: true }, 'he schemes with --nonlinearity leaky_relu: its slope'),
  flag('sparsity', 'F', '0.9', { number: true }, 'sparse: fraction of zeros per column'),
  flag('density', 'F', '0.1', { number: true }, 'sparse: fraction of non-zeros per column'),
  flag('groups', 'N', '2', { integer: true }, 'dirac: groups of output channels'),
];

export const SCHEME_OPTIONS: OptionSpec[] = FLAGS.map((f) => f.option);

/** Every scheme name and alias, kebab-case. */
const SCHEME_NAMES: readonly string[] = Object.keys(SCHEMES).map(kebabCase);

/** A scheme name as typed (he-normal, heNormal, he_normal), checked; returned in kebab-case. */
export function schemeName(typed: string, option: string): string {
  const name = kebabCase(typed.trim());
  if (!SCHEME_NAMES.includes(name)) {
    throw new UsageError(`--${option}: unknown scheme ${JSON.stringify(typed)}${didYouMean(name, SCHEME_NAMES)} (known: ${SCHEME_NAMES.join(', ')})`);
  }
  return name;
}

function valueOf(args: Args, f: SchemeFlag): unknown {
  const name = f.option.name;
  if ('number' in f.kind) return args.number(name);
  if ('integer' in f.kind) return args.integer(name, 1);
  if ('choices' in f.kind) return camelCase(args.choice(name, f.kind.choices, kebabCase)!);
  return args.text(name)!.replace(/-/g, '_');
}

/** The scheme options given as flags, in the library's spelling; refuses flags the scheme does not take. */
export function schemeOptionsOf(args: Args, scheme: string): Record<string, unknown> {
  const keys = SCHEMES[camelCase(scheme)]!.keys;
  const options: Record<string, unknown> = {};
  for (const f of FLAGS.filter((f) => args.has(f.option.name))) {
    if (!keys.includes(f.key)) {
      const takes = FLAGS.filter((g) => keys.includes(g.key)).map((g) => `--${g.option.name}`);
      throw new UsageError(`--${f.option.name} does not apply to ${scheme}, which takes ${takes.length > 0 ? takes.join(', ') : 'no options'}`);
    }
    options[f.key] = valueOf(args, f);
  }
  return options;
}

/** Whether any scheme flag was given. */
export function hasSchemeOptions(args: Args): boolean {
  return FLAGS.some((f) => args.has(f.option.name));
}
