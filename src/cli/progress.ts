// The live progress line. On a terminal it rewrites one line on stderr; when
// piped (CI logs) it prints one plain line per phase instead, so logs stay
// readable. It never writes to stdout, which carries the report.
export class Progress {
  private readonly tty: boolean;
  private lastLength = 0;
  private readonly started = Date.now();

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly enabled = true,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  phase(text: string): void {
    if (!this.enabled) return;
    const secs = ((Date.now() - this.started) / 1000).toFixed(1);
    if (this.tty) {
      const line = `⏳ ${text} (${secs}s)`;
      this.stream.write(`\r${line}${' '.repeat(Math.max(0, this.lastLength - line.length))}`);
      this.lastLength = line.length;
    } else {
      this.stream.write(`launchready: ${text}…\n`);
    }
  }

  /** Fine-grained progress (one check of many): shown on a terminal only, so CI logs stay short. */
  detail(text: string): void {
    if (this.tty) this.phase(text);
  }

  done(): void {
    if (this.enabled && this.tty && this.lastLength) this.stream.write(`\r${' '.repeat(this.lastLength)}\r`);
    this.lastLength = 0;
  }
}
