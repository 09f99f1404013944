// The TypeScript backend's threads: worker_threads that each fill a share of
// a large fill, the twin of native/thread_pool.cc. A counter-based stream
// makes every share independent, so the result is the same bytes for every
// thread count.
//
// A caller's output may live in any ArrayBuffer, which workers cannot see, so
// each worker fills its own shared scratch, and the calling thread copies it
// in. A synchronous fill fills a share itself meanwhile, then blocks on each
// worker's `done` slot (Atomics.wait); a Promise form leaves all the shares to
// workers and awaits their replies, so the event loop runs. A worker serves
// one fill at a time: fills that find none free start more, up to the cap, or
// make do with fewer.
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
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

// The `done` slot before the worker's thread has loaded fillWorker, and once
// the worker cannot serve (it failed to load, or its thread is exiting).
const STARTING = -2;
const GONE = -1;

// How long a fill waits for a new worker's thread to start. Past it, the
// share is filled here: a thread the OS would not create never starts, and
// its 'error' event cannot reach a caller blocked in Atomics.wait.
const START_TIMEOUT_MS = 5000;

interface PoolWorker {
  worker: Worker;
  replies: MessagePort;
  scratch: SharedArrayBuffer;
  /** [0]: the sequence number of the last job the worker finished; 0 before its first; STARTING or GONE. */
  done: Int32Array;
  sequence: number;
  busy: boolean;
}

const workers: PoolWorker[] = [];
// Set when a worker could not start (a bundler that left fillWorker out, a
// resource limit): fills then stay on the calling thread.
let broken: string | undefined;

// The worker runs this module's sibling in the same form (.js when installed).
// The small eval'd shim reports through the `done` slot, which a caller
// blocked in Atomics.wait sees where it would never see an 'error' or 'exit'
// event: started, failed to load (with a reply saying why), or exiting.
const WORKER_FILE = join(__dirname, `fillWorker${extname(__filename)}`);
const SHIM = `
const { workerData } = require('node:worker_threads');
const done = new Int32Array(workerData.done);
const mark = (state) => {
  Atomics.store(done, 0, state);
  Atomics.notify(done, 0);
};
process.on('exit', () => mark(${GONE}));
try {
  require(workerData.file);
  mark(0);
} catch (error) {
  workerData.replies.postMessage({ unavailable: 'cannot load ' + workerData.file + ': ' + error.message });
  mark(${GONE});
}`;

function spawn(): PoolWorker {
  const scratch = new SharedArrayBuffer(SCRATCH_BYTES);
  const done = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  done[0] = STARTING;
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
  return { worker, replies: port1, scratch, done, sequence: 0, busy: false };
}

/** Up to `count` workers for one fill: free ones first, then new ones up to the cap. */
function lease(count: number): PoolWorker[] {
  const leased = workers.filter((w) => !w.busy).slice(0, count);
  while (leased.length < count && workers.length < MAX_POOL_THREADS - 1) {
    const w = spawn();
    workers.push(w);
    leased.push(w);
  }
  for (const w of leased) w.busy = true;
  return leased;
}

function release(leased: PoolWorker[]): void {
  for (const w of leased) w.busy = false;
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

interface Share {
  at: number;
  count: number;
  to: PoolWorker;
}

/** Sends each worker its share of `count` elements from `at`, shares of `size`; returns them. */
function sendShares(
  distribution: Distribution, out: KernelOutput, p: Position, params: Float32Array, element: HalfElement | undefined,
  helpers: PoolWorker[], at: number, count: number, size: number,
): Share[] {
  const array = arrayName(out);
  return helpers.slice(0, Math.ceil(count / size)).map((to, i) => {
    const share = { at: at + i * size, count: Math.min(size, count - i * size), to };
    to.sequence = to.sequence === 0x7fffffff ? 1 : to.sequence + 1;
    const job: FillJob = { sequence: to.sequence, distribution, array, count: share.count, position: advance(p, share.at), params, element };
    to.worker.postMessage(job);
    return share;
  });
}

/**
 * Takes the replies of a round's shares: copies each filled share into
 * `out`, and fills here the shares of workers that could not start. Every
 * reply is taken before an error is thrown, so none is left for the next fill
 * to mistake for its own.
 */
function collect(
  shares: Share[], replies: FillReply[], distribution: Distribution, out: KernelOutput, p: Position, params: Float32Array,
  element: HalfElement | undefined, fillHere: FillHere,
): void {
  let failure: string | undefined;
  shares.forEach(({ at, count, to }, i) => {
    const reply = replies[i]!;
    if ('unavailable' in reply) {
      broken ??= reply.unavailable;
      fillHere(distribution, out.subarray(at, at + count), advance(p, at), params, element);
    } else if (reply.ok) {
      (out as Float32Array).set(new ARRAYS[arrayName(out)](to.scratch, 0, count) as Float32Array, at);
    } else {
      failure ??= reply.message;
    }
  });
  if (failure !== undefined) throw new Error(`weightinit: a fill worker failed: ${failure}`);
}

const notStarted: FillReply = { unavailable: `a fill worker's thread did not start within ${START_TIMEOUT_MS / 1000} s` };
const stopped: FillReply = { unavailable: 'a fill worker stopped before it answered' };

/** Blocks until `w`'s thread has started (or given up), for at most START_TIMEOUT_MS. */
function started(w: PoolWorker): boolean {
  const deadline = performance.now() + START_TIMEOUT_MS;
  for (let left = START_TIMEOUT_MS; Atomics.load(w.done, 0) === STARTING; left = deadline - performance.now()) {
    if (left <= 0) return false;
    Atomics.wait(w.done, 0, STARTING, left);
  }
  return true;
}

/** Blocks until `w` has finished its latest job (or cannot), and takes its reply. */
function replyOf(w: PoolWorker): FillReply {
  if (!started(w)) return notStarted;
  for (;;) {
    const last = Atomics.load(w.done, 0);
    if (last === w.sequence || last === GONE) break;
    Atomics.wait(w.done, 0, last);
  }
  // The worker posts its reply before it marks the job done.
  const reply = receiveMessageOnPort(w.replies);
  return reply === undefined ? stopped : (reply.message as FillReply);
}

/**
 * Fills `out` from `p` with up to `threads` threads, this one among them, in
 * rounds of one SHARE per thread.
 */
export function fillInParallel(
  distribution: Distribution, out: KernelOutput, p: Position, params: Float32Array, threads: number,
  element: HalfElement | undefined, fillHere: FillHere,
): void {
  const helpers = threads < 2 || out.length < PARALLEL_FROM || broken !== undefined ? [] : lease(Math.min(threads, MAX_POOL_THREADS) - 1);
  try {
    let start = 0;
    while (start < out.length && helpers.length > 0 && broken === undefined) {
      const parts = helpers.length + 1;
      const round = Math.min(out.length - start, parts * SHARE);
      const size = Math.ceil(round / parts);
      const shares = sendShares(distribution, out, p, params, element, helpers, start + size, round - size, size);
      fillHere(distribution, out.subarray(start, start + size), advance(p, start), params, element);
      collect(shares, shares.map(({ to }) => replyOf(to)), distribution, out, p, params, element, fillHere);
      start += round;
    }
    if (start < out.length) fillHere(distribution, out.subarray(start), advance(p, start), params, element);
  } finally {
    release(helpers);
  }
}

/**
 * Awaits `w`'s reply to its latest job, or its thread's exit, or, while the
 * thread has not started, START_TIMEOUT_MS. The worker is ref'd meanwhile,
 * so the process stays up until one of them comes, and not after: a port
 * alone would not do, as it closes with a thread that exits, before the
 * 'exit' event can be delivered.
 */
async function replyOfAsync(w: PoolWorker): Promise<FillReply> {
  w.worker.ref();
  const settled = new AbortController();
  const { signal } = settled;
  const startTimeout = (async () => {
    await delay(START_TIMEOUT_MS, undefined, { signal, ref: false });
    if (Atomics.load(w.done, 0) === STARTING) return notStarted;
    return new Promise<never>(() => {});
  })();
  try {
    return await Promise.race([
      once(w.replies, 'message', { signal }).then(([reply]) => reply as FillReply),
      once(w.worker, 'exit', { signal }).then(() => stopped),
      startTimeout,
    ]);
  } finally {
    settled.abort();
    w.worker.unref();
  }
}

/**
 * Fills a first part of `out` from `p` on up to `threads` workers, in rounds
 * of one SHARE per worker, and returns its length: all of `out`, or less (even
 * 0) when no worker is free or one could not start. The caller fills the rest.
 */
export async function fillInParallelAsync(
  distribution: Distribution, out: KernelOutput, p: Position, params: Float32Array, threads: number,
  element: HalfElement | undefined, fillHere: FillHere,
): Promise<number> {
  const helpers = broken !== undefined ? [] : lease(Math.min(threads, MAX_POOL_THREADS - 1));
  try {
    let start = 0;
    while (start < out.length && helpers.length > 0 && broken === undefined) {
      const round = Math.min(out.length - start, helpers.length * SHARE);
      const size = Math.ceil(round / helpers.length);
      const shares = sendShares(distribution, out, p, params, element, helpers, start, round, size);
      collect(shares, await Promise.all(shares.map(({ to }) => replyOfAsync(to))), distribution, out, p, params, element, fillHere);
      start += round;
    }
    return start;
  } finally {
    release(helpers);
  }
}
