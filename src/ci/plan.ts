// One deployment path, written once and rendered for each CI provider: install
// and test, scan the pushed commits for secrets, audit staging (SARIF upload,
// exit-code gate), deploy, smoke-check production, roll back when the smoke
// check fails. The commands live here so GitHub and GitLab run the same ones.

export interface CiOptions {
  /** The config, relative to the repository root. */
  config: string;
  /** The environment the gate audits. */
  staging: string;
  /** The environment deployed to and smoke-checked. */
  production: string;
  /** The deploy command; undefined writes a marked placeholder that fails. */
  deploy?: string;
  /** The rollback command; undefined writes a marked placeholder that fails. */
  rollback?: string;
  /** The branch that deploys. */
  branch: string;
  nodeVersion: string;
  /** Variables the config reads with env:NAME, passed to the audit from the provider's secrets. */
  envRefs: string[];
  /**
   * Why the gate audit runs read-only (--read-only), when it does: it audits
   * production, or the only environment there is. Write probes, login bursts
   * and logouts never go to production from a workflow that runs on every push.
   */
  gateReadOnly?: string;
  /** False when package.json has no test script: the workflow then has no test step (npm test would fail). */
  hasTests?: boolean;
  /** monitor.loginPath: the login page the smoke check judges; absent when the app has none declared. */
  loginPath?: string;
}

/** What the smoke check looks at, for step names. */
export const smokeScope = (o: CiOptions): string =>
  `home, ${o.loginPath ? `login page ${o.loginPath}, ` : ''}health, TLS, redirects; read-only`;

/** An environment name that means production (production, prod, live). */
export const isProductionName = (name: string): boolean => /^(prod|production|live)$/i.test(name) || /(^|[-_])prod(uction)?($|[-_])/i.test(name);

/**
 * Why the gate audit of `gate` must be read-only, or undefined when it may
 * write: it is production by name, the environment deployed to, the only one,
 * or shares production's URL.
 */
export function readOnlyReason(gate: string, production: string, environments: Record<string, { appUrl?: unknown; apiUrl?: unknown }>): string | undefined {
  const names = Object.keys(environments);
  if (gate === production) return `it audits ${gate}, the environment the workflow deploys to`;
  if (isProductionName(gate)) return `"${gate}" is a production environment`;
  if (names.length <= 1) return `${gate} is the only environment in the config`;
  const url = (e: { appUrl?: unknown; apiUrl?: unknown } | undefined) => (typeof e?.apiUrl === 'string' ? e.apiUrl : typeof e?.appUrl === 'string' ? e.appUrl : undefined);
  const g = url(environments[gate]);
  if (g !== undefined && g === url(environments[production])) return `${gate} has the same URL as ${production} (${g})`;
  return undefined;
}

/** Whether package.json has a test script of its own (not npm init's "no test specified" stub). */
export function hasTestScript(pkg: unknown): boolean {
  const t = (pkg as { scripts?: { test?: unknown } } | null)?.scripts?.test;
  return typeof t === 'string' && t.trim() !== '' && !/no test specified/i.test(t);
}

/** How the workflow calls launchready; one variable so a project can pin or vendor it. */
export const LAUNCHREADY_DEFAULT = 'npx --no-install launchready';
export const REPORT_DIR = 'launchready-report';
export const SMOKE_DIR = 'launchready-smoke';

export const PLACEHOLDER_MARK = 'LAUNCHREADY-PLACEHOLDER';

const shellQuote = (s: string): string => (/^[A-Za-z0-9_./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** A command that fails loudly until someone writes the real one in. */
export function placeholder(what: 'deploy' | 'rollback'): string {
  return `echo "${PLACEHOLDER_MARK}: no ${what} command yet; rerun: launchready ci --${what} '<your ${what} command>'" >&2; exit 1`;
}

export interface Commands {
  install: string;
  /** Undefined when the project has no test script. */
  test?: string;
  /** Scans only the pushed range; the whole history when there is no previous commit (a new branch). */
  scan: (beforeVar: string) => string;
  audit: string;
  deploy: string;
  smoke: string;
  rollback: string;
}

export function commands(o: CiOptions): Commands {
  const config = shellQuote(o.config);
  return {
    install: 'npm ci',
    ...(o.hasTests === false ? {} : { test: 'npm test' }),
    scan: (before) =>
      [
        `if [ -z "${before}" ] || [ "${before}" = "0000000000000000000000000000000000000000" ]; then`,
        '  $LAUNCHREADY scan .',
        'else',
        `  $LAUNCHREADY scan --since "${before}" .`,
        'fi',
      ].join('\n'),
    audit: `$LAUNCHREADY audit --config ${config} --environment ${shellQuote(o.staging)}${o.gateReadOnly ? ' --read-only' : ''} --out ${REPORT_DIR} --quiet`,
    deploy: o.deploy ?? placeholder('deploy'),
    smoke: `$LAUNCHREADY audit --config ${config} --environment ${shellQuote(o.production)} --only smoke --out ${SMOKE_DIR}`,
    rollback: o.rollback ?? placeholder('rollback'),
  };
}

/** Every env:NAME value of the parsed config, sorted; the workflow hands them to launchready from the provider's secrets. */
export function envRefsOf(config: unknown): string[] {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      const m = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(v.trim());
      if (m) names.add(m[1]!);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(config);
  return [...names].sort();
}

/** Header comment lines both providers print: why the gate is read-only, and why there is no test step. */
export function headerNotes(o: CiOptions): string[] {
  return [
    ...(o.gateReadOnly
      ? [`# The gate audit of ${o.staging} runs read-only (--read-only) because ${o.gateReadOnly}: no write probes`, '# (POST/PUT/PATCH/DELETE), login bursts or logouts reach it. Point --staging at a disposable copy to test writes.']
      : []),
    ...(o.hasTests === false ? ['# No test step: package.json has no test script (add one, then rerun launchready ci).'] : []),
  ];
}
