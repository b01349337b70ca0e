// Where in launchready.yml each finding's subject is declared. A finding about
// a URL (a missing header, an open route) has no file of its own, but code
// scanning needs one: the config line that declares the URL, host or mail
// domain is where a person would go to see what was audited. Files keep
// their own location; this covers the rest.
import { checkFamilies } from '../checks/families.js';
import type { HandoverEvidence } from '../evidence/handover-types.js';
import type { CheckResult, ConfigDeclaration, Finding, ReportSources } from './model.js';

// For a finding with no URL: the config key its family is about, most specific first.
const ANCHOR_BY_FAMILY: Record<string, readonly RegExp[]> = {
  mail: [/^domains\.mail$/, /^domains\.apex$/],
  edge: [/^domains\.app$/, /^domains\.apex$/, /^environments\.[^.]+\.appUrl$/],
  access: [/^environments\.[^.]+\.apiUrl$/, /^environments\.[^.]+\.appUrl$/],
  abuse: [/^environments\.[^.]+\.apiUrl$/, /^environments\.[^.]+\.appUrl$/],
  repo: [/^repo\.path$/],
  deploy: [/^repo\.path$/],
  monitor: [/^monitor$/, /^environments\.[^.]+\.appUrl$/],
  ai: [/^environments\.[^.]+\.apiUrl$/],
};
const FALLBACK: readonly RegExp[] = [/^environments\.[^.]+$/, /^handover$/];

function parse(u: string): URL | undefined {
  try {
    return new URL(u);
  } catch {
    return undefined;
  }
}

function declarationFor(f: Finding, family: string | undefined, decls: readonly ConfigDeclaration[], target: string): ConfigDeclaration | undefined {
  // The target environment's declarations first: they are what the audit used.
  const ordered = [...decls].sort((a, b) => Number(!a.key.startsWith(`environments.${target}.`)) - Number(!b.key.startsWith(`environments.${target}.`)));
  const url = f.location?.url ? parse(f.location.url) : undefined;
  if (url) {
    const asUrl = ordered.map((d) => ({ d, u: parse(d.value) })).filter((x) => x.u?.protocol.startsWith('http'));
    const sameOrigin = asUrl.find((x) => x.u!.origin === url.origin);
    if (sameOrigin) return sameOrigin.d;
    const sameHost = asUrl.find((x) => x.u!.hostname === url.hostname);
    if (sameHost) return sameHost.d;
    const host = ordered.find((d) => d.key.startsWith('domains.') && d.value === url.hostname);
    if (host) return host;
  }
  for (const re of [...(ANCHOR_BY_FAMILY[family ?? ''] ?? []), ...FALLBACK]) {
    const hit = ordered.find((d) => re.test(d.key));
    if (hit) return hit;
  }
  return ordered[0];
}

export function buildSources(checks: readonly CheckResult[], h: HandoverEvidence | undefined): ReportSources | undefined {
  if (!h?.configUri) return undefined;
  const fam = checkFamilies();
  const findings: Record<string, { key: string; line: number }> = {};
  for (const c of checks) {
    for (const f of c.findings) {
      if (f.location?.path) continue;
      const d = declarationFor(f, fam.get(c.id), h.declarations, h.target);
      findings[f.fingerprint] = d ? { key: d.key, line: d.line } : { key: '', line: 1 };
    }
  }
  return { config: { uri: h.configUri, declarations: h.declarations, findings } };
}
