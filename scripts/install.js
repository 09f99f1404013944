// npm install hook: use a prebuilt binary when one matches, else build from
// source; if that fails too, the package still installs and runs on its
// TypeScript fallback (same results, slower), which the loader reports once.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const bin = require.resolve('node-gyp-build/bin.js');
const result = spawnSync(process.execPath, [bin], { stdio: 'inherit', cwd: path.join(__dirname, '..') });
if (result.status !== 0) {
  console.warn(
    'weightinit: the native addon could not be built; using the TypeScript fallback. ' +
      'Install a C++17 compiler, make and python3, then run `npm rebuild weightinit` for native speed.',
  );
}
