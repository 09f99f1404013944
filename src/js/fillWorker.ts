// One thread of fillPool.ts: fills each share it is sent into its scratch,
// answers on its reply port, then marks the share done in its `done` slot,
// on which the caller waits.
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';

import { ARRAYS, type FillJob, type FillReply } from './fillPool.js';
import { fillHere } from './kernels.js';

const { scratch, replies } = workerData as { scratch: SharedArrayBuffer; replies: MessagePort };
const done = new Int32Array(workerData.done as SharedArrayBuffer);

parentPort!.on('message', (job: FillJob) => {
  let reply: FillReply = { ok: true };
  try {
    fillHere(job.distribution, new ARRAYS[job.array](scratch, 0, job.count), job.position, job.params, job.element);
  } catch (error) {
    reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  replies.postMessage(reply);
  Atomics.store(done, 0, job.sequence);
  Atomics.notify(done, 0);
});
