// Progress reports and cancellation for the Promise forms: long work is cut
// into pieces, and between pieces the caller hears how far it got and may
// stop it with an AbortSignal.
import { typeError } from './errors.js';

export interface Progress {
  /** Bytes produced so far. */
  done: number;
  /** Bytes the whole call produces. */
  total: number;
}

export interface AsyncOptions {
  /** Stops the work between two pieces; the Promise then rejects with an AbortError. */
  signal?: AbortSignal;
  /** Called as the work advances; the last call has done === total, and comes exactly once. */
  onProgress?: (progress: Progress) => void;
}

export const ASYNC_KEYS = ['signal', 'onProgress'] as const;

/** The AbortError a cancelled call rejects with, carrying the signal's reason as its cause. */
export function abortError(fn: string, signal: AbortSignal): DOMException {
  return new DOMException(`${fn}: aborted`, { name: 'AbortError', cause: signal.reason } as unknown as string);
}

export class Tracker {
  private done = 0;
  readonly fn: string;
  readonly total: number;
  private readonly signal: AbortSignal | undefined;
  private readonly onProgress: ((p: Progress) => void) | undefined;

  constructor(fn: string, o: Record<string, unknown>, total: number) {
    const { signal, onProgress } = o;
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw typeError(fn, 'signal', 'an AbortSignal', signal);
    if (onProgress !== undefined && typeof onProgress !== 'function') throw typeError(fn, 'onProgress', 'a function', onProgress);
    this.fn = fn;
    this.total = total;
    this.signal = signal;
    this.onProgress = onProgress as ((p: Progress) => void) | undefined;
  }

  /** Throws the AbortError once the signal has fired. */
  check(): void {
    if (this.signal?.aborted) throw abortError(this.fn, this.signal);
  }

  /** Counts `bytes` more as done and reports it (the final report only once, when all is done). */
  advance(bytes: number): void {
    this.done = Math.min(this.total, this.done + bytes);
    if (this.done < this.total) this.onProgress?.({ done: this.done, total: this.total });
  }

  finish(): void {
    this.done = this.total;
    this.onProgress?.({ done: this.total, total: this.total });
  }
}
