// The one table of output formats: the CLI's --format list, file names and
// renderers all come from here, so adding a format is one entry.
import type { Report } from '../model.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderChecklistMarkdown, renderHandoverMarkdown } from './handover-md.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderTerminal } from './terminal.js';

export interface RenderOptions {
  /** Only the terminal format uses colour; callers pass false when writing files. */
  color?: boolean;
  verbose?: boolean;
  /** Files written by the run, named by the terminal summary. */
  reportFiles?: string[];
}

export interface Format {
  /** File name inside the output folder. */
  file: string;
  render(report: Report, opts?: RenderOptions): string;
}

export const FORMATS = {
  terminal: {
    file: 'report.txt',
    render: (r: Report, o?: RenderOptions) => renderTerminal(r, { color: o?.color ?? false, verbose: o?.verbose, reportFiles: o?.reportFiles }),
  },
  json: { file: 'report.json', render: (r: Report) => renderJson(r) },
  html: { file: 'report.html', render: (r: Report) => renderHtml(r) },
  sarif: { file: 'report.sarif', render: (r: Report) => renderSarif(r) },
  junit: { file: 'report.junit.xml', render: (r: Report) => renderJunit(r) },
  markdown: { file: 'report.md', render: (r: Report) => renderMarkdown(r) },
  handover: { file: 'handover.md', render: (r: Report) => renderHandoverMarkdown(r) },
  checklist: { file: 'release-checklist.md', render: (r: Report) => renderChecklistMarkdown(r) },
} as const satisfies Record<string, Format>;

export type FormatName = keyof typeof FORMATS;

export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];

const ALIASES: Record<string, FormatName> = { md: 'markdown' };

const isFormatName = (name: string): name is FormatName => Object.hasOwn(FORMATS, name);

/** Parses a comma-separated --format value ("html,sarif", "md", "all"); order kept, duplicates dropped. */
export function parseFormats(list: string): FormatName[] {
  const picked = new Set<FormatName>();
  const names = list
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0) throw new Error(`No report format given. Valid formats: ${FORMAT_NAMES.join(', ')}, md, all.`);
  for (const name of names) {
    if (name === 'all') FORMAT_NAMES.forEach((f) => picked.add(f));
    else if (ALIASES[name]) picked.add(ALIASES[name]);
    else if (isFormatName(name)) picked.add(name);
    else throw new Error(`Unknown report format "${name}". Valid formats: ${FORMAT_NAMES.join(', ')}, md (markdown), all.`);
  }
  return [...picked];
}
