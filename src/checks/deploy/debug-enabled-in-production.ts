// Debug mode in production hands attackers stack traces, file paths, SQL and
// sometimes an interactive console, and makes frameworks skip production
// hardening (Express caches nothing and prints stacks when NODE_ENV is not
// production). Read from the production env files and from the code.
import type { CodeHit } from '../../evidence/hygiene-types.js';
import type { EnvEntry, EnvFile } from '../../evidence/types.js';
import type { EvidenceItem, Severity } from '../../report/model.js';
import { codeOf, envEvidence, filesOfTier, grepFor, hitEvidence, hitIdentity, isOutcome } from '../support/repo.js';
import { defineCheck, type FindingInput } from '../types.js';

const DEBUG_KEY_RE = /^(DEBUG|APP_DEBUG|FLASK_DEBUG|DJANGO_DEBUG|RAILS_DEBUG|\w+_DEBUG|DEBUG_MODE|DEBUG_\w+)$/i;
const ENV_NAME_KEY_RE = /^(NODE_ENV|APP_ENV|RAILS_ENV|RACK_ENV|FLASK_ENV|DJANGO_ENV|ENVIRONMENT|APP_ENVIRONMENT|ASPNETCORE_ENVIRONMENT|GO_ENV|MIX_ENV|ENV)$/i;
const PRODUCTION_VALUE_RE = /^(production|prod|live)$/i;
const VERBOSE_LOG_RE = /^(debug|trace|silly|verbose|all)$/i;

interface EnvProblem {
  what: string;
  severity: Severity;
}

function envProblem(e: EnvEntry): EnvProblem | undefined {
  if (e.empty || e.value === undefined) return undefined;
  if (DEBUG_KEY_RE.test(e.key)) {
    if (e.hints?.truthy) return { what: `turns debug mode on (${e.key}=${e.value})`, severity: 'high' };
    // The debug npm module takes namespaces (DEBUG=express:*): verbose logs, not debug mode.
    if (e.key.toUpperCase() === 'DEBUG' && !e.hints?.falsy) return { what: `turns on verbose debug logging (DEBUG=${e.value})`, severity: 'medium' };
  }
  if (ENV_NAME_KEY_RE.test(e.key) && !PRODUCTION_VALUE_RE.test(e.value)) {
    return { what: `sets ${e.key}=${e.value}, not production`, severity: e.key.toUpperCase() === 'NODE_ENV' ? 'high' : 'medium' };
  }
  if (/^(LOG_LEVEL|LOGLEVEL|LOG)$/i.test(e.key) && VERBOSE_LOG_RE.test(e.value)) {
    return { what: `logs at ${e.value} level`, severity: 'low' };
  }
  return undefined;
}

/** Production explicitly runs with debug off and NODE_ENV=production, so flag-gated code stays quiet. */
function debugExplicitlyOff(files: EnvFile[]): boolean {
  const entries = files.flatMap((f) => f.entries);
  const debugOff = entries.some((e) => DEBUG_KEY_RE.test(e.key) && e.hints?.falsy);
  const envProd = entries.some((e) => ENV_NAME_KEY_RE.test(e.key) && e.value !== undefined && PRODUCTION_VALUE_RE.test(e.value));
  return (debugOff || envProd) && entries.every((e) => !envProblem(e));
}

const HIT_TEXT: Record<string, string> = {
  'stack-trace-in-response': 'sends stack traces to the client',
  'express-errorhandler': 'installs the errorhandler middleware, which prints stack traces',
  'show-stack': 'turns on stack traces in error pages',
  'django-debug-true': 'sets Django DEBUG = True',
  'flask-debug-run': 'runs Flask with debug=True (the Werkzeug debugger runs code)',
  'app-debug-true': 'switches the app into debug mode',
  'node-env-forced-development': 'forces the environment to development',
};

export default defineCheck({
  meta: {
    id: 'debug-enabled-in-production',
    stage: 4,
    title: 'Debug mode is off in production',
    failureTitle: 'Debug mode or verbose errors are on in production',
    severity: 'high',
    minimumBar: 'Remove debug flags and test credentials from production builds.',
    owasp: 'API8:2023 Security Misconfiguration',
    remediation:
      'Set NODE_ENV=production and DEBUG/APP_DEBUG to false in production, and make the error handler return a generic message with a request id (log the stack server-side instead).',
    requires: ['repo'],
  },
  run({ repo }) {
    const code = codeOf(repo);
    if (isOutcome(code)) return code;
    const production = filesOfTier(repo, 'production');
    const findings: FindingInput[] = [];
    for (const f of production) {
      for (const e of f.entries) {
        const p = envProblem(e);
        if (!p) continue;
        findings.push({
          title: `${f.path} ${p.what}`,
          severity: p.severity,
          detail: 'Production runs with development behaviour: detailed errors with stack traces and internal paths, verbose logs that may hold personal data and secrets, and framework protections that only switch on in production mode.',
          evidence: [envEvidence(f, [e], `${f.path} is a production env file`)],
          reproduction: `grep -n '^${e.key}=' ${f.path}`,
          location: { path: f.path, line: e.line },
          identity: [f.path, e.key],
        });
      }
    }
    const hits = code.hits.filter((h) => h.kind === 'debug');
    const quietGated = production.length > 0 && debugExplicitlyOff(production);
    let gatedSkipped = 0;
    for (const hit of hits) {
      if (hit.conditional && quietGated) {
        gatedSkipped++;
        continue;
      }
      findings.push(codeFinding(hit));
    }
    if (findings.length) return { status: 'fail', findings };
    if (production.length === 0) {
      return { status: 'not-tested', reason: `no debug switch in ${code.filesScanned} source files, but no production env file is known to check its flags` };
    }
    return {
      status: 'pass',
      reason: `production env files set no debug flags; no debug switch in code${gatedSkipped ? ` (${gatedSkipped} flag-gated verbose-error lines stay off because production turns debug off)` : ''}`,
    };
  },
});

function codeFinding(hit: CodeHit): FindingInput {
  const what = HIT_TEXT[hit.rule] ?? 'turns on debug behaviour';
  const evidence: EvidenceItem[] = [hitEvidence(hit, `${hit.path}:${hit.line} ${what}`)];
  return {
    title: `${hit.path} ${what}${hit.conditional ? ' when a debug flag is on' : ''}`,
    severity: hit.conditional ? 'low' : 'medium',
    detail: hit.conditional
      ? 'The verbose behaviour depends on a flag. No production env file shows the flag off, so production may run with it on.'
      : 'Stack traces and debug pages tell an attacker the framework, file layout, queries and sometimes secrets, and some debuggers run code sent to them.',
    evidence,
    reproduction: grepFor(hit),
    location: { path: hit.path, line: hit.line },
    identity: hitIdentity(hit),
  };
}
