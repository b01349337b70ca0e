import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.js';
import { plannedChecks, planFromConfig } from '../../src/monitor/plan.js';
import { configError, lines, MINIMAL } from './helpers.js';

describe('monitor config', () => {
  it('generates home, login and health checks from the target environment', () => {
    const { config } = parseConfigText(MINIMAL + lines('monitor:', '  loginPath: /login'), 'x.yml');
    expect(plannedChecks(config).map((c) => [c.name, c.url])).toEqual([
      ['home', 'https://tiny.test/'],
      ['login', 'https://tiny.test/login'],
      ['health', 'https://tiny.test/health'],
    ]);
  });

  it('watches no login page unless monitor.loginPath declares one (an API signs in without a page)', () => {
    const { config } = parseConfigText(MINIMAL + lines('monitor: {}'), 'x.yml');
    expect(plannedChecks(config).map((c) => c.name)).toEqual(['home', 'health']);
  });

  it('lets a configured check take over a target and keeps defaults for the rest', () => {
    const { config } = parseConfigText(
      MINIMAL + lines('monitor:', '  loginPath: /signin', '  checks:', '    - { name: front, url: https://tiny.test/, covers: home, conditions: ["[STATUS] == 200", "[RESPONSE_TIME] < 300"] }'),
      'x.yml',
    );
    expect(plannedChecks(config).map((c) => `${c.name}:${c.covers}`)).toEqual(['front:home', 'login:login', 'health:health']);
    expect(plannedChecks(config)[1]!.url).toBe('https://tiny.test/signin');
  });

  it('reports a bad condition and an unknown routed channel with file, line and key', () => {
    const err = configError(() =>
      parseConfigText(
        MINIMAL +
          lines(
            'monitor:',
            '  checks:',
            '    - name: home',
            '      url: https://tiny.test/',
            '      conditions: ["[STATUS] = 200"]',
            '  channels:',
            '    slack: { type: slack, webhookUrl: https://hooks.example.test/x }',
            '  routes:',
            '    critical: [slak]',
          ),
        'launchready.yml',
      ),
    );
    const msgs = err.issues.map((i) => `${i.line} ${i.key}: ${i.message}`);
    expect(msgs.find((m) => m.includes('monitor.checks[0].conditions[0]'))).toMatch(/^10 .*invalid condition/);
    expect(msgs.find((m) => m.includes('monitor.routes.critical[0]'))).toMatch(/^14 .*unknown channel "slak"/);
  });

  it('rejects an unknown channel type', () => {
    const err = configError(() => parseConfigText(MINIMAL + lines('monitor:', '  channels:', '    pager: { type: pagerduty }'), 'launchready.yml'));
    expect(err.issues[0]?.key).toContain('monitor.channels.pager');
  });

  it('resolves env: secrets and hands them to the plan for masking', () => {
    const token = ['t', Math.random().toString(36).slice(2), Math.random().toString(36).slice(2)].join('');
    const { config } = parseConfigText(MINIMAL + lines('monitor:', '  ingest: { token: env:MON_TOKEN }'), 'x.yml', { env: { MON_TOKEN: token } });
    const plan = planFromConfig(config, (p) => p);
    expect(plan.ingestToken).toBe(token);
    expect(plan.secrets).toContain(token);
  });
});
