// Bad input: one line on stderr saying what is wrong and what to type
// instead, exit code 2, no stack trace unless --debug.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { runCli } from './runCli.js';

// Refused input must not write anything: the commands run in an empty folder.
const cwd = mkdtempSync(path.join(tmpdir(), 'weightinit-cli-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const CASES: [string, string[], RegExp][] = [
  ['unknown command', ['diagnos'], /unknown command 'diagnos'; did you mean 'diagnose'\?/],
  ['unknown flag', ['diagnose', '--dept', '10'], /unknown option --dept; did you mean --depth\?/],
  ['flag without its value', ['diagnose', '--depth'], /--depth needs a value, e\.g\. --depth 50/],
  ['switch with a value', ['diagnose', '--json=yes'], /--json takes no value/],
  ['not a number', ['diagnose', '--depth', 'ten'], /--depth must be an integer >= 1, got "ten"; e\.g\. --depth 50/],
  ['batch too small', ['diagnose', '--batch', '1'], /--batch must be an integer >= 2/],
  ['unknown activation', ['diagnose', '--activation', 'rleu'], /--activation must be one of .*relu.*; did you mean --activation relu\?/],
  ['unknown scheme', ['diagnose', '--init', 'he-norml'], /unknown scheme "he-norml"; did you mean he-normal\?/],
  ['--init and --compare', ['diagnose', '--init', 'he-normal', '--compare', 'he-normal,orthogonal'], /give --init or --compare, not both/],
  ['missing network file', ['diagnose', '--network', 'no-such-file.json'], /--network: cannot read no-such-file\.json/],
  ['bad shape', ['init', '--shape', '64xx3', '--scheme', 'he-normal', '--out', 'w.npy'], /--shape must be sizes separated by x, got "64xx3"; e\.g\. --shape 4096x4096/],
  ['missing --out', ['init', '--shape', '64x3', '--scheme', 'he-normal'], /--out is required, e\.g\. --out w\.safetensors/],
  ['bad file type', ['init', '--shape', '64x3', '--scheme', 'he-normal', '--out', 'w.bin'], /--out must be a file name ending in \.safetensors or \.npy/],
  ['bad mode', ['init', '--shape', '64x3', '--scheme', 'he-normal', '--mode', 'fan-middle', '--out', 'w.npy'], /--mode must be one of fan-in, fan-out, fan-avg, got "fan-middle"/],
  ['option the scheme lacks', ['init', '--shape', '64x3', '--scheme', 'he-normal', '--std', '0.1', '--out', 'w.npy'], /--std does not apply to he-normal, which takes --mode/],
  ["library's RangeError", ['init', '--shape', '64x3', '--scheme', 'normal', '--std', '-1', '--out', 'w.npy'], /std must be a number >= 0, got -1/],
  ["library's TypeError", ['init', '--shape', '64x3', '--scheme', 'he-normal', '--mode', 'fan-avg', '--out', 'w.npy'], /mode must be one of/],
  ['bad seed', ['init', '--shape', '64x3', '--scheme', 'zeros', '--seed', '-1', '--out', 'w.npy'], /--seed must be an integer in \[0, 2\^64\)/],
  ['unknown gain activation', ['gain', 'tanhh'], /unknown activation "tanhh"; did you mean tanh\?/],
  ['missing gain activation', ['gain'], /missing <activation>, e\.g\. weightinit gain tanh/],
  ['param the activation lacks', ['gain', 'tanh', '--param', '2'], /tanh takes none, got 2/],
  ['extra argument', ['fans', '5x5'], /unexpected argument '5x5'/],
  ['fans of a vector in pytorch', ['fans', '--shape', '10', '--convention', 'pytorch'], /fan_in and fan_out need a shape of at least 2 dims/],
];

describe('bad input exits 2 with one line', () => {
  it.each(CASES)('%s', (_, args, message) => {
    const r = runCli(args, { cwd });
    expect(r.code).toBe(2);
    expect(readdirSync(cwd)).toEqual([]);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^weightinit( \w+)?: /);
    expect(lines[0]).toMatch(message);
  });

  it('--debug adds the stack trace', () => {
    const r = runCli(['gain', 'tanh', '--param', '2', '--debug']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});
