// A worker_thread terminated while Promise forms of the addon run in it: the
// work finishes into an environment being torn down, which must not end the
// process (workerTeardownChild.cjs, in a child process).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

import { addonPath, loadNativeBinding } from '../../src/native/binding.js';

loadNativeBinding();

it('survives worker_threads terminated with async fills, orthogonalizations and network passes in flight', () => {
  const run = spawnSync(process.execPath, [path.join(__dirname, 'workerTeardownChild.cjs')], {
    env: { ...process.env, WEIGHTINIT_ADDON: addonPath },
    encoding: 'utf8',
  });
  expect(run.status, `the child ${run.signal ?? `exited with ${run.status}`}: ${run.stderr}`).toBe(0);
  expect(run.stdout).toBe('survived\n');
});
