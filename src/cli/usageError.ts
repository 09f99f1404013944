// A mistake on the command line: printed as one line (what is wrong and what
// to type instead), exit code 2, never with a stack trace.

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The known word closest to a typo, if it is close enough to be what was meant. */
function closest(typed: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const word of known) {
    const d = word.startsWith(typed) && typed.length >= 3 ? 0 : distance(typed.toLowerCase(), word.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [word, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** "; did you mean X?" or "", for the end of an error line. */
export function didYouMean(typed: string, known: readonly string[], render: (word: string) => string = (w) => w): string {
  const guess = closest(typed, known);
  return guess === undefined ? '' : `; did you mean ${render(guess)}?`;
}
