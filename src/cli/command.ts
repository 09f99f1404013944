// What a command declares: its options (for parsing, help and error
// messages alike) and how it runs.
import type { Args } from './args.js';
import type { Io } from './io.js';

export interface OptionSpec {
  /** The long name without dashes: 'depth' for --depth. */
  name: string;
  /** The value's placeholder in help ('N', 'FILE'); absent for a switch. */
  value?: string;
  description: string;
  /** A value that works, quoted in help and in error messages ("e.g. --depth 50"). */
  example?: string;
  /** The heading it is listed under in help (default "Options"). */
  group?: string;
}

export interface PositionalSpec {
  name: string;
  description: string;
}

export interface Command {
  name: string;
  summary: string;
  /** The synopsis after "weightinit ". */
  usage: string;
  positionals: PositionalSpec[];
  options: OptionSpec[];
  examples: string[];
  /** Resolves to the process's exit code. */
  run(args: Args, io: Io): Promise<number>;
}
