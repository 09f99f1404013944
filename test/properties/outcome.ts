// The one rule every public call obeys: it returns, or it throws (the Promise
// forms: reject) a TypeError or RangeError that weightinit wrote — never a
// generic Error, never an error of the engine leaking through (those start
// with a capital letter: "Cannot convert...", "The number NaN..."), and a
// Promise form never throws synchronously. Functions that touch files may
// also pass on the operating system's errors (ENOENT, EACCES, ...) as Node
// reports them: those are about the machine, not the arguments.

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: TypeError | RangeError };

/** Node's error for a failed system call: an Error with a code such as 'ENOENT'. */
export const isSystemError = (error: unknown): boolean =>
  error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code!) && typeof (error as NodeJS.ErrnoException).syscall === 'string';

/** Throws (failing the property) unless `error` is a TypeError or RangeError with one of weightinit's messages. */
export function expectTypedError(error: unknown, systemErrors = false): asserts error is TypeError | RangeError {
  if (systemErrors && isSystemError(error)) return;
  const kind = (error as { constructor?: unknown } | null)?.constructor;
  if (kind !== TypeError && kind !== RangeError) {
    throw new Error(`expected a TypeError or RangeError, got ${(kind as { name?: string } | undefined)?.name ?? typeof error}: ${String((error as Error)?.message ?? error)}`);
  }
  // weightinit's messages begin with the function's name ("normal: ...", "readNpy: ...").
  const { message } = error as Error;
  if (!/^[a-z][A-Za-z0-9_.]*[:\s]/.test(message)) {
    throw new Error(`a ${(error as Error).name} that weightinit did not write (it names no function): ${message}`);
  }
}

export function outcomeOf<T>(call: () => T, systemErrors = false): Outcome<T> {
  try {
    return { ok: true, value: call() };
  } catch (error) {
    expectTypedError(error, systemErrors);
    return { ok: false, error };
  }
}

export async function asyncOutcomeOf<T>(call: () => Promise<T>, systemErrors = false): Promise<Outcome<T>> {
  let promise: Promise<T>;
  try {
    promise = call();
  } catch (error) {
    throw new Error(`a Promise form threw synchronously instead of rejecting: ${String((error as Error)?.message ?? error)}`);
  }
  if (!(promise instanceof Promise)) throw new Error('a Promise form returned something other than a Promise');
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    expectTypedError(error, systemErrors);
    return { ok: false, error };
  }
}

/** Every number reachable in `value` (arrays, typed arrays, plain objects), with its path. */
export function* numbersIn(value: unknown, path = '$', seen = new Set<unknown>()): Generator<[string, number]> {
  if (typeof value === 'number') {
    yield [path, value];
    return;
  }
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const list = value as unknown as ArrayLike<number>;
    for (let i = 0; i < list.length; i++) if (typeof list[i] === 'number') yield [`${path}[${i}]`, list[i]!];
    return;
  }
  for (const [key, v] of Object.entries(value)) yield* numbersIn(v, `${path}.${key}`, seen);
}

/** The first NaN in a result, as "path = NaN", or undefined. */
export function firstNaN(value: unknown): string | undefined {
  for (const [path, n] of numbersIn(value)) if (Number.isNaN(n)) return `${path} = NaN`;
  return undefined;
}
