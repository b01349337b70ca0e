// An OpenAPI document that cannot be read is a configuration error, like a
// typo in launchready.yml: the audit stops (exit 2) and says it once, with
// the document's file and line, instead of 22 checks each repeating the
// parser's message in error.
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError, makeIssue } from '../config/errors.js';
import { locate } from '../config/positions.js';

/** Line and column (1-based) of a character offset. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Where in the document the problem is: the parser's position, the version key, or the top. */
function whereIn(text: string, problem: string): { line: number; column: number } {
  if (/^\s*\{/.test(text)) {
    try {
      JSON.parse(text);
    } catch (err) {
      const pos = /position (\d+)/.exec((err as Error).message)?.[1];
      if (pos !== undefined) return positionOf(text, Number(pos));
    }
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const first = doc.errors[0]?.linePos?.[0];
  if (first) return { line: first.line, column: first.col };
  if (/OpenAPI|Swagger|version/i.test(problem)) {
    const key = doc.has('openapi') ? 'openapi' : doc.has('swagger') ? 'swagger' : undefined;
    if (key) return locate(doc, lc, [key]);
  }
  return { line: 1, column: 1 };
}

/**
 * The configuration error for a document at `file` that failed to load with
 * `reason` (as the OpenAPI gatherer words it: "cannot read …" or "<file>: <problem>").
 */
export async function openApiConfigError(file: string, reason: string): Promise<ConfigError> {
  // The parser's first line only: its pretty-printed excerpt and "at line N" repeat what the position says.
  const problem = (reason.startsWith(`${file}: `) ? reason.slice(file.length + 2) : reason)
    .split('\n')[0]!
    .replace(/ at line \d+, column \d+:?\s*$/, '')
    .trim();
  const text = await readFile(file, 'utf8').catch(() => undefined);
  const { line, column } = text === undefined ? { line: 0, column: 0 } : whereIn(text, problem);
  return new ConfigError([
    makeIssue(file, line, column, {
      path: ['api', 'openapi'],
      expected: 'an OpenAPI 3.x or Swagger 2.0 document (JSON or YAML)',
      problem: `${problem} (the file set by api.openapi)`,
      subject: 'OpenAPI document',
    }),
  ]);
}
