// Progress of a long write on stderr: on a terminal a bar redrawn in place
// (percentage, GB/s, ETA); otherwise a plain line at every tenth, which reads
// well in a log file.
import { formatBytes, formatDuration } from './format.js';

export interface ProgressOptions {
  label: string;
  /** A terminal: redraw one line in place. */
  tty: boolean;
  ascii: boolean;
  write: (text: string) => void;
}

const BAR_WIDTH = 24;
const REDRAW_MS = 100;

export class ProgressBar {
  private readonly start = performance.now();
  private lastDraw = -Infinity;
  private lastTenth = 0;
  private drawn = false;

  constructor(private readonly o: ProgressOptions) {}

  update(done: number, total: number): void {
    const t = performance.now();
    const fraction = total > 0 ? done / total : 1;
    const seconds = (t - this.start) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? formatDuration((total - done) / rate) : '?';
    const speed = rate > 0 ? `${formatBytes(rate)}/s` : '-';
    const pct = `${Math.floor(fraction * 100)}%`;
    if (this.o.tty) {
      if (t - this.lastDraw < REDRAW_MS && done < total) return;
      this.lastDraw = t;
      const filled = Math.round(fraction * BAR_WIDTH);
      const bar = this.o.ascii ? `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]` : `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
      this.o.write(`\r${this.o.label} ${pct.padStart(4)} ${bar} ${formatBytes(done)} / ${formatBytes(total)}  ${speed}  ETA ${eta}\u001b[K`);
      this.drawn = true;
      return;
    }
    const tenth = Math.floor(fraction * 10);
    if (tenth <= this.lastTenth && done < total) return;
    this.lastTenth = tenth;
    const tail = done < total ? `ETA ${eta}` : `in ${formatDuration(seconds)}`;
    this.o.write(`${this.o.label}: ${pct} (${formatBytes(done)} of ${formatBytes(total)}, ${speed}, ${tail})\n`);
  }

  /** Erases the bar, so that the next line starts clean. */
  clear(): void {
    if (this.drawn) this.o.write('\r\u001b[K');
    this.drawn = false;
  }
}
