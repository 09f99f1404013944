// The built package loads by name as CommonJS and as ESM, with the same
// functions, and both module systems share one backend.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const run = (args: string[]): string => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim();

describe('package entry points (dist/, built by npm install)', () => {
  it('has been built', () => {
    expect(existsSync(join(root, 'dist', 'cjs', 'index.js'))).toBe(true);
    expect(existsSync(join(root, 'dist', 'cjs', 'index.d.ts'))).toBe(true);
    expect(existsSync(join(root, 'dist', 'esm', 'index.d.mts'))).toBe(true);
  });

  it('loads with require and with import, giving the same tensor', () => {
    const script = (load: string) =>
      `${load}; const t = m.normal([4], { seed: 9 }); console.log(JSON.stringify([...t.data]), typeof p.normal)`;
    const cjs = run(['-e', script("const m = require('weightinit'), p = require('weightinit/promises')")]);
    const esm = run(['--input-type=module', '-e', script("import * as m from 'weightinit'; import * as p from 'weightinit/promises'")]);
    expect(cjs).toBe(esm);
    expect(cjs).toMatch(/^\[.*\] function$/);
  });

  it('exports the same names from both module systems', () => {
    const cjs = run(['-e', "console.log(Object.keys(require('weightinit')).filter((k) => k !== '__esModule').sort().join())"]);
    const esm = run(['--input-type=module', '-e', "import * as m from 'weightinit'; console.log(Object.keys(m).sort().join())"]);
    expect(esm).toBe(cjs);
    expect(cjs.split(',')).toEqual(expect.arrayContaining(['backend', 'normal', 'randomBits', 'truncatedNormal', 'uniform']));
  });
});
