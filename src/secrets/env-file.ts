// Reading env files the way the ecosystem does: dotenv's own parser, so a
// PEM key in double quotes over several lines is one value, backtick quotes
// are quotes, `# comments` and `export` are handled as every app that loads
// the file would. A line-based reader of our own read the first line of a
// multi-line key and kept backticks as part of the value.
import { parse } from 'dotenv';

export interface EnvFileEntry {
  key: string;
  value: string;
  /** 1-based line where the (last, winning) definition of the key starts. */
  line: number;
}

/** Every variable the file sets, in the order of its (last) definition; a key set twice keeps dotenv's last value. */
export function readEnvFile(text: string): EnvFileEntry[] {
  const values = parse(text);
  const lines = text.split(/\r?\n/);
  const lineOf = new Map<string, number>();
  lines.forEach((raw, i) => {
    const m = /^\s*(?:export\s+)?([\w.-]+)(?:\s*=|:\s)/.exec(raw);
    if (m && Object.hasOwn(values, m[1]!)) lineOf.set(m[1]!, i + 1);
  });
  return Object.entries(values)
    .map(([key, value]) => ({ key, value, line: lineOf.get(key) ?? 0 }))
    .sort((a, b) => a.line - b.line);
}
