import { describe, expect, it } from 'vitest';
import check from '../../src/checks/monitor/alert-route-missing.js';
import { CTX } from '../helpers/exchange.js';
import { monitoring } from '../helpers/monitoring.js';

const ids = (out: ReturnType<typeof check.run>) => (out.status === 'fail' || out.status === 'warn' ? out.findings.map((f) => f.identity.join('/')) : []);

describe('alert-route-missing', () => {
  it('passes when critical and warning alerts go to a channel', () => {
    expect(check.run({ monitoring: monitoring() }, CTX)).toMatchObject({ status: 'pass', reason: 'critical → ops' });
  });

  it('fails without a monitor section', () => {
    const out = check.run({ monitoring: monitoring({ configured: false }) }, CTX);
    expect(out.status).toBe('fail');
    expect(ids(out)).toEqual(['no-channel']);
  });

  it('fails without channels', () => {
    expect(ids(check.run({ monitoring: monitoring({ channels: [], routes: { critical: [], warning: [], info: [] } }) }, CTX))).toEqual(['no-channel']);
  });

  it('fails when channels exist but critical is routed nowhere', () => {
    const out = check.run({ monitoring: monitoring({ routes: { critical: [], warning: ['ops'], info: [] } }) }, CTX);
    expect(out.status).toBe('fail');
    expect(ids(out)).toEqual(['critical-unrouted']);
  });

  it('warns when warnings are routed nowhere', () => {
    const out = check.run({ monitoring: monitoring({ routes: { critical: ['ops'], warning: [], info: [] } }) }, CTX);
    expect(out.status).toBe('warn');
    expect(ids(out)).toEqual(['warning-unrouted']);
  });
});
