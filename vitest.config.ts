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
      { extends: true, test: { name: 'js', include: contract, env: { WEIGHTINIT_BACKEND: 'js' } } },
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
      // npm pack + npm install <tarball> into empty projects: prebuilt binary, and no compiler at all.
      {
        extends: true,
        test: { name: 'packaging', include: ['test/packaging/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 600_000 },
      },
    ],
  },
});
