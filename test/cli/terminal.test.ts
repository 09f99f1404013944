// On a terminal: colours (never with NO_COLOR) and a progress bar redrawn in
// place. The terminal is a pseudo-terminal from util-linux `script`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { bin, childEnv } from './runCli.js';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
const dir = mkdtempSync(path.join(tmpdir(), 'weightinit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI with stdout and stderr on a pseudo-terminal; returns what the terminal showed. */
function onTerminal(args: string[], env: Record<string, string> = {}): string {
  const command = [process.execPath, bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: dir, env: childEnv(env), encoding: 'utf8', timeout: 120_000 });
  expect(r.status).toBe(0);
  return r.stdout;
}

describe.skipIf(!hasScript)(hasScript ? 'on a terminal' : 'on a terminal (skipped: needs util-linux `script` for a pseudo-terminal)', () => {
  const diagnose = ['diagnose', '--depth', '10', '--width', '32', '--batch', '8', '--init', 'glorot-normal'];

  it('colours the verdict and the chart', () => {
    const shown = onTerminal(diagnose);
    expect(shown).toMatch(/\u001b\[31mforward: vanishing/);
    expect(shown).toMatch(/\u001b\[36m[\u2800-\u28ff]/);
  });

  it('never with NO_COLOR', () => {
    expect(onTerminal(diagnose, { NO_COLOR: '1' })).not.toContain('\u001b[');
  });

  it('draws a progress bar in place, and erases it before the summary', () => {
    const shown = onTerminal(['init', '--shape', '2048x2048', '--scheme', 'orthogonal', '--out', 'q.safetensors']);
    expect(shown).toMatch(/\rinit 100% █{24} 16\.8 MB \/ 16\.8 MB  [\d.]+ [kMG]?B\/s  ETA /);
    expect(shown).toMatch(/\r\u001b\[Kwrote q\.safetensors: weight \[2048, 2048\] orthogonal/);
    expect(shown).not.toMatch(/^init: \d+%/m);
  });
});
