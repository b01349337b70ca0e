// Evidence is plain, serialisable data. Gatherers never throw: a failure is an
// `error` value, and evidence a run was configured not to collect is
// `not-tested`. Checks that need a missing piece inherit that state, so a
// network failure can never turn into a pass.
import type { OperationSources, StageProfile } from '../report/model.js';
import type { SecretScanEvidence } from './secret-scan-types.js';
import type { MonitoringEvidence } from './monitor-types.js';
import type { DnsEvidence, EdgeHttpEvidence, MailEvidence, TlsEvidence } from './edge-types.js';
import type { CodeEvidence, EnvTier, EnvValueHints, EnvVarInventoryEntry } from './hygiene-types.js';
import type { AccessProbeSet } from './access-types.js';
import type { LivenessEvidence } from './liveness-types.js';
import type { HandoverEvidence } from './handover-types.js';
import type { AiFeatureEvidence, AiProbeSet } from './ai-types.js';

/** `unlock`: the config line that would let the evidence be gathered ("set api.openapi"). */
export type Gathered<T> =
  | { state: 'ok'; value: T }
  | { state: 'error'; reason: string; unlock?: string }
  | { state: 'not-tested'; reason: string; unlock?: string };

export const ok = <T>(value: T): Gathered<T> => ({ state: 'ok', value });
export const failed = <T>(reason: string, unlock?: string): Gathered<T> => ({ state: 'error', reason, ...(unlock ? { unlock } : {}) });
export const notTested = <T>(reason: string, unlock?: string): Gathered<T> => ({ state: 'not-tested', reason, ...(unlock ? { unlock } : {}) });

/** One HTTP request and its answer, masked, with the body cut to a bounded excerpt. */
export interface HttpExchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: string; role: string };
  response?: {
    status: number;
    headers: Record<string, string>;
    /** First bytes of the body (masked). */
    body: string;
    bodyTruncated: boolean;
  };
  /** Network failure (timeout, refused, TLS) instead of a response. */
  error?: string;
  durationMs: number;
  /**
   * Set by the probe engine when the request's origin had stopped answering
   * (src/probe/liveness.ts): from request #seq at time. Such an exchange is
   * never evidence of safety; checks that needed it are error.
   */
  targetDown?: TargetDown;
}

export interface TargetDown {
  origin: string;
  /** Ledger number and ISO time of the first request the origin did not answer. */
  seq: number;
  time: string;
}

export interface RepoFile {
  path: string;
  /** Committed to git (in the index of HEAD). */
  tracked: boolean;
  /** Ignored by .gitignore (only listed for env-like files, which we always look at). */
  ignored: boolean;
  size: number;
}

export interface EnvEntry {
  key: string;
  line: number;
  /** Masked value; a secret's raw value never enters evidence. */
  masked: string;
  fingerprint: string;
  empty: boolean;
  /** The value, only when neither the key nor the value looks secret; URL passwords and tokens masked. */
  value?: string;
  /** The key's name or the value's shape says it is a credential. */
  secret?: boolean;
  /** What checks may know about a value without seeing it. */
  hints?: EnvValueHints;
}

export interface EnvFile {
  path: string;
  tracked: boolean;
  ignored: boolean;
  entries: EnvEntry[];
  /** Configured environments that list this file (config environments[].envFiles). */
  environments?: string[];
  /** Which kind of deployment the file belongs to: from its environments' names, else from its own name. */
  tier?: EnvTier;
}

export interface RepoEvidence {
  root: string;
  isGit: boolean;
  files: RepoFile[];
  envFiles: EnvFile[];
  /** Configured environment name → its env files, as given to the gatherer. */
  environments?: Record<string, string[]>;
  /** What the source code reads and does (absent in evidence saved before it existed). */
  code?: CodeEvidence;
  /** Every env variable the code reads, where, and which env files set it (the handover list). */
  inventory?: EnvVarInventoryEntry[];
}

/** Who may call an operation, decided by: the config's policy, the API document's security, or (no rule, no document) the recordings. */
export type ExpectationSource = 'policy' | 'spec' | 'traffic';

export interface ApiOperation {
  method: string;
  path: string;
  operationId?: string;
  /** The spec declares no security for it (`security: []`, or none at all). */
  publicInSpec: boolean;
  hasJsonBody: boolean;
  /** Roles allowed by the config's policy; undefined when no rule matches. */
  allowedRoles?: string[];
  /** Where allowedRoles came from. */
  expectationFrom: ExpectationSource;
  /** The JSON request body schema, dereferenced (plain data, cycles cut). */
  requestSchema?: unknown;
  /** Path and query parameters declared for it. */
  parameters?: { name: string; in: string; required: boolean; schema?: unknown }[];
  // Issue 11 (target model): the document's own sample body, and a body media type other than JSON (a form).
  requestExample?: unknown;
  requestContentType?: string;
  /** Issue 10: the operation's summary and description (first 300 characters). */
  summary?: string;
  /** The policy lets its callers act on anyone's objects (objects: any): no cross-tenant or cross-owner probe. */
  anyObject?: boolean;
  // Issue 12 (HAR recordings): the roles whose recordings called it and the app did it.
  observedBy?: string[];
}

export interface ApiSpec {
  source: string;
  version: string;
  title?: string;
  /** The base path every operation path starts with (OpenAPI 3 servers, Swagger 2 basePath); absent for the origin root. */
  basePath?: string;
  operations: ApiOperation[];
}

/** Named single requests the edge and error checks read. */
export interface HttpProbes {
  appHome?: HttpExchange;
  apiHealth?: HttpExchange;
  /** The login page (appUrl + monitor.loginPath, else a guessed /login), for the smoke check. */
  loginPage?: HttpExchange;
  /** Whether loginPage's path was declared (monitor.loginPath) or only guessed; a guess that answers 404 is no finding. */
  loginPageDeclared?: boolean;
  /** Whether apiHealth's path was declared (api.healthPath) or only guessed (/health); a guess refused or missing is no finding. */
  healthDeclared?: boolean;
  notFound?: HttpExchange;
  malformedParam?: HttpExchange;
  malformedJson?: HttpExchange;
  /** Why a probe that needs writes was skipped. */
  skipped: Record<string, string>;
}

export interface UnauthProbe {
  operation: { method: string; path: string; operationId?: string };
  expectationFrom: ExpectationSource;
  /** The call by a role that is allowed, proving the operation answers at all. */
  baseline?: HttpExchange & { role: string };
  /** The same call without credentials. */
  anonymous: HttpExchange;
  /** A second anonymous call, made only when the first looked like a leak. */
  confirmation?: HttpExchange;
}

export interface UnauthProbeSet {
  probes: UnauthProbe[];
  /** Operations not probed and why (writes not allowed, no id to fill in…). */
  skipped: { operation: string; reason: string }[];
  /** Roles whose login failed. */
  loginErrors: Record<string, string>;
}

export interface Evidence {
  repo: Gathered<RepoEvidence>;
  openapi: Gathered<ApiSpec>;
  httpProbes: Gathered<HttpProbes>;
  unauthProbes: Gathered<UnauthProbeSet>;
  accessProbes: Gathered<AccessProbeSet>;
  dns: Gathered<DnsEvidence>;
  mail: Gathered<MailEvidence>;
  tls: Gathered<TlsEvidence>;
  edgeHttp: Gathered<EdgeHttpEvidence>;
  monitoring: Gathered<MonitoringEvidence>;
  secretScan: Gathered<SecretScanEvidence>;
  /** Issue 10: the target's liveness during the run (went down, came back, crashes). */
  liveness: Gathered<LivenessEvidence>;
  /** People, rollback, monitoring and config lines for the handover document (issue 15); absent in older evidence. */
  handover?: Gathered<HandoverEvidence>;
  /** The AI red team (issue 16): not-tested without an ai: section. */
  aiProbes: Gathered<AiProbeSet>;
  /** AI features the repository and the API document show, configured or not. */
  aiFeatures: Gathered<AiFeatureEvidence>;
}

export type EvidenceKey = keyof Evidence;
export type EvidenceValue<K extends EvidenceKey> = Evidence[K] extends Gathered<infer T> ? T : never;

/** Context the runner and triage need besides evidence; saved with it so a replay needs no config. */
export interface RunContext {
  projectName: string;
  profile: StageProfile;
  productType: string;
  environment: string;
  appUrl?: string;
  apiUrl?: string;
  /** What the config set up, so the report can say which line would unlock a gap; absent in older saved evidence. */
  setup?: AuditSetup;
  /** Where the probed operations came from (issue 12); absent in older saved evidence. */
  operations?: OperationSources;
}


/** The parts of the config the coverage block reasons about (no values, only what is there). */
export interface AuditSetup {
  /** Role names under auth.roles. */
  roles: string[];
  /** api.openapi (or another source of operations) is set. */
  operations: boolean;
  /** Host names under domains (apex, www, app, api, extra). */
  domains: string[];
  /** The audited environment allows writes. */
  allowWrites: boolean;
  /** network.caFile is set. */
  caFile: boolean;
  /** AI features (issue 16): whether an ai: section is configured, and where the repository scan and the API found any. */
  ai?: { configured: boolean; found?: string };
}
