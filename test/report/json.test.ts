import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/renderers/json.js';
import { sampleReport } from '../fixtures/sample-report.js';

describe('renderJson', () => {
  it('round-trips the report exactly', () => {
    const report = sampleReport();
    expect(JSON.parse(renderJson(report))).toEqual(report);
  });

  it('is pretty-printed with two spaces and ends with a newline', () => {
    const out = renderJson(sampleReport());
    expect(out.endsWith('}\n')).toBe(true);
    expect(out.split('\n')[1]).toBe('  "schemaVersion": 2,');
  });
});
