// Against the reference implementation: files NumPy writes (both byte
// orders, versions 1.0, 2.0 and 3.0) read equal here, and NumPy loads the
// files our header encoder writes. Needs python3 with numpy; skipped (saying
// so) where it cannot be imported.
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

import { type NpyDType } from '../../src/io/npyHeader.js';
import { encodeSafetensorsIndex } from '../../src/io/safetensorsHeader.js';
import { readNpy, readNpyAsync } from '../../src/io/readNpy.js';
import { bytesOf, expectError, sampleData, scratchDir, writeNpy } from './files.js';

const canRun = (code: string) => spawnSync('python3', ['-c', code], { stdio: 'ignore' }).status === 0;
const hasPython = canRun('pass');
const hasNumpy = canRun('import numpy');
const python = (script: string, ...args: string[]): string => execFileSync('python3', ['-c', script, ...args], { encoding: 'utf8' });
const file = scratchDir();

describe.skipIf(!hasNumpy)(`NumPy cross-check${hasNumpy ? '' : ' (skipped: python3 cannot import numpy)'}`, () => {
  it('reads what numpy.save and numpy.lib.format.write_array write', async () => {
    const script = `
import json, sys, numpy as np
cases = [
    ('f4.npy', '<f4', (3, 4), None),
    ('f8_big_endian.npy', '>f8', (2, 3), None),
    ('f2.npy', '<f2', (5,), None),
    ('scalar.npy', '<f4', (), None),
    ('empty.npy', '<f8', (0, 3), None),
    ('version2.npy', '<f4', (2, 2), (2, 0)),
    ('version3.npy', '>f2', (3,), (3, 0)),
]
expected = {}
for name, descr, shape, version in cases:
    a = ((np.arange(int(np.prod(shape)), dtype=np.float64) - 3) / 7).astype(descr).reshape(shape)
    with open(sys.argv[1] + '/' + name, 'wb') as f:
        if version is None:
            np.save(f, a)
        else:
            np.lib.format.write_array(f, a, version=version)
    expected[name] = [a.dtype.itemsize, list(shape), a.astype(a.dtype.newbyteorder('<')).tobytes().hex()]
print(json.dumps(expected))
`;
    const expected = JSON.parse(python(script, file(''))) as Record<string, [number, number[], string]>;
    const dtypeOf: Record<number, string> = { 2: 'float16', 4: 'float32', 8: 'float64' };
    for (const [name, [itemSize, shape, hex]] of Object.entries(expected)) {
      for (const t of [readNpy(file(name)), await readNpyAsync(file(name))]) {
        expect({ name, dtype: t.dtype, shape: t.shape, hex: bytesOf(t.data).toString('hex') }).toEqual({ name, dtype: dtypeOf[itemSize], shape, hex });
      }
    }
  });

  it('refuses what NumPy writes but weightinit does not read: Fortran order, integers', () => {
    python(
      "import sys, numpy as np; np.save(sys.argv[1], np.asfortranarray(np.ones((2, 3), np.float32))); np.save(sys.argv[2], np.arange(4))",
      file('fortran.npy'),
      file('int.npy'),
    );
    expectError(() => readNpy(file('fortran.npy')), RangeError, /Fortran \(column-major\) order/);
    expectError(() => readNpy(file('int.npy')), RangeError, /holds dtype '<i8', which weightinit does not read/);
  });

  it('numpy.load reads the files our header encoder writes', () => {
    const cases: [NpyDType, number[]][] = [['float32', [3, 4]], ['float64', [5]], ['float16', [2, 3, 2]], ['float32', []], ['float64', [0, 2]]];
    const written = cases.map(([dtype, shape], i) => {
      const data = sampleData(dtype, shape.reduce((a, b) => a * b, 1));
      return { path: writeNpy(file(`ours-${i}.npy`), dtype, shape, data), dtype, shape, hex: bytesOf(data).toString('hex') };
    });
    const script = `
import json, sys, numpy as np
out = []
for p in sys.argv[1:]:
    a = np.load(p)
    out.append([a.dtype.str, list(a.shape), a.tobytes().hex()])
print(json.dumps(out))
`;
    const loaded = JSON.parse(python(script, ...written.map((w) => w.path))) as [string, number[], string][];
    const descr: Record<NpyDType, string> = { float16: '<f2', float32: '<f4', float64: '<f8' };
    expect(loaded).toEqual(written.map((w) => [descr[w.dtype], w.shape, w.hex]));
  });
});

describe.skipIf(!hasPython)(`Python json cross-check${hasPython ? '' : ' (skipped: no python3)'}`, () => {
  it('writes the shard index exactly as transformers does (json.dumps(index, indent=2, sort_keys=True) + newline)', () => {
    const weightMap = { 'model.layers.10.w': 'model-00002-of-00002.safetensors', 'lm_head.weight': 'model-00001-of-00002.safetensors', 'b\u00e4': 'model-00001-of-00002.safetensors' };
    const script = `
import json, sys
index = {"metadata": {"total_size": 123456}, "weight_map": json.loads(sys.argv[1])}
sys.stdout.write(json.dumps(index, indent=2, sort_keys=True, ensure_ascii=False) + "\\n")
`;
    expect(encodeSafetensorsIndex(123456, weightMap)).toBe(python(script, JSON.stringify(weightMap)));
  });
});
