// The process's streams as the commands see them, with the terminal facts
// decided once: colour only on a TTY and never when NO_COLOR is set
// (https://no-color.org: any non-empty value).

export interface Io {
  /** Writes to stdout as is. */
  out(text: string): void;
  /** Writes to stderr as is. */
  err(text: string): void;
  /** Whether stdout may carry ANSI colours. */
  color: boolean;
  /** The width stdout wraps at; 100 when it is not a terminal. */
  columns: number;
  /** Whether stderr is a terminal (a redrawn progress bar, or plain lines). */
  stderrIsTTY: boolean;
}

const PIPE_COLUMNS = 100;

export function processIo(): Io {
  const noColor = (process.env['NO_COLOR'] ?? '') !== '';
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    color: Boolean(process.stdout.isTTY) && !noColor,
    columns: (process.stdout.isTTY && process.stdout.columns) || PIPE_COLUMNS,
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}
