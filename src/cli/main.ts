// The `weightinit` command line: picks the command, parses its options,
// runs it, and turns any failure into one line and an exit code.
import { packageVersion } from '../packageRoot.js';
import { parseArgs } from './args.js';
import { benchCommand } from './commands/bench.js';
import { diagnoseCommand } from './commands/diagnose.js';
import { fansCommand } from './commands/fans.js';
import { gainCommand } from './commands/gain.js';
import { infoCommand } from './commands/info.js';
import { initCommand } from './commands/init.js';
import type { Command } from './command.js';
import { EXIT, reportFailure } from './failure.js';
import { commandHelp, topHelp } from './help.js';
import { processIo, type Io } from './io.js';
import { didYouMean } from './usageError.js';

const COMMANDS: readonly Command[] = [diagnoseCommand, initCommand, gainCommand, fansCommand, benchCommand, infoCommand];

/** Runs the command line `argv` (without node and the script) and resolves to the exit code. */
export async function run(argv: readonly string[], io: Io = processIo()): Promise<number> {
  // --debug is accepted anywhere, by every command.
  const debug = argv.includes('--debug');
  const [name, ...rest] = argv.filter((a) => a !== '--debug');
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const command = COMMANDS.find((c) => c.name === rest[0]);
    io.out(command ? commandHelp(command) : topHelp(COMMANDS, packageVersion));
    return EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${packageVersion}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const names = COMMANDS.map((c) => c.name);
    const what = name.startsWith('-') ? `option ${name} before a command` : `command '${name}'`;
    io.err(`weightinit: unknown ${what}${didYouMean(name, names, (w) => `'${w}'`)} (commands: ${names.join(', ')}; weightinit --help explains them)\n`);
    return EXIT.usage;
  }
  try {
    const parsed = parseArgs(command, rest);
    if (parsed.help) {
      io.out(commandHelp(command));
      return EXIT.ok;
    }
    return await command.run(parsed.args, io);
  } catch (error) {
    return reportFailure(`weightinit ${command.name}`, error, debug, io);
  }
}

/** The bin's entry: runs process.argv and sets the exit code (the process ends when its work does). */
export function main(): void {
  // A reader that stops early (| head) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    throw error;
  });
  void run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
