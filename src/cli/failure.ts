// How a failed command ends: one line on stderr and an exit code. Bad input
// (a UsageError, or the library's TypeError / RangeError for a value it
// refuses) exits 2; an interrupted command 130, as a shell reports SIGINT;
// anything else 1. The stack trace only with --debug.
import type { Io } from './io.js';
import { UsageError } from './usageError.js';

export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

function isAbort(error: unknown): boolean {
  return (error instanceof Error || error instanceof DOMException) && error.name === 'AbortError';
}

function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof TypeError || error instanceof RangeError) return EXIT.usage;
  return isAbort(error) ? EXIT.interrupted : EXIT.failure;
}

export function reportFailure(prefix: string, error: unknown, debug: boolean, io: Io): number {
  const code = exitCodeOf(error);
  const message = error instanceof Error || error instanceof DOMException ? error.message : String(error);
  const firstLine = message.split('\n')[0];
  const hint = code === EXIT.failure && !debug && !(error as { code?: unknown }).code ? ' (run with --debug for the stack trace)' : '';
  io.err(`${prefix}: ${firstLine}${hint}\n`);
  if (debug && error instanceof Error) io.err(`${error.stack}\n`);
  return code;
}
