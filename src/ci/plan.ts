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
  test: string;
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
    test: 'npm test',
    scan: (before) =>
      [
        `if [ -z "${before}" ] || [ "${before}" = "0000000000000000000000000000000000000000" ]; then`,
        '  $LAUNCHREADY scan .',
        'else',
        `  $LAUNCHREADY scan --since "${before}" .`,
        'fi',
      ].join('\n'),
    audit: `$LAUNCHREADY audit --config ${config} --environment ${shellQuote(o.staging)} --out ${REPORT_DIR} --quiet`,
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
