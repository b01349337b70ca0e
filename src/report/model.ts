// The report JSON is the one contract between the engine and every renderer.
// Renderers read it and never recompute: anything a renderer needs lives here.
// Bump SCHEMA_VERSION on any breaking change to these shapes.

export const SCHEMA_VERSION = 1 as const;

export type Stage = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export type Status = 'pass' | 'fail' | 'warn' | 'not-applicable' | 'not-tested' | 'error';
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export type Triage = 'fix-first' | 'launch-now' | 'defer';
export type StageProfile = 'prototype' | 'first-customers' | 'scale';

export const STATUSES: readonly Status[] = ['pass', 'fail', 'warn', 'not-applicable', 'not-tested', 'error'];
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
export const TRIAGES: readonly Triage[] = ['fix-first', 'launch-now', 'defer'];

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
  verdict: 'ready' | 'not-ready';
  /** e.g. "NOT READY — 7 to fix first" */
  verdictLine: string;
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
}

/** One access rule in plain English, from the policy (or the spec) and what the probes observed. */
export interface AuthRuleStatement {
  /** e.g. "Only owner can approve an invoice (POST /api/invoices/{id}/approve)." */
  rule: string;
  status: 'verified' | 'violated' | 'untested';
  /** Where the expectation came from: the config's policy, or the spec's security (inferred). */
  basis: 'policy' | 'spec' | 'tenancy';
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
