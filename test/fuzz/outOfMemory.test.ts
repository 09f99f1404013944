// Memory, or threads, running out inside native code is a JS exception, not
// the end of the process: each call of outOfMemoryChild.cjs runs out of
// address space in a child process that capped its own.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

import { addonPath, loadNativeBinding } from '../../src/native/binding.js';

loadNativeBinding();
const hasPrlimit = spawnSync('prlimit', ['--version']).status === 0;
// AddressSanitizer reserves terabytes of shadow memory: no address-space cap fits it.
const underAsan = (process.env['LD_PRELOAD'] ?? '').includes('asan');

it.runIf(process.platform === 'linux' && hasPrlimit && !underAsan)(
  'orthogonalize, networkStats and both Promise forms throw RangeError, a fill that cannot start its threads an Error',
  () => {
    const run = spawnSync(process.execPath, [path.join(__dirname, 'outOfMemoryChild.cjs')], {
      env: { ...process.env, WEIGHTINIT_ADDON: addonPath },
      encoding: 'utf8',
    });
    expect(run.status, `the child ${run.signal ?? `exited with ${run.status}`}: ${run.stderr}`).toBe(0);
    const outcomes = JSON.parse(run.stdout);
    for (const call of ['orthogonalize', 'orthogonalizeAsync', 'networkStats', 'networkStatsAsync']) {
      expect(outcomes[call], call).toEqual({
        ended: 'threw', type: 'RangeError', message: expect.stringMatching(/^weightinit native: not enough memory to /),
      });
    }
    expect(outcomes['fill on 256 threads']).toEqual({
      ended: 'threw', type: 'Error', message: expect.stringMatching(/^weightinit native: could not fill 1048576 elements: /),
    });
  },
);
