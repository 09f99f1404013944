// Compiles src/ to CommonJS (dist/cjs) and writes the ESM entry points
// (dist/esm) as thin wrappers over it, so both module systems share one
// instance of the backend and its state.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
fs.rmSync(dist, { recursive: true, force: true });
const tsc = path.join(path.dirname(require.resolve('typescript/package.json')), require('typescript/package.json').bin.tsc);
execFileSync(process.execPath, [tsc, '-p', root], { stdio: 'inherit' });

const esm = path.join(dist, 'esm');
fs.mkdirSync(esm, { recursive: true });
// Listing an entry's names loads its CommonJS module; for 'tfjs' that loads
// @tensorflow/tfjs, a dev dependency, which is present wherever this builds.
for (const entry of ['index', 'promises', 'tfjs']) {
  const names = Object.keys(require(path.join(dist, 'cjs', `${entry}.js`))).filter((n) => n !== '__esModule');
  const lines = [
    `import cjs from '../cjs/${entry}.js';`,
    ...names.map((n) => `export const ${n} = cjs.${n};`),
  ];
  fs.writeFileSync(path.join(esm, `${entry}.mjs`), lines.join('\n') + '\n');
  fs.writeFileSync(path.join(esm, `${entry}.d.mts`), `export * from '../cjs/${entry}.js';\n`);
}
