// A streaming parser for `git log -p -U0` / `git diff -U0` output that keeps
// only added lines, with their line numbers in the new file. With -U0 there
// are no context lines, so every '+' line inside a hunk is an addition.

export interface AddedChunk {
  /** Commit hash, when parsing `git log` output. */
  commit?: string;
  /** Commit time (unix seconds), when the log format carries it. */
  time?: number;
  path: string;
  /** The added lines joined by '\n'. */
  text: string;
  /** New-file line number of each added line, in order. */
  lines: number[];
}

/** Header line the log format must print for each commit: `commit <sha> <unix time>`. */
export const LOG_FORMAT = '--format=commit %H %ct';

export class PatchParser {
  private commit: string | undefined;
  private time: number | undefined;
  private path: string | undefined;
  private inHunk = false;
  private nextLine = 0;
  private added: string[] = [];
  private lineNos: number[] = [];

  constructor(private readonly onChunk: (chunk: AddedChunk) => void) {}

  line(l: string): void {
    const c = l.charCodeAt(0);
    if (this.inHunk) {
      if (c === 43 /* + */) {
        this.added.push(l.slice(1));
        this.lineNos.push(this.nextLine++);
        return;
      }
      if (c === 45 /* - */ || c === 92 /* \ */ || c === 32 /* space */) return;
    }
    if (c === 64 /* @ */ && l.startsWith('@@')) {
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(l);
      if (m) {
        this.inHunk = true;
        this.nextLine = Number(m[1]);
      }
      return;
    }
    this.inHunk = false;
    if (l.startsWith('diff --git ')) {
      this.flush();
      this.path = pathFromDiffHeader(l);
    } else if (l.startsWith('+++ ')) {
      const p = l.slice(4);
      if (p !== '/dev/null') this.path = unquote(p).replace(/^b\//, '');
    } else if (l.startsWith('commit ')) {
      this.flush();
      const [, sha, time] = l.split(' ');
      this.commit = sha;
      this.time = time ? Number(time) : undefined;
    }
  }

  end(): void {
    this.flush();
  }

  private flush(): void {
    if (this.path !== undefined && this.added.length > 0) {
      this.onChunk({ commit: this.commit, time: this.time, path: this.path, text: this.added.join('\n'), lines: this.lineNos });
    }
    this.added = [];
    this.lineNos = [];
    this.inHunk = false;
  }
}

function pathFromDiffHeader(l: string): string | undefined {
  // "diff --git a/x b/x": the b/ side is the new path (exact when the names
  // carry no " b/"; the +++ line that follows corrects it otherwise).
  const rest = l.slice('diff --git '.length);
  const i = rest.lastIndexOf(' b/');
  return i >= 0 ? unquote(rest.slice(i + 1)).replace(/^b\//, '') : undefined;
}

function unquote(p: string): string {
  if (!p.startsWith('"')) return p;
  try {
    return JSON.parse(p) as string;
  } catch {
    return p.slice(1, -1);
  }
}
