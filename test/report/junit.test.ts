import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../src/report/renderers/junit.js';
import { sampleReport } from '../fixtures/sample-report.js';
import { xmlProblems } from './xml-wellformed.js';

const count = (xml: string, re: RegExp): number => xml.match(re)?.length ?? 0;
const attr = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

describe('renderJunit', () => {
  const report = sampleReport();
  const xml = renderJunit(report);

  it('is well-formed XML', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(xmlProblems(xml)).toEqual([]);
  });

  it('the well-formedness check catches broken XML', () => {
    expect(xmlProblems('<a><b></a></b>')).not.toEqual([]);
    expect(xmlProblems('<a>x & y</a>')).not.toEqual([]);
    expect(xmlProblems('<a x=1/>')).not.toEqual([]);
  });

  it('has one suite per stage and one testcase per check', () => {
    expect(count(xml, /<testsuite /g)).toBe(7);
    expect(xml).toContain('<testsuite name="Stage 2: Access control"');
    expect(count(xml, /<testcase /g)).toBe(report.checks.length);
    expect(xml).toContain('<testcase classname="launchready.stage4" name="env-file-committed: No env file with values is committed" time="0.041">');
  });

  it('maps statuses to failure, error, skipped and system-out', () => {
    const s = report.summary.checks;
    expect(count(xml, /<failure /g)).toBe(s.fail);
    expect(count(xml, /<error /g)).toBe(s.error);
    expect(count(xml, /<skipped /g)).toBe(s['not-tested'] + s['not-applicable']);
    expect(count(xml, /<system-out>WARNING/g)).toBe(s.warn);
    expect(xml).toContain('<failure message="An env file with values is committed to git" type="critical">');
    expect(xml).toContain('<skipped message="not-applicable: no mail domain configured"/>');
  });

  it('root and suite counts add up', () => {
    const root = /<testsuites [^>]*>/.exec(xml)![0];
    const s = report.summary.checks;
    expect(attr(root, 'tests')).toBe(String(report.checks.length));
    expect(attr(root, 'failures')).toBe(String(s.fail));
    expect(attr(root, 'errors')).toBe(String(s.error));
    expect(attr(root, 'skipped')).toBe(String(s['not-tested'] + s['not-applicable']));
    const suites = xml.match(/<testsuite [^>]*>/g)!;
    const sum = (name: string) => suites.reduce((n, t) => n + Number(attr(t, name)), 0);
    for (const name of ['tests', 'failures', 'errors', 'skipped']) expect(sum(name), name).toBe(Number(attr(root, name)));
    const stage3 = suites.find((t) => t.includes('Stage 3'))!;
    expect([attr(stage3, 'tests'), attr(stage3, 'failures'), attr(stage3, 'errors'), attr(stage3, 'skipped')]).toEqual(['4', '1', '1', '1']);
    expect(attr(stage3, 'time')).toBe('5.186');
    expect(Math.abs(Number(attr(root, 'time')) - sum('time'))).toBeLessThan(0.002);
  });

  it('lists findings in the failure text, escaped', () => {
    expect(xml).toContain('GET /api/search?q=&lt;script&gt;alert(1)&lt;/script&gt; | returns names &amp; emails');
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('[high, fix-first, accepted] DEBUG=true');
  });

  it('drops characters XML 1.0 cannot hold', () => {
    const r = sampleReport();
    r.checks[1]!.reason = 'bad \u0000byte and \u001b[31mcolour';
    const out = renderJunit(r);
    expect(out).toContain('bad byte and [31mcolour');
    expect(xmlProblems(out)).toEqual([]);
  });
});
