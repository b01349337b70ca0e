// SARIF lets code-scanning UIs (GitHub, Azure DevOps, IDE viewers) show the
// findings next to the code. Every check becomes a rule, including passing
// ones, so a viewer can tell "checked and clean" from "never checked".
import type { Location, Log, Notification, ReportingDescriptor, Result } from 'sarif';
import type { CheckResult, Finding, Report, Severity } from '../model.js';
import { findingWhere } from './common.js';
import { docsUrl } from './docs-pages.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
// The model has no project URL; this is where docs/ is published.
export const INFORMATION_URI = 'https://github.com/launchready/launchready';

// GitHub code scanning ranks alerts by this CVSS-like number (>= 9 critical,
// >= 7 high, >= 4 medium); it must be a string.
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

const LEVEL: Record<Severity, Result.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

// SARIF rule names are identifiers, conventionally PascalCase.
const ruleName = (id: string): string =>
  id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

function toRule(c: CheckResult): ReportingDescriptor {
  const tags = ['security', 'launchready', `stage-${c.stage}`, ...(c.owasp ? [c.owasp] : [])];
  return {
    id: c.id,
    name: ruleName(c.id),
    shortDescription: { text: c.title },
    fullDescription: { text: `${c.failureTitle}. Minimum bar: ${c.minimumBar}` },
    help: {
      text: `${c.remediation}\n\nMinimum bar: ${c.minimumBar}\nDocs: ${docsUrl(c.docs)}`,
      markdown: `**Fix:** ${c.remediation}\n\n**Minimum bar:** ${c.minimumBar}\n\n[Documentation](${docsUrl(c.docs)})`,
    },
    // Code-scanning services require an absolute URI here (SARIF 2.1.0 §3.49.12).
    helpUri: docsUrl(c.docs),
    defaultConfiguration: { level: LEVEL[c.severity] },
    properties: {
      stage: c.stage,
      ...(c.owasp ? { owasp: c.owasp } : {}),
      tags,
      'security-severity': SECURITY_SEVERITY[c.severity],
    },
  };
}

// Probe URLs can carry raw characters ('<', spaces) that are not valid in a
// URI; WHATWG parsing percent-encodes them without changing the target.
function normaliseUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return encodeURI(url);
  }
}

// The config most users keep beside their code, named when a report carries no sources (older reports).
const FALLBACK_CONFIG = 'launchready.yml';

/**
 * Every result gets a physical location, which code-scanning services need.
 * A file finding points at its file and line. A finding about a URL, host or
 * mail domain points at the line of launchready.yml that declares it, with the
 * URL (or the config key) as its logical location.
 */
function toLocations(f: Finding, report: Report): Location[] {
  const loc = f.location;
  const logicalUrl = loc?.url ? [{ fullyQualifiedName: normaliseUrl(loc.url), kind: 'resource' }] : undefined;
  if (loc?.path) {
    // A path is a URI reference in SARIF: spaces and '%' must be encoded.
    const physicalLocation = {
      artifactLocation: { uri: encodeURI(loc.path) },
      ...(loc.line && loc.line > 0 ? { region: { startLine: loc.line } } : {}),
    };
    return [{ physicalLocation, ...(logicalUrl ? { logicalLocations: logicalUrl } : {}) }];
  }
  const config = report.sources?.config;
  const declared = config?.findings[f.fingerprint];
  const physicalLocation = {
    artifactLocation: { uri: config?.uri ?? FALLBACK_CONFIG },
    region: { startLine: declared?.line ?? 1 },
  };
  const logicalLocations = logicalUrl ?? (declared?.key ? [{ fullyQualifiedName: declared.key, kind: 'member' }] : undefined);
  return [{ physicalLocation, ...(logicalLocations ? { logicalLocations } : {}) }];
}

function toResult(f: Finding, ruleIndex: number, report: Report): Result {
  const locations = toLocations(f, report);
  const evidence = f.evidence[0]?.summary;
  return {
    ruleId: f.checkId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: [f.title, f.detail, evidence && `Evidence: ${evidence}`].filter(Boolean).join('\n') },
    locations,
    partialFingerprints: { 'launchready/v1': f.fingerprint },
    ...(f.accepted ? { suppressions: [{ kind: 'external' as const, justification: 'accepted in launchready baseline' }] } : {}),
    properties: {
      triage: f.triage,
      severity: f.severity,
      accepted: f.accepted,
      ...(findingWhere(f) ? { where: findingWhere(f) } : {}),
      ...(f.reproduction ? { reproduction: f.reproduction } : {}),
    },
  };
}

export function renderSarif(report: Report): string {
  // Check ids should be unique; if one repeats, its rule is listed once and its
  // results share the index SARIF viewers use to look the rule up.
  const ruleIndex = new Map<string, number>();
  const rules: ReportingDescriptor[] = [];
  for (const c of report.checks) {
    if (ruleIndex.has(c.id)) continue;
    ruleIndex.set(c.id, rules.length);
    rules.push(toRule(c));
  }
  const results = report.checks.flatMap((c) => c.findings.map((f) => toResult(f, ruleIndex.get(f.checkId) ?? ruleIndex.get(c.id)!, report)));

  // A check that errored is a gap in coverage, not a finding: SARIF's place for
  // that is a tool execution notification tied to the rule.
  const notifications: Notification[] = report.checks
    .filter((c) => c.status === 'error')
    .map((c) => ({
      level: 'error',
      message: { text: `${c.id} could not run: ${c.reason ?? 'no reason recorded'}` },
      associatedRule: { id: c.id, index: ruleIndex.get(c.id)! },
    }));
  // The target's own problems and an incomplete verdict are said once, ahead of the per-check ones.
  const coverage: Notification[] = [
    ...report.coverage.incompleteBecause.map((text) => ({ level: 'error' as const, message: { text: `not verified: ${text}` } })),
    ...report.coverage.targetProblems.map((p) => ({ level: 'error' as const, message: { text: p.unlock ? `${p.summary} → ${p.unlock}` : p.summary } })),
  ];
  notifications.unshift(...coverage);

  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'launchready',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        // The run finished and produced a report; checks that errored are
        // reported as notifications rather than failing the whole execution.
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: report.generatedAt,
            ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results,
        properties: {
          schemaVersion: report.schemaVersion,
          project: report.project,
          environment: report.target.environment,
          verdict: report.verdict,
          verdictLine: report.verdictLine,
          score: report.score,
          coverage: report.coverage,
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
