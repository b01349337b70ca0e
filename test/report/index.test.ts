import { describe, expect, it } from 'vitest';
import { FORMATS, parseFormats } from '../../src/report/renderers/index.js';
import { sampleReport } from '../fixtures/sample-report.js';

describe('parseFormats', () => {
  it('parses a comma-separated list, trimming and dropping duplicates', () => {
    expect(parseFormats('html, sarif,HTML')).toEqual(['html', 'sarif']);
    expect(parseFormats('md')).toEqual(['markdown']);
  });

  it('expands all', () => {
    expect(parseFormats('all')).toEqual(['terminal', 'json', 'html', 'sarif', 'junit', 'markdown', 'handover', 'checklist']);
  });

  it('names the bad format and the valid ones', () => {
    expect(() => parseFormats('html,pdf')).toThrow(/"pdf".*terminal, json, html, sarif, junit, markdown/);
    expect(() => parseFormats(' , ')).toThrow(/No report format/);
    expect(() => parseFormats('toString')).toThrow(/"tostring"/);
  });
});

describe('FORMATS', () => {
  it('maps each format to its file', () => {
    expect(Object.fromEntries(Object.entries(FORMATS).map(([k, v]) => [k, v.file]))).toEqual({
      terminal: 'report.txt',
      json: 'report.json',
      html: 'report.html',
      sarif: 'report.sarif',
      junit: 'report.junit.xml',
      markdown: 'report.md',
      handover: 'handover.md',
      checklist: 'release-checklist.md',
    });
  });

  it('renders every format from the same report; the terminal only colours when asked', () => {
    const r = sampleReport();
    for (const [name, f] of Object.entries(FORMATS)) expect(f.render(r, { color: false }), name).toContain('Acme Ops');
    expect(FORMATS.terminal.render(r)).not.toContain('\u001b');
    expect(FORMATS.terminal.render(r, { color: false })).not.toContain('\u001b');
    expect(FORMATS.terminal.render(r, { color: true })).toContain('\u001b[');
  });
});
