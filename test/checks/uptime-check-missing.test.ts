import { describe, expect, it } from 'vitest';
import check from '../../src/checks/monitor/uptime-check-missing.js';
import { CTX } from '../helpers/exchange.js';
import { monitoring } from '../helpers/monitoring.js';

describe('uptime-check-missing', () => {
  it('passes when home, login and health are each covered', () => {
    expect(check.run({ monitoring: monitoring() }, CTX).status).toBe('pass');
  });

  it('fails once per uncovered target, identified by the target', () => {
    const m = monitoring();
    m.targets = m.targets.map((t) => (t.covers === 'home' ? t : { ...t, coveredBy: undefined, url: undefined }));
    const out = check.run({ monitoring: m }, CTX);
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings.map((f) => f.identity)).toEqual([['login'], ['health']]);
    expect(out.findings[0]!.location?.url).toBe('https://app.example.test/login');
  });

  it('fails with one finding when no monitoring is configured at all', () => {
    const out = check.run({ monitoring: monitoring({ configured: false }) }, CTX);
    expect(out.status).toBe('fail');
    if (out.status === 'fail') expect(out.findings.map((f) => f.identity)).toEqual([['monitoring-not-configured']]);
  });

  it('is not applicable when no URL is known', () => {
    const m = monitoring({ targets: [{ covers: 'home' }, { covers: 'login' }, { covers: 'health' }] });
    expect(check.run({ monitoring: m }, CTX).status).toBe('not-applicable');
  });
});
