// `launchready monitor`: the long-running watcher configured from the same
// launchready.yml (see src/monitor/). `--once` runs every uptime check one
// time and exits 0 when all pass, 1 when one fails: usable as a smoke test
// after a deploy.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { loadConfig } from '../../config/load.js';
import type { ConfigPath } from '../../config/errors.js';
import type { LaunchConfig } from '../../config/schema.js';
import { loadCa, openMonitor, startMonitor } from '../../monitor/start.js';
import { StoreOpenError } from '../../monitor/store.js';
import { UsageError } from '../options.js';
import { DEFAULT_CONFIG_NAMES } from '../run-audit.js';

export interface MonitorFlags {
  config?: string;
  once?: boolean;
  db?: string;
  bind?: string;
  port?: number;
  dashboard?: boolean;
  logsFromStart?: boolean;
  quiet?: boolean;
}

export function registerMonitor(program: Command, setExit: (code: number) => void): void {
  program
    .command('monitor')
    .description('watch the deployment after launch: uptime, p95 latency, the five launch-week numbers, alerts, a dashboard')
    .option('-c, --config <file>', 'config file (launchready.yml, .yaml or .json); its monitor: section configures this')
    .option('--once', 'run every uptime check once, print the results and exit (0 all passed, 1 one failed)')
    .option('--db <file>', 'SQLite file for results and alert state (default: monitor.storage.path)')
    .option('--bind <address>', 'address the dashboard and ingest endpoint listen on (default: monitor.dashboard.bind, 127.0.0.1)')
    .addOption(
      new Option('--port <port>', 'dashboard port (default: monitor.dashboard.port, 9464; 0 picks a free one)').argParser((v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`expected 0-65535, got "${v}"`);
        return n;
      }),
    )
    .option('--no-dashboard', 'no dashboard, /metrics or ingest endpoint')
    .option('--logs-from-start', 'read configured log files from their beginning instead of only new lines')
    .option('-q, --quiet', 'log only alerts and errors')
    .addHelpText(
      'after',
      `
Without a monitor: section it still watches the target environment's home page
(appUrl), login page (appUrl + /login) and API health (apiUrl + api.healthPath).

Examples:
  launchready monitor --once                      check home, login and health once (CI smoke test)
  launchready monitor -c launchready.yml          run until Ctrl-C; dashboard on http://127.0.0.1:9464
  launchready monitor --port 0 --db /tmp/m.db     any free port, a scratch database
  curl -H "Authorization: Bearer $INGEST_TOKEN" -d '{"type":"request","route":"/api/login","status":401,"durationMs":42}' \\
       http://127.0.0.1:9464/ingest                send app events (request, login_failed, webhook, email)

A minimal monitor: section:
  monitor:
    checks:
      - { name: pricing, url: https://example.com/pricing, conditions: ["[STATUS] == 200", "[RESPONSE_TIME] < 300"] }
      - { name: db, url: "tcp://db.internal:5432" }
      - { name: mx, url: "dns://", dns: { queryName: example.com, queryType: MX } }
    channels:
      ops-mail: { type: email, host: smtp.example.com, from: alerts@example.com, to: [oncall@example.com], password: env:SMTP_PASSWORD }
      slack: { type: slack, webhookUrl: env:SLACK_WEBHOOK_URL }
    routes: { critical: [ops-mail, slack], warning: [slack] }
    ingest: { token: env:MONITOR_INGEST_TOKEN }
    dashboard: { token: env:MONITOR_DASHBOARD_TOKEN }
    statusPage: { enabled: true }        # public /status page and badges, no token

Try it on the demo: launchready demo --serve, then the printed lines in another terminal.`,
    )
    .action((flags: MonitorFlags) => runMonitor(flags, setExit));
}

/** What `launchready monitor` reads from the config: env: references anywhere else (role passwords, the repository) may stay unset. */
export function monitorNeeds(p: ConfigPath, config: LaunchConfig): boolean {
  const [top, second] = p;
  if (top === 'environments') return second === (config.api.target ?? Object.keys(config.environments)[0]);
  return top === 'monitor' || top === 'network' || top === 'domains' || top === 'api' || top === 'project';
}

export async function runMonitor(flags: MonitorFlags, setExit: (code: number) => void): Promise<void> {
  const file = flags.config ?? DEFAULT_CONFIG_NAMES.find((n) => existsSync(n)) ?? DEFAULT_CONFIG_NAMES[0]!;
  const loaded = loadConfig(file, { optionalEnv: (p, config) => !monitorNeeds(p, config) });
  const err = (line: string) => process.stderr.write(`launchready monitor: ${line}\n`);
  const log = flags.quiet ? (line: string) => (/: (opened|resolved|reminder) |failed|error/.test(line) ? err(line) : undefined) : err;

  if (flags.once) {
    const ca = await loadCa(loaded);
    const { monitor, plan, store } = usable(() => openMonitor(loaded, { dbPath: flags.db, ca, log }));
    try {
      if (plan.checks.length === 0) throw new UsageError('nothing to monitor: no checks configured and no appUrl/apiUrl to generate them from');
      const runs = await Promise.all(plan.checks.map((c) => monitor.runCheck(c)));
      for (const r of runs) {
        const x = r.result;
        const split = x.connected && x.status !== undefined ? ` (dns ${x.dnsMs.toFixed(0)} / connect ${x.connectMs.toFixed(0)} / tls ${x.tlsMs.toFixed(0)} / first byte ${x.firstByteMs.toFixed(0)} ms)` : '';
        const what = r.ok ? `${x.status ?? x.dnsRcode ?? 'connected'} in ${Math.round(x.totalMs)} ms${split}` : r.failed.join('; ');
        process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.check.padEnd(12)} ${plan.checks.find((c) => c.name === r.check)?.url ?? ''}  ${what}\n`);
      }
      setExit(runs.every((r) => r.ok) ? 0 : 1);
    } finally {
      await monitor.stop();
      store.close();
    }
    return;
  }

  let running;
  try {
    running = await startMonitor(loaded, { dbPath: flags.db, bind: flags.bind, port: flags.port, dashboard: flags.dashboard, logsFromStart: flags.logsFromStart, log });
  } catch (e) {
    throw usageError(e, flags);
  }
  err(`watching ${running.plan.checks.length} checks (${running.plan.checks.map((c) => c.name).join(', ')}); data in ${running.store.file}`);
  if (running.dashboardUrl) {
    // The generated token is shown once so the user can open the page; a configured one is never printed.
    const tokenHint = running.tokenGenerated ? `/?token=${running.dashboardToken}  (token generated for this run; set monitor.dashboard.token to keep one)` : '  (open with ?token=<monitor.dashboard.token>)';
    err(`dashboard: ${running.dashboardUrl}${tokenHint}`);
    err(`metrics:   ${running.dashboardUrl}/metrics (Authorization: Bearer <dashboard token>)`);
    if (running.plan.ingestToken) err(`ingest:    POST ${running.dashboardUrl}/ingest (Authorization: Bearer <ingest token>)`);
    if (running.plan.statusPage.enabled) err(`status:    ${running.dashboardUrl}/status (public, no token)`);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  err('stopping…');
  await running.stop();
  setExit(0);
}

/** A store that cannot be opened is a one-line error naming the file (exit 2), never a stack trace. */
function usable<T>(open: () => T): T {
  try {
    return open();
  } catch (e) {
    if (e instanceof StoreOpenError) throw new UsageError(e.message);
    throw e;
  }
}

/** Turns the failures a user can fix (a bad database file, a busy or forbidden port) into one line and exit 2. */
function usageError(e: unknown, flags: MonitorFlags): unknown {
  if (e instanceof StoreOpenError) return new UsageError(e.message);
  const code = (e as NodeJS.ErrnoException).code;
  const where = (e as { address?: string; port?: number }).address !== undefined ? `${(e as { address: string }).address}:${(e as { port: number }).port}` : `port ${flags.port ?? ''}`;
  if (code === 'EADDRINUSE') return new UsageError(`the dashboard address ${where} is already in use (another monitor?); pick another with --port or monitor.dashboard.port`);
  if (code === 'EACCES') return new UsageError(`not allowed to listen on ${where}; use a port above 1023 (--port)`);
  if (code === 'EADDRNOTAVAIL') return new UsageError(`cannot listen on ${where}: no such address on this machine (--bind)`);
  return e;
}
