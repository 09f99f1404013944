// The --help texts, generated from the commands' declarations so that help
// and parsing cannot disagree.
import type { Command, OptionSpec } from './command.js';

const COMMON: OptionSpec[] = [
  { name: 'help', description: 'show this help' },
  { name: 'debug', description: 'print stack traces of errors' },
];

function columns(rows: [string, string][], indent = 2): string {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${' '.repeat(indent)}${left.padEnd(width)}   ${right}`).join('\n');
}

export function topHelp(commands: readonly Command[], version: string): string {
  return [
    `weightinit ${version}: fast reproducible weight initialization and deep-network signal diagnostics`,
    '',
    'Usage: weightinit <command> [options]',
    '',
    'Commands:',
    columns(commands.map((c) => [c.name, c.summary])),
    '',
    'Each command explains its options: weightinit <command> --help',
    `Example: ${commands[0]!.examples[0]}`,
    '',
  ].join('\n');
}

function optionLabel(o: OptionSpec): string {
  return `--${o.name}${o.value === undefined ? '' : ` ${o.value}`}`;
}

export function commandHelp(command: Command): string {
  const lines = [`weightinit ${command.name}: ${command.summary}`, '', `Usage: weightinit ${command.usage}`, ''];
  if (command.positionals.length > 0) {
    lines.push('Arguments:', columns(command.positionals.map((p) => [`<${p.name}>`, p.description])), '');
  }
  // One width for every group, so the descriptions line up down the page.
  const all = [...command.options, ...COMMON];
  const width = Math.max(...all.map((o) => optionLabel(o).length));
  const groups = [...new Set(all.map((o) => o.group ?? 'Options'))];
  for (const group of groups) {
    const rows = all.filter((o) => (o.group ?? 'Options') === group).map((o): [string, string] => [optionLabel(o).padEnd(width), o.description]);
    lines.push(`${group}:`, columns(rows), '');
  }
  lines.push(
    command.examples.length > 1 ? 'Examples:' : 'Example:',
    ...command.examples.map((e) => `  ${e}`),
    '',
  );
  return lines.join('\n');
}
