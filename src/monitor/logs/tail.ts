// Follows JSON-lines log files by polling their size (fs.watch misses
// rotations on several filesystems and fires twice on others). A file that
// shrinks was truncated or rotated: reading restarts at its beginning. Reads
// are bounded per poll, and a partial last line waits for the next poll. A
// line longer than maxLineBytes is not held whole: it is handed to onPiece in
// overlapping pieces as it arrives (so a secret in a 5 MB line is still
// found), and its end is skipped as a line.
import { open, stat } from 'node:fs/promises';

export interface TailOptions {
  file: string;
  /** Start at the end (only new lines) or the beginning. */
  from: 'start' | 'end';
  onLine: (line: unknown, raw: string) => void;
  /** Lines that are not JSON. */
  onOther?: (raw: string) => void;
  /** Pieces of a line too long to parse (each ≤ pieceBytes, overlapping by `overlap` characters). */
  onPiece?: (text: string) => void;
  maxReadBytes?: number;
  maxLineBytes?: number;
}

const MAX_LINE = 256 * 1024;
const PIECE = 64 * 1024;
const OVERLAP = 1024;

export class LogTail {
  private offset = -1;
  private rest = '';
  /** Inside an over-long line: its pieces go to onPiece until the next newline. */
  private inLongLine = false;
  lines = 0;
  longLines = 0;
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
      this.inLongLine = false;
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
    parts.forEach((raw, i) => {
      if (i === 0 && this.inLongLine) {
        // The end of an over-long line: scan its last piece, do not parse it.
        this.inLongLine = false;
        this.pieces(raw);
        return;
      }
      this.line(raw);
    });
    const max = this.o.maxLineBytes ?? MAX_LINE;
    if (this.rest.length > max) {
      if (!this.inLongLine) this.longLines++;
      this.inLongLine = true;
      // Keep an overlap so a secret split across two reads is whole in one piece.
      let at = 0;
      while (this.rest.length - at > PIECE) {
        this.o.onPiece?.(this.rest.slice(at, at + PIECE));
        at += PIECE - OVERLAP;
      }
      this.rest = this.rest.slice(at);
    }
  }

  private pieces(text: string): void {
    for (let at = 0; at < text.length; at += PIECE - OVERLAP) {
      this.o.onPiece?.(text.slice(at, at + PIECE));
      if (at + PIECE >= text.length) break;
    }
  }

  private line(raw: string): void {
    const line = raw.trim();
    if (!line) return;
    this.lines++;
    if (line.length > (this.o.maxLineBytes ?? MAX_LINE)) {
      // Arrived whole in one read, but too long to parse: scanned in pieces all the same.
      this.longLines++;
      this.pieces(line);
      return;
    }
    if (line.startsWith('{')) {
      try {
        this.o.onLine(JSON.parse(line), line);
        return;
      } catch {
        // falls through: not JSON after all
      }
    }
    this.o.onOther?.(line);
  }
}
