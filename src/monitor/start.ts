// Starting and stopping a whole monitor from a loaded config: store, runtime,
// and the dashboard/ingest server. The CLI calls this; tests can too.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolveFromConfig } from '../config/load.js';
import type { LoadedConfig } from '../config/schema.js';
import { Redactor } from '../secrets/redactor.js';
import { startDashboardServer } from './dashboard/server.js';
import { planFromConfig, type MonitorPlan } from './plan.js';
import { Monitor } from './runtime.js';
import { Store } from './store.js';

export interface StartOptions {
  dbPath?: string;
  bind?: string;
  port?: number;
  dashboard?: boolean;
  logsFromStart?: boolean;
  log?: (line: string) => void;
}

export interface RunningMonitor {
  monitor: Monitor;
  plan: MonitorPlan;
  store: Store;
  dashboardUrl?: string;
  /** The dashboard token: configured, or generated for this run. */
  dashboardToken?: string;
  tokenGenerated: boolean;
  stop(): Promise<void>;
}

export async function loadCa(loaded: LoadedConfig): Promise<string | undefined> {
  const f = loaded.config.network.caFile;
  return f ? readFile(resolveFromConfig(loaded, f), 'utf8').catch(() => undefined) : undefined;
}

export function openMonitor(loaded: LoadedConfig, o: StartOptions & { ca?: string }): { monitor: Monitor; plan: MonitorPlan; store: Store } {
  const plan = planFromConfig(loaded.config, (p) => resolveFromConfig(loaded, p));
  if (o.dbPath) plan.storagePath = o.dbPath;
  const store = new Store(plan.storagePath, { log: o.log });
  const redactor = new Redactor(loaded.secrets);
  const monitor = new Monitor({ plan, store, redactor, ca: o.ca, log: o.log, logsFromStart: o.logsFromStart });
  return { monitor, plan, store };
}

export async function startMonitor(loaded: LoadedConfig, o: StartOptions = {}): Promise<RunningMonitor> {
  const ca = await loadCa(loaded);
  const { monitor, plan, store } = openMonitor(loaded, { ...o, ca });
  let server: Awaited<ReturnType<typeof startDashboardServer>> | undefined;
  const tokenGenerated = !plan.dashboard.token;
  const dashboardToken = plan.dashboard.token ?? randomBytes(18).toString('base64url');
  if (o.dashboard !== false && plan.dashboard.enabled) {
    try {
      server = await startDashboardServer({
        monitor,
        bind: o.bind ?? plan.dashboard.bind,
        port: o.port ?? plan.dashboard.port,
        dashboardToken,
        ingestToken: plan.ingestToken,
        title: `${loaded.config.project.name} monitor`,
        statusTitle: plan.statusPage.title ?? loaded.config.project.name,
      });
    } catch (err) {
      // Nothing has run yet: the port is claimed before the first check.
      monitor.dispatcher.close();
      store.close();
      throw err;
    }
  }
  monitor.start();
  return {
    monitor,
    plan,
    store,
    dashboardUrl: server?.url,
    dashboardToken: server ? dashboardToken : undefined,
    tokenGenerated,
    async stop() {
      await server?.close();
      await monitor.stop();
      store.close();
    },
  };
}
