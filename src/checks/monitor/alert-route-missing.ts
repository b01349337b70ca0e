// A monitor nobody hears is no monitor: critical alerts (a check down) must be
// routed to at least one channel that exists.
import { defineCheck } from '../types.js';

export default defineCheck({
  meta: {
    id: 'alert-route-missing',
    stage: 5,
    title: 'Critical alerts are routed to a channel',
    failureTitle: 'Critical alerts reach nobody',
    severity: 'high',
    minimumBar: 'Alert routing to email or Slack.',
    remediation:
      'Add a channel under monitor.channels (email over SMTP, a Slack webhook, or a generic webhook) and list it under monitor.routes.critical.',
    requires: ['monitoring'],
  },
  run({ monitoring }) {
    if (!monitoring.configured) {
      return {
        status: 'fail',
        findings: [
          {
            title: 'No alert channel: an outage would page nobody',
            detail: 'launchready.yml has no monitor: section, so there is no email or Slack destination for alerts.',
            evidence: [{ kind: 'text', summary: 'monitor: section missing from the config' }],
            identity: ['no-channel'],
          },
        ],
      };
    }
    if (monitoring.channels.length === 0) {
      return {
        status: 'fail',
        findings: [
          {
            title: 'No alert channel is configured',
            detail: 'monitor.channels is empty: checks run and incidents open, but nobody is told.',
            evidence: [{ kind: 'text', summary: `${monitoring.checks.length} checks configured, 0 channels` }],
            identity: ['no-channel'],
          },
        ],
      };
    }
    if (monitoring.routes.critical.length === 0) {
      return {
        status: 'fail',
        findings: [
          {
            title: 'Critical alerts are not routed to any channel',
            detail: `Channels exist (${monitoring.channels.map((c) => `${c.name}: ${c.type}`).join(', ')}) but monitor.routes.critical names none of them, so a check going down would be recorded and never sent.`,
            evidence: [{ kind: 'text', summary: `routes: critical=[] warning=[${monitoring.routes.warning.join(', ')}] info=[${monitoring.routes.info.join(', ')}]` }],
            identity: ['critical-unrouted'],
            remediation: `List a channel under monitor.routes.critical, e.g. critical: [${monitoring.channels[0]?.name ?? 'ops-mail'}].`,
          },
        ],
      };
    }
    if (monitoring.routes.warning.length === 0) {
      return {
        status: 'warn',
        findings: [
          {
            title: 'Warnings (certificate expiry, DNS or mail record changes) reach nobody',
            detail: 'monitor.routes.warning is empty: an expiring certificate or a changed SPF/DMARC record would only show on the dashboard.',
            severity: 'low',
            evidence: [{ kind: 'text', summary: `routes: critical=[${monitoring.routes.critical.join(', ')}] warning=[]` }],
            identity: ['warning-unrouted'],
            remediation: `List a channel under monitor.routes.warning, e.g. warning: [${monitoring.routes.critical[0]}].`,
          },
        ],
      };
    }
    return { status: 'pass', reason: `critical → ${monitoring.routes.critical.join(', ')}` };
  },
});
