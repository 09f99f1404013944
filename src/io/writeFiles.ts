// Streams tensors into files in bounded memory, and never leaves a partial
// file under a final name: every file is written under a temporary name in
// its directory, flushed to disk, and renamed only when all files of the call
// are complete; on an error or an abort the temporaries are removed.
//
// Two chunk buffers alternate: while one is written to disk, the next chunk
// is drawn into the other, so drawing hides behind the disk.
import { randomBytes } from 'node:crypto';
import { open, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

import type { Tracker } from '../progress.js';
import { BYTES_PER_ELEMENT } from '../tensor.js';
import type { TensorSource } from './tensorSource.js';

export interface FileLayout {
  path: string;
  /** Bytes before the data: the format's header. */
  header: Buffer;
  /** Each source's data starts at header.length + begin. */
  tensors: { source: TensorSource; begin: number }[];
}

export interface WriteLimits {
  /** Bytes of memory the two chunk buffers may take together. */
  chunkBudget: number;
  signal: AbortSignal | undefined;
  tracker: Tracker;
}

/** A temporary name next to `file`, so the final rename stays on one file system. */
function temporaryName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.partial`);
}

async function writeFully(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < bytes.byteLength; ) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.byteLength - done, position + done);
    done += bytesWritten;
  }
}

interface Chunk {
  handle: FileHandle;
  source: TensorSource;
  first: number;
  bytes: number;
  position: number;
}

// Chunks hold whole elements and at most `chunkBytes` bytes.
function* chunksOf(handle: FileHandle, layout: FileLayout, chunkBytes: number): Generator<Chunk> {
  for (const { source, begin } of layout.tensors) {
    const size = BYTES_PER_ELEMENT[source.dtype];
    const perChunk = Math.max(1, Math.floor(chunkBytes / size));
    const count = source.bytes / size;
    for (let first = 0; first < count; first += perChunk) {
      const n = Math.min(perChunk, count - first);
      yield { handle, source, first, bytes: n * size, position: layout.header.length + begin + first * size };
    }
  }
}

async function streamChunks(chunks: Iterable<Chunk>, chunkBytes: number, limits: WriteLimits): Promise<void> {
  const buffers = [new Uint8Array(chunkBytes), new Uint8Array(chunkBytes)];
  const writes: Promise<void>[] = [Promise.resolve(), Promise.resolve()];
  let slot = 0;
  try {
    for (const c of chunks) {
      await writes[slot];
      limits.tracker.check();
      const view = buffers[slot]!.subarray(0, c.bytes);
      await c.source.produce(view, c.first, limits.signal);
      const write = writeFully(c.handle, view, c.position).then(() => limits.tracker.advance(c.bytes));
      // Awaited before the buffer is reused or at the end; marked handled so a
      // failure while the other buffer is being drawn is not an unhandled rejection.
      write.catch(() => undefined);
      writes[slot] = write;
      slot ^= 1;
    }
    await Promise.all(writes);
  } finally {
    await Promise.allSettled(writes);
  }
}

/**
 * Writes every file (and the `extra` text files, e.g. an index, last), or none:
 * returns once all are renamed to their final names.
 */
export async function writeFilesAtomically(layouts: FileLayout[], extra: { path: string; text: string }[], limits: WriteLimits): Promise<void> {
  // Never more than the largest tensor needs, nor more than one typed array holds.
  const largest = Math.max(1, ...layouts.flatMap((l) => l.tensors.map((t) => t.source.bytes)));
  const chunkBytes = Math.max(1 << 16, Math.floor(Math.min(limits.chunkBudget / 2, largest + 63, 2 ** 30) / 64) * 64);
  const temporaries: string[] = [];
  const handles: FileHandle[] = [];
  try {
    limits.tracker.check();
    const opened: { handle: FileHandle; layout: FileLayout }[] = [];
    for (const layout of layouts) {
      const name = temporaryName(layout.path);
      temporaries.push(name);
      const handle = await open(name, 'wx').catch((e: NodeJS.ErrnoException) => {
        // The error names the file asked for, not the temporary one.
        throw Object.assign(new Error(`${e.code ?? 'error'}: cannot write '${layout.path}' (${e.message})`, { cause: e }), {
          code: e.code, errno: e.errno, syscall: e.syscall, path: layout.path,
        });
      });
      handles.push(handle);
      opened.push({ handle, layout });
      await writeFully(handle, layout.header, 0);
      limits.tracker.advance(layout.header.length);
    }
    await streamChunks(
      (function* () {
        for (const { handle, layout } of opened) yield* chunksOf(handle, layout, chunkBytes);
      })(),
      chunkBytes,
      limits,
    );
    // On disk before the rename, so a crash cannot leave a short file under a final name.
    await Promise.all(handles.map((h) => h.sync()));
    await Promise.all(handles.splice(0).map((h) => h.close()));
    const extraNames = extra.map((e) => temporaryName(e.path));
    temporaries.push(...extraNames);
    await Promise.all(extra.map((e, i) => writeFile(extraNames[i]!, e.text, { flag: 'wx', flush: true })));
    limits.tracker.check();
    const finals = [...layouts.map((l) => l.path), ...extra.map((e) => e.path)];
    for (let i = 0; i < finals.length; i++) await rename(temporaries[i]!, finals[i]!);
    temporaries.length = 0;
    limits.tracker.finish();
  } finally {
    await Promise.allSettled(handles.map((h) => h.close()));
    await Promise.allSettled(temporaries.map((t) => rm(t, { force: true })));
  }
}
