// Reads what the handover document needs from the config itself: people,
// rollback steps, monitoring, and the line that declares each URL and host
// (re-parsed with positions, the way config errors are located). No network.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { INLINE } from '../../config/load.js';
import { locate } from '../../config/positions.js';
import type { LoadedConfig } from '../../config/schema.js';
import type { ConfigDeclaration } from '../../report/model.js';
import type { HandoverEvidence } from '../handover-types.js';
import { failed, ok, type Gathered } from '../types.js';

// A URL's userinfo can hold a password; the declaration keeps the rest.
function withoutCredentials(value: string): string {
  try {
    const u = new URL(value);
    if (!u.username && !u.password) return value;
    u.username = '';
    u.password = '';
    return u.href;
  } catch {
    return value;
  }
}

/** The config's uri for reports: relative to the repository when inside it. */
export function configUri(file: string, repoRoot: string): string | undefined {
  if (file === INLINE) return undefined;
  const rel = path.relative(repoRoot, file);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  return pathToFileURL(file).href;
}

export function gatherHandover(loaded: LoadedConfig, opts: { repoRoot: string; target: string; dnsServer?: string }): Gathered<HandoverEvidence> {
  try {
    const { config } = loaded;
    const declarations: ConfigDeclaration[] = [];
    let lineOf: (p: (string | number)[]) => number = () => 1;
    if (loaded.file !== INLINE) {
      const lc = new LineCounter();
      const doc = parseDocument(readFileSync(loaded.file, 'utf8'), { lineCounter: lc });
      lineOf = (p) => locate(doc, lc, p).line;
    }
    const declare = (p: (string | number)[], value: string | undefined) => {
      if (value) declarations.push({ key: p.join('.'), value: withoutCredentials(value), line: lineOf(p) });
    };
    for (const [name, env] of Object.entries(config.environments)) {
      declare(['environments', name, 'appUrl'], env.appUrl);
      declare(['environments', name, 'apiUrl'], env.apiUrl);
      declare(['environments', name, 'httpUrl'], env.httpUrl);
      declare(['environments', name], name);
    }
    const d = config.domains;
    for (const key of ['apex', 'www', 'app', 'api', 'mail'] as const) declare(['domains', key], d[key]);
    d.extra.forEach((h, i) => declare(['domains', 'extra', i], h));
    d.redirects.forEach((r, i) => {
      declare(['domains', 'redirects', i, 'from'], r.from);
      declare(['domains', 'redirects', i, 'to'], r.to);
    });
    declare(['repo', 'path'], config.repo.path);
    declare(['api', 'openapi'], config.api.openapi);
    if (config.monitor) declare(['monitor'], 'monitor');
    declare(['handover'], 'handover');

    const m = config.monitor;
    const dashboard = m?.dashboard;
    const host = dashboard?.bind && dashboard.bind.includes(':') ? `[${dashboard.bind}]` : dashboard?.bind;
    return ok({
      configUri: configUri(loaded.file, opts.repoRoot),
      declarations,
      envVars: config.handover.envVars,
      alertRecipients: config.handover.alertRecipients,
      rollback: config.handover.rollback,
      environments: Object.entries(config.environments).map(([name, e]) => ({
        name,
        appUrl: e.appUrl,
        apiUrl: e.apiUrl ?? e.appUrl,
        envFiles: e.envFiles,
        allowWrites: e.allowWrites,
      })),
      target: opts.target,
      mailDomain: d.mail ?? d.apex,
      dkimSelectors: d.dkimSelectors,
      dnsServer: opts.dnsServer ?? 'system',
      healthPath: config.api.healthPath,
      loginPath: m?.loginPath ?? '/login',
      monitor: {
        configured: Boolean(m),
        dashboardUrl: m && dashboard?.enabled ? `http://${host}:${dashboard.port}/` : undefined,
        logs: m?.logs.length ?? 0,
      },
    });
  } catch (err) {
    return failed(`could not read the handover details from the config: ${(err as Error).message}`);
  }
}
