// Writes the rendered reports: to files under --out, or to stdout.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FORMATS, type FormatName } from '../report/renderers/index.js';
import type { Report } from '../report/model.js';

export interface EmitOptions {
  formats: FormatName[] | undefined;
  outDir?: string;
  color: boolean;
  quiet: boolean;
  stdout: NodeJS.WritableStream;
}

const ALL_FILE_FORMATS: FormatName[] = ['json', 'html', 'sarif', 'junit', 'markdown'];

export async function emitReport(report: Report, o: EmitOptions): Promise<string[]> {
  if (!o.outDir) {
    for (const f of o.formats ?? ['terminal']) o.stdout.write(FORMATS[f].render(report, { color: f === 'terminal' && o.color }));
    return [];
  }
  await mkdir(o.outDir, { recursive: true });
  const written: string[] = [];
  for (const f of o.formats ?? ALL_FILE_FORMATS) {
    const file = path.join(o.outDir, FORMATS[f].file);
    await writeFile(file, FORMATS[f].render(report, { color: false }));
    written.push(file);
  }
  if (!o.quiet) {
    o.stdout.write(FORMATS.terminal.render(report, { color: o.color }));
    o.stdout.write(`\nReports written: ${written.map((w) => path.relative(process.cwd(), w) || w).join(', ')}\n`);
  }
  return written;
}
