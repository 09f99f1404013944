// Parses a command's arguments against its declared options, and reads
// typed values from them. Every mistake becomes a UsageError whose message
// says what to type instead. Only tokens that start with '--' are options (and
// -h, for help), so a value may be negative: --param -0.5.
import type { Command, OptionSpec } from './command.js';
import { didYouMean, UsageError } from './usageError.js';

interface Parsed {
  help: boolean;
  args: Args;
}

export function parseArgs(command: Command, argv: readonly string[]): Parsed {
  const values = new Map<string, string | true>();
  const positionals: string[] = [];
  const hint = `(weightinit ${command.name} --help lists the options)`;
  if (argv.includes('--help') || argv.includes('-h')) return { help: true, args: new Args(command, values, positionals) };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!token.startsWith('--')) {
      positionals.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq < 0 ? undefined : eq);
    const spec = command.options.find((o) => o.name === name);
    if (!spec) {
      const known = command.options.map((o) => o.name);
      throw new UsageError(`unknown option --${name}${didYouMean(name, known, (w) => `--${w}`)} ${hint}`);
    }
    if (values.has(name)) throw new UsageError(`--${name} is given twice; give it once`);
    if (spec.value === undefined) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value; write just --${name}`);
      values.set(name, true);
      continue;
    }
    const value = eq >= 0 ? token.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value, ${exampleOf(spec)}`);
    values.set(name, value);
  }
  if (positionals.length > command.positionals.length) {
    const extra = positionals[command.positionals.length]!;
    const takes = command.positionals.length === 0 ? 'takes no arguments, only options' : `takes ${command.positionals.map((p) => `<${p.name}>`).join(' ')}`;
    throw new UsageError(`unexpected argument '${extra}': weightinit ${command.name} ${takes} ${hint}`);
  }
  return { help: false, args: new Args(command, values, positionals) };
}

function exampleOf(spec: OptionSpec): string {
  return spec.example === undefined ? `see --help` : `e.g. --${spec.name} ${spec.example}`;
}

export class Args {
  constructor(
    readonly command: Command,
    private readonly values: ReadonlyMap<string, string | true>,
    readonly positionals: readonly string[],
  ) {}

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** The options given, in the order declared. */
  given(): string[] {
    return this.command.options.map((o) => o.name).filter((n) => this.values.has(n));
  }

  switch(name: string): boolean {
    return this.values.get(name) === true;
  }

  text(name: string): string | undefined {
    const v = this.values.get(name);
    return typeof v === 'string' ? v : undefined;
  }

  required(name: string): string {
    const v = this.text(name);
    if (v === undefined) throw new UsageError(`--${name} is required, ${exampleOf(this.spec(name))}`);
    return v;
  }

  positional(index: number): string {
    const p = this.positionals[index];
    if (p === undefined) {
      const spec = this.command.positionals[index]!;
      throw new UsageError(`missing <${spec.name}>, e.g. ${this.command.examples[0]}`);
    }
    return p;
  }

  /** A UsageError for the value given to --name. */
  bad(name: string, expected: string): UsageError {
    return new UsageError(`--${name} must be ${expected}, got ${JSON.stringify(this.text(name))}; ${exampleOf(this.spec(name))}`);
  }

  integer(name: string, min: number, fallback: number): number;
  integer(name: string, min: number): number | undefined;
  integer(name: string, min: number, fallback?: number): number | undefined {
    const v = this.text(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!/^[+-]?\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min) throw this.bad(name, `an integer >= ${min}`);
    return n;
  }

  number(name: string): number | undefined {
    const v = this.text(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw this.bad(name, 'a finite number');
    return n;
  }

  /** One of `choices`, compared after `normalise` (e.g. 'fan-in' -> 'fanIn'). */
  choice<T extends string>(name: string, choices: readonly T[], normalise: (v: string) => string = (v) => v): T | undefined {
    const v = this.text(name);
    if (v === undefined) return undefined;
    const match = choices.find((c) => c === normalise(v));
    if (match === undefined) {
      throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(v)}${didYouMean(normalise(v), choices, (w) => `--${name} ${w}`)}`);
    }
    return match;
  }

  private spec(name: string): OptionSpec {
    return this.command.options.find((o) => o.name === name)!;
  }
}
