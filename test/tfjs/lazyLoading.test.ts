// @tensorflow/tfjs is an optional peer dependency: the main and promises
// entry points must not load it; only weightinit/tfjs does. Checked in fresh
// processes on the built package, by the modules Node has loaded.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const run = (args: string[]): string => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim();
// Every CommonJS module Node loaded (ESM entries here wrap CommonJS, so this sees their loads too).
const TFJS_LOADED = "Object.keys(require.cache).some((p) => p.includes('@tensorflow'))";
const ESM_REQUIRE = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

describe('loading @tensorflow/tfjs only for weightinit/tfjs', () => {
  it('require of weightinit and weightinit/promises leaves tfjs unloaded', () => {
    expect(run(['-e', `require('weightinit'); require('weightinit/promises'); console.log(${TFJS_LOADED})`])).toBe('false');
  });

  it('import of weightinit and weightinit/promises leaves tfjs unloaded', () => {
    const script = `${ESM_REQUIRE} await import('weightinit'); await import('weightinit/promises'); console.log(${TFJS_LOADED})`;
    expect(run(['--input-type=module', '-e', script])).toBe('false');
  });

  it('weightinit/tfjs loads it, from CommonJS and ESM alike, with the same functions', () => {
    const names = (m: string) => `Object.keys(${m}).filter((k) => k !== '__esModule').sort().join()`;
    const cjs = run(['-e', `const wt = require('weightinit/tfjs'); console.log(${TFJS_LOADED}, ${names('wt')})`]);
    const esm = run(['--input-type=module', '-e', `${ESM_REQUIRE} const wt = await import('weightinit/tfjs'); console.log(${TFJS_LOADED}, ${names('wt')})`]);
    expect(esm).toBe(cjs);
    expect(cjs).toMatch(/^true .*heNormal/);
  });
});
