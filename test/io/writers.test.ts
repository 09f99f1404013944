// Writing: initModel and the tensor writers stream .safetensors and .npy
// files that our readers, NumPy and a hand-checked byte layout agree on;
// an aborted or failed write leaves no file under the final name; progress
// reaches the total exactly once.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import * as w from '../../src/index.js';
import { readNpy } from '../../src/io/readNpy.js';
import { readSafetensors } from '../../src/io/readSafetensors.js';
import * as promises from '../../src/promises.js';
import type { Progress } from '../../src/progress.js';
import { bytesOf, scratchDir } from './files.js';

const file = scratchDir();
const hasNumpy = (() => {
  try {
    execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const spec = {
  'blocks.0.weight': { shape: [96, 80], scheme: 'heNormal' },
  'blocks.0.bias': { shape: [96], scheme: 'constant', options: { value: 0.1 } },
  'blocks.1.weight': { shape: [3, 3, 8, 16], scheme: 'glorotUniform', dtype: 'float16' as const },
  'blocks.1.rotation': { shape: [32, 32], scheme: 'orthogonal', dtype: 'bfloat16' as const },
  'head.weight': { shape: [10, 96], scheme: 'lecunNormal', dtype: 'float64' as const },
};

describe('writing models and tensors', () => {
  it('a model streamed to .safetensors reads back equal to initModel in memory, with its seed and format in the metadata', async () => {
    const path = file('model.safetensors');
    const written = await promises.initModel(spec, { seed: 9, file: path, memoryBudget: 1 << 20 });
    expect(written).toMatchObject({ files: [path], seed: 9 });
    const memory = w.initModel(spec, { seed: 9 });
    const back = readSafetensors(path);
    for (const name of Object.keys(spec)) {
      expect(back[name]!.shape, name).toEqual(memory[name]!.shape);
      expect(back[name]!.dtype, name).toBe(memory[name]!.dtype);
      expect(bytesOf(back[name]!.data).equals(bytesOf(memory[name]!.data)), name).toBe(true);
    }
    const header = JSON.parse(readFileSync(path).subarray(8, 8 + Number(readFileSync(path).readBigUInt64LE(0))).toString());
    expect(header.__metadata__).toEqual({ format: 'pt', 'weightinit.seed': '9' });
    expect(written.bytes).toBe(readFileSync(path).length);
  });

  it('a tensor larger than the memory budget is written in chunks, equal to the whole', async () => {
    const path = file('big.safetensors');
    await promises.initModel({ w: { shape: [1024, 1024], scheme: 'truncatedNormal', options: { std: 0.02 } } }, { seed: 4, file: path, memoryBudget: 1 << 20 });
    expect(bytesOf(readSafetensors(path).w!.data).equals(bytesOf(w.truncatedNormal([1024, 1024], { seed: 4, std: 0.02, stream: (await import('../../src/model/parameterStream.js')).parameterStream('w') }).data))).toBe(true);
  });

  it('with maxShardBytes: Hugging Face shard names and index, every tensor where the index says', async () => {
    mkdirSync(file('sharded'));
    const path = file('sharded/model.safetensors');
    const written = await promises.initModel(spec, { seed: 9, file: path, maxShardBytes: 10_000 });
    expect(written.files.map((f) => f.slice(file('sharded/').length))).toEqual([
      'model-00001-of-00003.safetensors', 'model-00002-of-00003.safetensors', 'model-00003-of-00003.safetensors', 'model.safetensors.index.json',
    ]);
    const index = JSON.parse(readFileSync(`${path}.index.json`, 'utf8'));
    const memory = w.initModel(spec, { seed: 9 });
    expect(index.metadata.total_size).toBe(Object.values(memory).reduce((s, t) => s + t.data.byteLength, 0));
    expect(index.weight_map).toEqual({
      // 30720 bytes, alone; then 384 + 2304 + 2048; the 7680 of head.weight would overflow 10000.
      'blocks.0.bias': 'model-00002-of-00003.safetensors',
      'blocks.0.weight': 'model-00001-of-00003.safetensors',
      'blocks.1.rotation': 'model-00002-of-00003.safetensors',
      'blocks.1.weight': 'model-00002-of-00003.safetensors',
      'head.weight': 'model-00003-of-00003.safetensors',
    });
    const back = readSafetensors(`${path}.index.json`);
    for (const name of Object.keys(spec)) expect(bytesOf(back[name]!.data).equals(bytesOf(memory[name]!.data)), name).toBe(true);
  });

  it('the bytes of a small file, checked by hand against the safetensors layout', async () => {
    const path = file('hand.safetensors');
    await promises.writeSafetensors(path, { w: w.ones([2]) }, { metadata: { format: 'np' } });
    // u64 LE header length, the JSON padded with spaces to a multiple of 8, then two float32 ones (0x3f800000 LE).
    const json = '{"__metadata__":{"format":"np"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    const padded = json.padEnd(Math.ceil(json.length / 8) * 8, ' ');
    const expected = Buffer.concat([Buffer.from([padded.length, 0, 0, 0, 0, 0, 0, 0]), Buffer.from(padded), Buffer.from([0, 0, 0x80, 0x3f, 0, 0, 0x80, 0x3f])]);
    expect(readFileSync(path).equals(expected)).toBe(true);
  });

  it('.npy: one tensor, read back by our reader and by NumPy; bfloat16 is refused before any file exists', async () => {
    const path = file('w.npy');
    const t = w.heNormal([64, 48], { seed: 5, dtype: 'float16' });
    await promises.writeNpy(path, t);
    expect(bytesOf(readNpy(path).data).equals(bytesOf(t.data))).toBe(true);
    const one = await promises.initModel({ k: { shape: [5, 7], scheme: 'normal' } }, { seed: 1, file: file('k.npy') });
    expect(one.files).toEqual([file('k.npy')]);
    await expect(promises.writeNpy(file('b.npy'), w.ones([2], { dtype: 'bfloat16' }))).rejects.toThrow(/bfloat16/);
    expect(existsSync(file('b.npy'))).toBe(false);
    await expect(promises.initModel(spec, { seed: 1, file: file('many.npy') })).rejects.toThrow(/a .npy file holds one tensor, got 5/);
  });

  it.skipIf(!hasNumpy)('NumPy loads our .npy and the safetensors data at the header offsets', async () => {
    const t = w.glorotNormal([33, 17], { seed: 8 });
    const path = file('numpy.npy');
    await promises.writeNpy(path, t);
    const script = `import numpy as np, sys; a = np.load(sys.argv[1]); sys.stdout.buffer.write(str(a.dtype).encode() + b' ' + str(a.shape).encode() + b'\\n' + a.tobytes())`;
    const out = execFileSync('python3', ['-c', script, path]);
    const newline = out.indexOf(10);
    expect(out.subarray(0, newline).toString()).toBe('float32 (33, 17)');
    expect(out.subarray(newline + 1).equals(bytesOf(t.data))).toBe(true);
  });

  it('progress counts the bytes written and reaches the file size exactly once', async () => {
    const seen: Progress[] = [];
    const written = await promises.initModel({ w: { shape: [1 << 20], scheme: 'uniform' } }, { seed: 1, file: file('p.safetensors'), memoryBudget: 1 << 20, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(4);
    expect(seen.every((p, i) => p.total === written.bytes && (i === 0 || p.done > seen[i - 1]!.done))).toBe(true);
    expect(seen.filter((p) => p.done === p.total)).toHaveLength(1);
  });

  it('an abort mid-write rejects with an AbortError and leaves no file, final or temporary', async () => {
    mkdirSync(file('abort'));
    const path = file('abort/model.safetensors');
    const controller = new AbortController();
    let calls = 0;
    const call = promises.initModel({ w: { shape: [1 << 22], scheme: 'normal' } }, {
      seed: 1, file: path, memoryBudget: 1 << 20, signal: controller.signal,
      onProgress: () => ++calls === 3 && controller.abort(),
    });
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(readdirSync(file('abort'))).toEqual([]);
    const sharded = promises.initModel(spec, { seed: 1, file: path, maxShardBytes: 20_000, signal: AbortSignal.abort() });
    await expect(sharded).rejects.toMatchObject({ name: 'AbortError' });
    expect(readdirSync(file('abort'))).toEqual([]);
  });

  it('a failed write (missing directory) rejects and leaves nothing; so does a model whose whole-tensor scheme exceeds the budget', async () => {
    await expect(promises.initModel(spec, { seed: 1, file: file('missing/model.safetensors') })).rejects.toThrow(/ENOENT/);
    await expect(
      promises.initModel({ q: { shape: [1024, 1024], scheme: 'orthogonal' } }, { seed: 1, file: file('q.safetensors'), memoryBudget: 1 << 20 }),
    ).rejects.toThrow(/q is computed as a whole tensor \(4194304 bytes\), more than half of memoryBudget/);
    expect(existsSync(file('q.safetensors'))).toBe(false);
  });

  it('bad arguments are refused before a file is created', async () => {
    await expect(promises.initModel(spec, { file: file('x.bin') })).rejects.toThrow(/file must be a path ending in '.npy' or '.safetensors'/);
    await expect(promises.initModel(spec, { file: file('x.safetensors'), memoryBudget: 10 })).rejects.toThrow(RangeError);
    await expect(promises.initModel(spec, { maxShardBytes: 5 })).rejects.toThrow(/'maxShardBytes' needs 'file'/);
    await expect(promises.writeSafetensors(file('y.safetensors'), { a: { shape: [3], dtype: 'float32', data: new Float64Array(3) } })).rejects.toThrow(/data must be a Float32Array/);
    expect(existsSync(file('x.safetensors')) || existsSync(file('y.safetensors'))).toBe(false);
  });
});
