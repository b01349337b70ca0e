// The report JSON is the one contract between the engine and every renderer.
// Renderers read it and never recompute: anything a renderer needs lives here.
// Bump SCHEMA_VERSION on any breaking change to these shapes.

export const SCHEMA_VERSION = 2 as const;

export type Stage = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export type Status = 'pass' | 'fail' | 'warn' | 'not-applicable' | 'not-tested' | 'error';
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export type Triage = 'fix-first' | 'launch-now' | 'defer';
export type StageProfile = 'prototype' | 'first-customers' | 'scale';

export const STATUSES: readonly Status[] = ['pass', 'fail', 'warn', 'not-applicable', 'not-tested', 'error'];
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
export const TRIAGES: readonly Triage[] = ['fix-first', 'launch-now', 'defer'];

/**
 * ready: everything a launch needs was tested and nothing blocks it.
 * not-ready: something must be fixed first.
 * incomplete: the target could not be reached, or a family the app needs
 * (access control, edge) was not tested, so no green answer can be given.
 */
export type Verdict = 'ready' | 'not-ready' | 'incomplete';
export const VERDICTS: readonly Verdict[] = ['ready', 'not-ready', 'incomplete'];

/** One piece of proof attached to a finding. Text is already masked. */
export interface EvidenceItem {
  kind: 'http' | 'file' | 'dns' | 'text';
  /** One line a non-engineer can read, e.g. "GET /api/admin/users answered 200 without credentials". */
  summary: string;
  /** Raw excerpt (request/response head, file lines), masked and truncated. */
  excerpt?: string;
}

export interface FindingLocation {
  path?: string;
  line?: number;
  url?: string;
}

export interface Finding {
  checkId: string;
  severity: Severity;
  triage: Triage;
  title: string;
  /** Why it matters, in plain words. */
  detail: string;
  evidence: EvidenceItem[];
  /** A command the user can rerun (curl), secrets masked. */
  reproduction?: string;
  remediation: string;
  location?: FindingLocation;
  /** Stable across runs: derived from check id and what was found, never from line numbers alone. */
  fingerprint: string;
  /** True when the fingerprint is in the team's baseline: still shown, not gating. */
  accepted: boolean;
}

export interface CheckResult {
  id: string;
  stage: Stage;
  title: string;
  failureTitle: string;
  status: Status;
  /** Why a check is not-applicable, not-tested or error; a short note otherwise. */
  reason?: string;
  severity: Severity;
  minimumBar: string;
  owasp?: string;
  remediation: string;
  /** Relative docs page, e.g. docs/checks/env-file-committed.md */
  docs: string;
  durationMs: number;
  findings: Finding[];
  /** The family the check belongs to in the coverage block, e.g. "access control", "TLS". */
  family: string;
  /** For not-tested and error: the config line that would let it run, e.g. "set api.openapi". */
  unlock?: string;
  /** What the check judged, when it says: e.g. 4 of 4 hosts. A pass always covers all of it. */
  judged?: { count: number; of: number };
}

export interface StageInfo {
  stage: Stage;
  name: string;
  question: string;
  /** 0..100, or null when no check of the stage could be evaluated. */
  score: number | null;
  counts: Record<Status, number>;
}

export interface LedgerEntry {
  seq: number;
  /** ISO time the request started. */
  time: string;
  method: string;
  /** Masked URL. */
  url: string;
  role: string;
  purpose: string;
  status: number | null;
  durationMs: number;
  error?: string;
}

export interface DomainMapEntry {
  name: string;
  /** apex, app, api, mail, www, extra, redirect */
  role: string;
  /** Environments that use this host. */
  environments: string[];
  /** Resolved addresses or CNAME targets, when looked up. */
  points?: string[];
}

export interface EnvironmentMapEntry {
  name: string;
  appUrl?: string;
  apiUrl?: string;
  allowWrites: boolean;
  envFiles: string[];
  audited: boolean;
}

export interface Summary {
  fixFirst: number;
  launchNow: number;
  defer: number;
  /** Findings matched by the baseline (also counted in their triage bucket). */
  accepted: number;
  checks: Record<Status, number>;
}

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: 'launchready'; version: string };
  generatedAt: string;
  project: { name: string; stage: StageProfile; productType: string };
  target: { environment: string; appUrl?: string; apiUrl?: string };
  verdict: Verdict;
  /** e.g. "NOT READY — 7 to fix first", "NOT VERIFIED — the app could not be reached" */
  verdictLine: string;
  /** What was tested and what was not, and why; every renderer shows it under the verdict. */
  coverage: Coverage;
  summary: Summary;
  score: number | null;
  stages: StageInfo[];
  checks: CheckResult[];
  map: { domains: DomainMapEntry[]; environments: EnvironmentMapEntry[] };
  ledger: LedgerEntry[];
  /** Notes on how the run went: budgets hit, evidence replayed, policy inferred. */
  notes: string[];
  /** Hand-out documents derived from the access probes; absent when none ran. Optional, so schemaVersion 1 stays valid. */
  deliverables?: Deliverables;
  // ---- issue 15 (deliver): fixes, handover, release checklist, selection. All optional. ----
  /** Findings grouped into changes a person makes (src/triage/fixes.ts); every finding is in exactly one. */
  fixes?: Fix[];
  /** Open (not accepted) fixes per triage and the open findings they hold; the verdict line counts these. */
  fixCounts?: Record<Triage, { fixes: number; findings: number }>;
  /** The handover document's content (handover.md and the HTML section). */
  handover?: Handover;
  /** The release checklist, each item with what the audit already knows. */
  releaseChecklist?: ChecklistSection[];
  /** The run audited only part of the checks (`--only`). */
  selection?: { only: string[]; checks: string[] };
  /** Where the config declares what findings are about, for SARIF locations. */
  sources?: ReportSources;
}

export type FixSize = 'minutes' | 'hours' | 'a day';

/** One change that closes one or more findings: one root cause, one change. */
export interface Fix {
  /** Stable id: the root cause from the fix table, e.g. "security-headers". */
  id: string;
  title: string;
  /** The triage of its most urgent open finding. */
  triage: Triage;
  severity: Severity;
  /** What to change. */
  change: string;
  /** The layer or console where the change is made. */
  place: string;
  /** Files and hosts its findings point at. */
  where: string[];
  /** Rough size: minutes, hours or a day. */
  size: FixSize;
  /** The command that re-verifies it: launchready audit --only <check ids>. */
  verify: string;
  checkIds: string[];
  /** Fingerprints of its findings, open and most urgent first. */
  findings: string[];
  openFindings: number;
  /** Every finding of the fix is in the baseline: shown, not blocking. */
  accepted: boolean;
}

/** A line of the config that declares a URL, host or domain the audit looked at. */
export interface ConfigDeclaration {
  /** Dotted config path, e.g. environments.production.apiUrl, domains.mail. */
  key: string;
  /** The value as the run used it (URL or host name; never a secret). */
  value: string;
  line: number;
}

export interface ReportSources {
  /** The config file: relative to the repository root when inside it, else an absolute file:// URI. */
  config?: {
    uri: string;
    declarations: ConfigDeclaration[];
    /** Finding fingerprint → the declaration its URL, host or subject comes from (findings without a file location). */
    findings: Record<string, { key: string; line: number }>;
  };
}

export type ChecklistStatus = 'done' | 'open' | 'cannot-know';

export interface ChecklistItem {
  /** The step, as an instruction. */
  item: string;
  status: ChecklistStatus;
  /** What the audit saw, or why it cannot know. */
  detail: string;
  /** A command that checks or performs the step. */
  command?: string;
  checkIds?: string[];
}

export interface ChecklistSection {
  id: 'before' | 'deploy' | 'after' | 'rollback';
  title: string;
  items: ChecklistItem[];
}

export interface HandoverDomain {
  name: string;
  /** app, API, mail, redirect, legacy, apex, www… */
  roles: string[];
  /** What it does, in words. */
  purpose: string;
  environments: string[];
  /** DNS records as "TYPE value" lines. */
  records: string[];
  /** The CDN in front of it, when one was recognised. */
  cdn?: string;
}

export interface HandoverTls {
  host: string;
  issuer?: string;
  expires?: string;
  daysLeft?: number;
  /** 'automatic' when the issuer speaks ACME and CAA allows it; otherwise 'manual' with steps; 'unknown' when no handshake. */
  renewal: 'automatic' | 'manual' | 'unknown';
  /** How it renews, or the steps to renew it. */
  how: string[];
}

export interface HandoverEnvVar {
  name: string;
  /** Environment name → set / empty / missing. */
  environments: Record<string, 'set' | 'empty' | 'missing'>;
  owner?: string;
  /** The config's rotation note. */
  rotation?: string;
  /** The kind of credential the secret engine recognised (payment, email, cloud, chat, source-hosting, database…), or generic. */
  provider: string;
  secret: boolean;
  /** Rotation steps for this provider. */
  steps: string[];
  /** What breaks while or after it rotates. */
  breaks: string;
}

export interface HandoverIncident {
  failure: string;
  /** How it shows on the monitor dashboard. */
  shows: string;
  firstSteps: string[];
}

export interface Handover {
  project: string;
  environments: { name: string; appUrl?: string; apiUrl?: string; audited: boolean }[];
  domains: HandoverDomain[];
  tls: HandoverTls[];
  envVars: HandoverEnvVar[];
  monitoring: {
    dashboardUrl?: string;
    checks: { name: string; url: string; covers?: string }[];
    /** severity → who gets it: channel names with their type, and the people in handover.alertRecipients. */
    alerts: { severity: string; channels: string[] }[];
    recipients: string[];
    command: string;
  };
  rollback: string[];
  mailVerification: { domain?: string; commands: string[] };
  incidents: HandoverIncident[];
  /** What this audit could not test, and why. */
  notTested: { what: string; why: string }[];
  /** Launch-now then defer fixes, in priority order (fix ids). */
  weekTwo: { fixId: string; title: string; triage: Triage; size: FixSize; verify: string }[];
}

/** One access rule in plain English, from the policy (or the spec) and what the probes observed. */
export interface AuthRuleStatement {
  /** e.g. "Only owner can approve an invoice (POST /api/invoices/{id}/approve)." */
  rule: string;
  status: 'verified' | 'violated' | 'untested';
  /** Where the expectation came from: the config's policy, or the spec's security (inferred). */
  basis: 'policy' | 'spec' | 'traffic' | 'tenancy';
  /** What was observed, e.g. "viewer and staff were refused (403)". */
  observed: string;
}

/** One attack of the red-team checklist and how it went. */
export interface RedTeamItem {
  attack: string;
  checkId: string;
  status: 'pass' | 'fail' | 'not-tested';
  /** Variants tried, counts, or why it was not tested. */
  detail: string;
  /** AI cases (issue 16): the OWASP Top 10 for LLM Applications id, e.g. "LLM01:2025 Prompt Injection". */
  owasp?: string;
  /** AI cases: samples that obeyed of those sent, per endpoint, e.g. "assistant 2/3, assistant-stream 0/3". */
  rate?: string;
  /** AI cases: the reply of an obeyed (or the first) sample, masked. */
  excerpt?: string;
}

export interface Deliverables {
  authRules: AuthRuleStatement[];
  redTeam: RedTeamItem[];
}

/** One family of checks within one stage, e.g. stage 2 "access control". */
export interface CoverageFamily {
  stage: Stage;
  family: string;
  /** Checks by status (pass, fail, warn, not-applicable, not-tested, error). */
  counts: Record<Status, number>;
  /**
   * The verdict needs this family for this app (access control when the app
   * has or needs roles, edge when it has domains): when every check of it is
   * not-tested or error, the verdict is incomplete.
   */
  required: boolean;
  /** Why checks were not tested or errored: one entry per distinct reason. */
  gaps: CoverageGap[];
}

export interface CoverageGap {
  status: 'not-tested' | 'error';
  /** In words: "no OpenAPI document", "login failed for viewer", "target unreachable". */
  reason: string;
  /** The config line that would unlock these checks, e.g. "set api.openapi or api.har", "add roles under auth.roles". */
  unlock?: string;
  /** Check ids affected. */
  checks: string[];
}

/** A problem of the target itself, said once here rather than in every check it broke. */
export interface TargetProblem {
  /** Stable key: unreachable, went-down, tls-untrusted, html-for-json, api-serves-frontend, budget, … */
  kind: string;
  /** One line: "http://127.0.0.1:9 refused every connection (ECONNREFUSED)". */
  summary: string;
  origin?: string;
  /** How many requests met it. */
  requests: number;
  /** Ledger number and ISO time of the first request that met it. */
  firstSeq?: number;
  firstTime?: string;
  unlock?: string;
}

/** The inputs the target model was built from, for the coverage block. */
export interface OperationSources {
  /** "openapi openapi.yaml", "har owner.har, viewer.har", "policy", "page http://…". */
  sources: string[];
  /** Operations probed. */
  count: number;
  /** Operations the recordings show that the API document lacks ("GET /api/export"); empty without both. */
  undocumented: string[];
}

export interface Coverage {
  /** Whether the audited app (appUrl/apiUrl) answered any request; null when no request was sent to it. */
  targetReached: boolean | null;
  /** Why the verdict is incomplete, in words; empty unless it is. */
  incompleteBecause: string[];
  targetProblems: TargetProblem[];
  /** Per stage and family, in stage order. */
  families: CoverageFamily[];
  /** Where the probed operations came from, and those the recordings show that the document lacks (issue 12). */
  operations?: OperationSources;
}
