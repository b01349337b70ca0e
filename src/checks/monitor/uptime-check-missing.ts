// The launch minimum bar asks for uptime checks of the home page, the login
// page and the API health endpoint. A target counts as covered when a monitor
// check declares `covers:` it or polls its exact URL; the generated defaults
// cover all three unless `defaultChecks: false`.
import { defineCheck, type FindingInput } from '../types.js';

const LABEL = { home: 'home page', login: 'login page', health: 'API health endpoint' } as const;

export default defineCheck({
  meta: {
    id: 'uptime-check-missing',
    stage: 5,
    title: 'Home, login and API health each have an uptime check',
    failureTitle: 'A launch-critical page has no uptime check',
    severity: 'medium',
    minimumBar: 'Uptime checks on the homepage, the login page and the API health endpoint.',
    remediation:
      'Run `launchready monitor` with a monitor: section in launchready.yml (the home, login and health checks are generated from the environments), or add the missing URL to the uptime tool you already use.',
    requires: ['monitoring'],
  },
  run({ monitoring }) {
    const known = monitoring.targets.filter((t) => t.expectedUrl !== undefined);
    if (known.length === 0) return { status: 'not-applicable', reason: 'no appUrl or apiUrl is configured, so there is no home, login or health URL to watch' };
    if (!monitoring.configured) {
      return {
        status: 'fail',
        findings: [
          {
            title: 'No monitoring is configured: nobody hears about downtime until a customer does',
            detail:
              'launchready.yml has no monitor: section, so no uptime check runs for the home page, the login page or the API health endpoint. You learn about an outage from a customer screenshot.',
            evidence: known.map((t) => ({ kind: 'text' as const, summary: `${LABEL[t.covers]} ${t.expectedUrl} is not watched` })),
            identity: ['monitoring-not-configured'],
            remediation:
              'Add `monitor: {}` to launchready.yml and run `launchready monitor` (it generates the home, login and health checks), with at least one alert channel under monitor.channels and monitor.routes.critical.',
          },
        ],
      };
    }
    const findings: FindingInput[] = known
      .filter((t) => t.coveredBy === undefined)
      .map((t) => ({
        title: `The ${LABEL[t.covers]} has no uptime check`,
        detail: `Nothing polls ${t.expectedUrl}. If it fails while the rest answers, the outage goes unnoticed: a broken ${t.covers === 'login' ? 'login locks every customer out' : t.covers === 'health' ? 'API breaks every client' : 'home page is the first thing prospects see'}.`,
        evidence: [{ kind: 'text', summary: `configured checks: ${monitoring.checks.map((c) => `${c.name} (${c.url})`).join(', ') || 'none'}` }],
        location: { url: t.expectedUrl },
        identity: [t.covers],
        remediation: `Add a check under monitor.checks: { name: ${t.covers}, url: ${t.expectedUrl}, covers: ${t.covers} }, or set monitor.defaultChecks: true.`,
      }));
    return findings.length ? { status: 'fail', findings } : { status: 'pass', reason: known.map((t) => `${t.covers}: ${t.coveredBy}`).join(', ') };
  },
});
