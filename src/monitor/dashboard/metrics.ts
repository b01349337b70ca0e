// /metrics in the Prometheus text exposition format (version 0.0.4), for
// teams that already scrape. Windowed numbers are gauges named for their
// window; quantiles are a summary-style family with a `quantile` label.
import type { DashboardSummary } from './summary.js';

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const num = (v: number) => (Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : 'NaN');

export function renderMetrics(s: DashboardSummary, extra: { latenessP99Ms?: number; eventsAccepted: number }): string {
  const out: string[] = [];
  const family = (name: string, type: 'gauge' | 'counter', help: string, samples: [Record<string, string>, number | undefined][]) => {
    const present = samples.filter((x): x is [Record<string, string>, number] => x[1] !== undefined);
    if (present.length === 0) return;
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, v] of present) {
      const l = Object.entries(labels).map(([k, x]) => `${k}="${esc(x)}"`).join(',');
      out.push(`${name}${l ? `{${l}}` : ''} ${num(v)}`);
    }
  };
  family('launchready_check_up', 'gauge', '1 when the last run of the check passed its conditions.', s.checks.map((c) => [{ check: c.name }, c.up === undefined ? undefined : c.up ? 1 : 0]));
  family('launchready_check_uptime_ratio_24h', 'gauge', 'Share of passing runs over the last 24 hours.', s.checks.map((c) => [{ check: c.name }, c.uptime24h]));
  family(
    'launchready_check_latency_ms_24h',
    'gauge',
    'Check response time quantiles over the last 24 hours (log-bucketed, within 1% relative error).',
    s.checks.flatMap((c) => [
      [{ check: c.name, quantile: '0.5' }, c.p50Ms24h],
      [{ check: c.name, quantile: '0.95' }, c.p95Ms24h],
      [{ check: c.name, quantile: '0.99' }, c.p99Ms24h],
    ]),
  );
  const n = s.now;
  family('launchready_app_request_p95_ms_1h', 'gauge', 'p95 duration of app requests over the last hour.', [[{}, n.p95Ms]]);
  family('launchready_app_requests_1h', 'gauge', 'App requests over the last hour.', [[{}, n.requests]]);
  family('launchready_app_errors_1h', 'gauge', 'App requests answered 5xx over the last hour.', [[{}, n.errors]]);
  family('launchready_failed_logins_1h', 'gauge', 'Failed logins over the last hour.', [[{}, n.failedLogins]]);
  family('launchready_webhook_retries_1h', 'gauge', 'Webhook delivery retries over the last hour.', [[{}, n.webhookRetries]]);
  family('launchready_email_bounce_ratio_1h', 'gauge', 'Bounced emails per sent email over the last hour.', [[{}, n.bounceRate]]);
  family(
    'launchready_flow_error_ratio_1h',
    'gauge',
    'Share of 5xx answers on critical flows over the last hour.',
    Object.entries(n.flows).map(([f, v]) => [{ flow: f }, v.rate]),
  );
  family('launchready_open_incidents', 'gauge', 'Incidents open now.', [[{}, s.openIncidents.length]]);
  family(
    'launchready_alert_deliveries',
    'gauge',
    'Alert messages per channel: queued (not tried yet), retrying (tried and failed, will retry), failed (given up).',
    s.deliveries.flatMap((d) => [
      [{ channel: d.channel, state: 'queued' }, d.queued],
      [{ channel: d.channel, state: 'retrying' }, d.retrying],
      [{ channel: d.channel, state: 'failed' }, d.failed],
    ]),
  );
  family('launchready_alert_deliveries_sent_24h', 'gauge', 'Alert messages delivered per channel over the last 24 hours.', s.deliveries.map((d) => [{ channel: d.channel }, d.sent]));
  family('launchready_store_up', 'gauge', '1 while the database file works; 0 during a fault (deleted, replaced, read-only, corrupt).', [[{}, s.store.ok ? 1 : 0]]);
  family('launchready_scheduler_lateness_p99_ms', 'gauge', 'p99 of how late scheduled checks started.', [[{}, extra.latenessP99Ms]]);
  family('launchready_events_accepted_total', 'counter', 'App events accepted since the monitor started.', [[{}, extra.eventsAccepted]]);
  return out.join('\n') + '\n';
}
