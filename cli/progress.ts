import { formatBytes } from '../core/protocol/units.js';

export interface ProgressBarOptions {
  /** Shown before the bar, e.g. "Hashing". */
  label: string;
  /** Defaults to process.stderr. */
  stream?: NodeJS.WriteStream;
}

const REDRAW_MS = 100;

/**
 * A one-line progress bar on stderr: `Hashing [=====>    ] 48%  1.2 GiB/2.5 GiB  1.9 GiB/s`.
 * It draws only when the stream is a terminal; when stderr is a file or a pipe (scripts, CI logs)
 * it prints nothing, so that logs hold results, not hundreds of redraws. Redraws at most ten
 * times a second; `finish()` clears the line.
 */
export class ProgressBar {
  private readonly stream: NodeJS.WriteStream;
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly options: ProgressBarOptions) {
    this.stream = options.stream ?? process.stderr;
  }

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  update(done: number, total: number): void {
    const now = Date.now();
    if (!this.enabled || (now - this.lastDraw < REDRAW_MS && done < total)) return;
    this.lastDraw = now;
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? `  ${formatBytes(done / seconds)}/s` : '';
    const text = `  ${Math.floor(fraction * 100)}%  ${formatBytes(done)}/${formatBytes(total)}${rate}`;
    const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - this.options.label.length - text.length - 4));
    const filled = Math.round(fraction * width);
    const bar = '='.repeat(filled) + (filled < width ? '>' : '') + ' '.repeat(Math.max(0, width - filled - 1));
    this.stream.write(`\r${this.options.label} [${bar}]${text}\x1b[K`);
    this.drawn = true;
  }

  finish(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}
