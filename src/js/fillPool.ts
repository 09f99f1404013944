// The TypeScript backend's threads: worker_threads that each fill a share of
// a large synchronous fill, the twin of native/thread_pool.cc. A counter-based
// stream makes every share independent, so the result is the same bytes for
// every thread count.
//
// A caller's output may live in any ArrayBuffer, which workers cannot see, so
// each worker fills its own shared scratch, and this thread copies it in. The
// calling thread fills its own share meanwhile, then blocks on a shared
// counter (Atomics.wait), which keeps the fill synchronous.
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';

import type { Distribution, HalfElement, KernelOutput } from '../kernels.js';
import { advance, type Position } from '../stream.js';

/** Fills `out` from `p` on the calling thread. */
export type FillHere = (distribution: Distribution, out: KernelOutput, p: Position, params: Float32Array, element?: HalfElement) => void;

/** What a worker is sent for one share: fill `count` elements of scratch from `position`. */
export interface FillJob {
  /** Stored in the worker's `done` slot when the share is filled. */
  sequence: number;
  distribution: Distribution;
  array: ArrayName;
  count: number;
  position: Position;
  params: Float32Array;
  element: HalfElement | undefined;
}

/** What a worker answers on its reply port: once `unavailable` if it cannot start, else once per job. */
export type FillReply = { ok: true } | { ok: false; message: string } | { unavailable: string };

export type ArrayName = 'Float32Array' | 'Float64Array' | 'Uint16Array' | 'Uint32Array';
/** A view of a worker's scratch of the output's kind. */
export const ARRAYS: Record<ArrayName, new (buffer: SharedArrayBuffer, byteOffset: number, length: number) => KernelOutput> = {
  Float32Array, Float64Array, Uint16Array, Uint32Array,
};

// Elements a worker fills per job: a few milliseconds of work, so the message
// round trip (tens of microseconds) stays below 1%, and the scratch (2 MiB of
// float64) stays in cache-friendly reach of the copy.
export const SHARE = 1 << 18;
const SCRATCH_BYTES = SHARE * Float64Array.BYTES_PER_ELEMENT;

/** Fills smaller than this run on the calling thread alone. */
export const PARALLEL_FROM = 1 << 17;

/** Threads a fill uses by default: the cores Node may run on. */
export const defaultThreads = availableParallelism();

/** The most threads one fill uses, whatever it asks for (each worker is an isolate of a few MiB). */
export const MAX_POOL_THREADS = 16;

interface PoolWorker {
  worker: Worker;
  replies: MessagePort;
  scratch: SharedArrayBuffer;
  /** [0]: the sequence number of the last job the worker finished, or -1 when it failed to start. */
  done: Int32Array;
  sequence: number;
}

const workers: PoolWorker[] = [];
// Set when a worker could not start (a bundler that left fillWorker out, a
// resource limit): fills then stay on the calling thread.
let broken: string | undefined;

// The worker runs this module's sibling in the same form (.js when installed).
// The small eval'd shim answers a failure to load as a reply: the caller,
// blocked on the `done` slot, would never see an 'error' event.
const WORKER_FILE = join(__dirname, `fillWorker${extname(__filename)}`);
const SHIM = `
const { workerData } = require('node:worker_threads');
try {
  require(workerData.file);
} catch (error) {
  workerData.replies.postMessage({ unavailable: 'cannot load ' + workerData.file + ': ' + error.message });
  const done = new Int32Array(workerData.done);
  Atomics.store(done, 0, -1);
  Atomics.notify(done, 0);
}`;

function spawn(): PoolWorker {
  const scratch = new SharedArrayBuffer(SCRATCH_BYTES);
  const done = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(SHIM, {
    eval: true,
    workerData: { file: WORKER_FILE, done: done.buffer, scratch, replies: port2 },
    transferList: [port2],
  });
  worker.on('error', (error) => {
    broken ??= error.message;
  });
  // Idle workers must not keep the process alive.
  worker.unref();
  port1.unref();
  return { worker, replies: port1, scratch, done, sequence: 0 };
}

/** Workers started so far. */
export function poolSize(): number {
  return workers.length;
}

/** Why fills stopped using workers, if they did. */
export function poolFailure(): string | undefined {
  return broken;
}

function arrayName(out: KernelOutput): ArrayName {
  if (out instanceof Float32Array) return 'Float32Array';
  if (out instanceof Float64Array) return 'Float64Array';
  return out instanceof Uint16Array ? 'Uint16Array' : 'Uint32Array';
}

/** Blocks until `w` has finished its latest job or failed to start. */
function waitFor(w: PoolWorker): void {
  for (;;) {
    const last = Atomics.load(w.done, 0);
    if (last === w.sequence || last < 0) return;
    Atomics.wait(w.done, 0, last);
  }
}

/**
 * Fills `out` from `p` with up to `threads` threads: this one and
 * threads - 1 workers, in rounds of one SHARE each.
 */
export function fillInParallel(
  distribution: Distribution, out: KernelOutput, p: Position, params: Float32Array, threads: number,
  element: HalfElement | undefined, fillHere: FillHere,
): void {
  const parts = Math.min(threads, MAX_POOL_THREADS);
  if (parts < 2 || out.length < PARALLEL_FROM || broken !== undefined) {
    fillHere(distribution, out, p, params, element);
    return;
  }
  while (workers.length < parts - 1) workers.push(spawn());
  const array = arrayName(out);
  const Array = ARRAYS[array];
  for (let start = 0; start < out.length; ) {
    if (broken !== undefined) {
      fillHere(distribution, out.subarray(start), advance(p, start), params, element);
      return;
    }
    const round = Math.min(out.length - start, parts * SHARE);
    const share = Math.ceil(round / parts);
    const jobs: { at: number; count: number; to: PoolWorker }[] = [];
    for (let at = start + share; at < start + round; at += share) {
      const count = Math.min(share, start + round - at);
      const to = workers[jobs.length]!;
      to.sequence = to.sequence === 0x7fffffff ? 1 : to.sequence + 1;
      const job: FillJob = { sequence: to.sequence, distribution, array, count, position: advance(p, at), params, element };
      to.worker.postMessage(job);
      jobs.push({ at, count, to });
    }
    fillHere(distribution, out.subarray(start, start + share), advance(p, start), params, element);
    // Every reply of the round is taken before any error is thrown, so none
    // is left for the next fill to mistake for its own.
    let failure: string | undefined;
    for (const { at, count, to } of jobs) {
      waitFor(to);
      const reply = receiveMessageOnPort(to.replies)!.message as FillReply;
      if ('unavailable' in reply) {
        // Fill its share here, and stop using workers.
        broken ??= reply.unavailable;
        fillHere(distribution, out.subarray(at, at + count), advance(p, at), params, element);
      } else if (reply.ok) {
        (out as Float32Array).set(new Array(to.scratch, 0, count) as Float32Array, at);
      } else {
        failure ??= reply.message;
      }
    }
    if (failure !== undefined) throw new Error(`weightinit: a fill worker failed: ${failure}`);
    start += round;
  }
}
