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
  /** Terminal: every finding and check, not only the fix list. */
  verbose?: boolean;
  stdout: NodeJS.WritableStream;
}

const ALL_FILE_FORMATS: FormatName[] = ['json', 'html', 'sarif', 'junit', 'markdown', 'handover', 'checklist'];

export async function emitReport(report: Report, o: EmitOptions): Promise<string[]> {
  if (!o.outDir) {
    for (const f of o.formats ?? ['terminal']) o.stdout.write(FORMATS[f].render(report, { color: f === 'terminal' && o.color, verbose: o.verbose }));
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
    const reportFiles = written.map((w) => path.relative(process.cwd(), w) || w);
    o.stdout.write(FORMATS.terminal.render(report, { color: o.color, verbose: o.verbose, reportFiles }));
  }
  return written;
}
