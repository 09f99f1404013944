// weightinit info: what computes the draws on this machine.
import { backend } from '../../index.js';
import type { Command } from '../command.js';
import { EXIT } from '../failure.js';
import { toJson } from '../format.js';

export const infoCommand: Command = {
  name: 'info',
  summary: 'backend, SIMD level, threads, version, and where the addon was loaded from',
  usage: 'info [--json]',
  positionals: [],
  options: [{ name: 'json', description: 'print the result as JSON' }],
  examples: ['weightinit info', 'WEIGHTINIT_BACKEND=js weightinit info'],
  async run(args, io) {
    const b = backend();
    const info = { ...b, node: process.version, platform: `${process.platform} ${process.arch}` };
    if (args.switch('json')) {
      io.out(`${toJson(info)}\n`);
      return EXIT.ok;
    }
    const rows: [string, string][] = [
      ['version', b.version],
      ['backend', b.kind === 'native' ? 'native (C++ addon)' : 'js (TypeScript fallback)'],
      ['simd', b.simd],
      ['threads', String(b.threads)],
      // A load failure's reason may span lines (node-gyp-build's does).
      [b.kind === 'native' ? 'addon' : 'no addon', b.detail.trim().replace(/\s*\n\s*/g, '; ')],
      ['node', `${info.node} (${info.platform})`],
    ];
    io.out(rows.map(([k, v]) => `${k.padEnd(9)} ${v}`).join('\n') + '\n');
    return EXIT.ok;
  },
};
