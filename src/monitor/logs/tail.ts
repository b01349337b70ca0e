// Follows JSON-lines log files by polling their size (fs.watch misses
// rotations on several filesystems and fires twice on others). A file that
// shrinks was truncated or rotated: reading restarts at its beginning. Reads
// are bounded per poll, and a partial last line waits for the next poll.
import { open, stat } from 'node:fs/promises';

export interface TailOptions {
  file: string;
  /** Start at the end (only new lines) or the beginning. */
  from: 'start' | 'end';
  onLine: (line: unknown, raw: string) => void;
  /** Lines that are not JSON. */
  onOther?: (raw: string) => void;
  maxReadBytes?: number;
}

const MAX_LINE = 256 * 1024;

export class LogTail {
  private offset = -1;
  private rest = '';
  lines = 0;
  lastError: string | undefined;

  constructor(private readonly o: TailOptions) {}

  /** Reads whatever was appended since the last poll. */
  async poll(): Promise<void> {
    let size: number;
    try {
      size = (await stat(this.o.file)).size;
    } catch (err) {
      this.lastError = (err as Error).message;
      return;
    }
    this.lastError = undefined;
    if (this.offset < 0) this.offset = this.o.from === 'end' ? size : 0;
    if (size < this.offset) {
      this.offset = 0;
      this.rest = '';
    }
    if (size === this.offset) return;
    const len = Math.min(size - this.offset, this.o.maxReadBytes ?? 4 * 1024 * 1024);
    const fh = await open(this.o.file, 'r');
    try {
      const buf = Buffer.alloc(len);
      const { bytesRead } = await fh.read(buf, 0, len, this.offset);
      this.offset += bytesRead;
      this.consume(buf.subarray(0, bytesRead).toString('utf8'));
    } finally {
      await fh.close();
    }
  }

  private consume(text: string): void {
    const parts = (this.rest + text).split('\n');
    this.rest = parts.pop() ?? '';
    if (this.rest.length > MAX_LINE) this.rest = '';
    for (const raw of parts) {
      const line = raw.trim();
      if (!line) continue;
      this.lines++;
      if (line.startsWith('{')) {
        try {
          this.o.onLine(JSON.parse(line), line);
          continue;
        } catch {
          // falls through: not JSON after all
        }
      }
      this.o.onOther?.(line);
    }
  }
}
