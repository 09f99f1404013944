// Ctrl-C (SIGINT) while `init` writes: the command stops, removes its
// temporary file and exits 130; no file is left under any name.
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { startCli } from './runCli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'weightinit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIGINT during init', () => {
  it.each(['w.safetensors', 'w.npy'])('leaves no %s and no partial file', async (name) => {
    // 1 GiB: seconds of writing, so the signal lands mid-write (the temporary file exists by then).
    const child = startCli(['init', '--shape', '16384x16384', '--scheme', 'he-normal', '--memory-budget', '8MiB', '--out', name], dir);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = once(child, 'exit');
    for (let waited = 0; !readdirSync(dir).some((f) => f.endsWith('.partial')); waited += 10) {
      if (waited > 30_000) throw new Error(`no temporary file appeared; stderr: ${stderr}`);
      await sleep(10);
    }
    child.kill('SIGINT');
    const [code] = await exited;
    expect(code).toBe(130);
    expect(stderr).toContain('init: aborted; no file was written');
    expect(readdirSync(dir)).toEqual([]);
  });
});
