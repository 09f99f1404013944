// One vitest project per backend and SIMD level this machine can run, so the
// same contract suite checks each of them; unit tests of the TypeScript-only
// maths run once.
import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// The levels the addon under test supports, best first. When the addon cannot
// load, one native project remains and fails, saying why.
function nativeLevels(): string[] {
  try {
    const path = process.env['WEIGHTINIT_ADDON'] || require('node-gyp-build').resolve(__dirname);
    return require(path).info().supportedSimd.split(',');
  } catch {
    return ['unavailable'];
  }
}

const contract = ['test/contract/**/*.test.ts', 'test/statistics/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], env: { WEIGHTINIT_BACKEND: 'js' } } },
      { extends: true, test: { name: 'io', include: ['test/io/**/*.test.ts'] } },
      // weightinit/tfjs inside real @tensorflow/tfjs models (values, serialization, lazy loading).
      { extends: true, test: { name: 'tfjs', include: ['test/tfjs/**/*.test.ts'] } },
      { extends: true, test: { name: 'js', include: contract, env: { WEIGHTINIT_BACKEND: 'js' } } },
      // The js backend's worker threads, which load compiled JavaScript: run on the built package (dist/).
      { extends: true, test: { name: 'js-threads', include: ['test/threads/**/*.test.ts'], env: { WEIGHTINIT_BACKEND: 'js' } } },
      ...nativeLevels().map((level) => ({
        extends: true,
        test: {
          name: `native-${level}`,
          include: contract,
          env: { WEIGHTINIT_BACKEND: 'native', WEIGHTINIT_SIMD: level === 'unavailable' ? '' : level },
        },
      })),
      // Deep reference networks at full width: on the best native level only (the contract suite covers the others).
      {
        extends: true,
        test: { name: 'diagnostics', include: ['test/diagnostics/**/*.test.ts'], env: { WEIGHTINIT_BACKEND: 'native' } },
      },
      // The raw native binding under hostile calls and memory exhaustion, each in a child process.
      { extends: true, test: { name: 'fuzz', include: ['test/fuzz/**/*.test.ts'], env: { WEIGHTINIT_BACKEND: 'native' } } },
      // Property-based tests of the whole public API (fast-check, fixed seed), memory pressure and concurrency, on each backend.
      ...['native', 'js'].map((kind) => ({
        extends: true,
        test: { name: `properties-${kind}`, include: ['test/properties/**/*.test.ts'], env: { WEIGHTINIT_BACKEND: kind } },
      })),
      // The weightinit command line, run as a child process of the built package (dist/); installing
      // Chromium for the screenshot check may take minutes.
      { extends: true, test: { name: 'cli', include: ['test/cli/**/*.test.ts'], hookTimeout: 600_000 } },
      // npm pack + npm install <tarball> into empty projects: prebuilt binary, and no compiler at all.
      {
        extends: true,
        test: { name: 'packaging', include: ['test/packaging/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 600_000 },
      },
    ],
  },
});
