// The coverage block: what was tested, what was not and why, per stage and
// family, and the target's own problems said once. It also decides whether
// the verdict can be green at all (incompleteBecause): a dead target, or a
// family the app needs that was wholly not tested, can never read "ready".
import type { LivenessEvidence } from '../evidence/liveness-types.js';
import type { AuditSetup, Gathered, RunContext } from '../evidence/types.js';
import { ACCESS_FAMILY, AI_FAMILY, EDGE_FAMILIES } from './families.js';
import {
  STATUSES,
  type CheckResult,
  type Coverage,
  type CoverageFamily,
  type CoverageGap,
  type LedgerEntry,
  type Status,
  type TargetProblem,
} from './model.js';
import type { ObservedProblem } from './answer-problems.js';
import { unlockFor } from './unlock.js';

export interface CoverageInput {
  checks: readonly CheckResult[];
  ctx: RunContext;
  ledger: readonly LedgerEntry[];
  /** Problems the probe engine observed itself (the target went down, the budget ran out, HTML where JSON was asked for…). */
  problems?: readonly ObservedProblem[];
  /** The run selected part of the checks (`--only`): a family with no check in it was not asked for, not missed. */
  partial?: boolean;
}

/** A target problem and the raw error text that checks repeat, so their reasons can point here instead. */
interface Observed extends TargetProblem {
  raw: string[];
}

// Error codes that mean the TLS handshake failed against our trust store.
const TLS_TRUST = /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT|CERT_UNTRUSTED|ERR_TLS_CERT_ALTNAME_INVALID|CERT_HAS_EXPIRED/;

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** The first word of a network error ("ECONNREFUSED", "timed out", "CERT_HAS_EXPIRED"). */
function errorKind(error: string): string {
  const code = /^([A-Z][A-Z0-9_]{3,}):/.exec(error)?.[1];
  return code ?? (error.startsWith('timed out') ? 'timed out' : error.split(':')[0]!.trim());
}

/**
 * Problems of the audited origins read from the ledger: an origin that never
 * answered, and TLS handshakes our trust store refused. Said once, with the
 * first request that met them.
 */
export function problemsFromLedger(ledger: readonly LedgerEntry[], targetOrigins: ReadonlySet<string>, setup?: AuditSetup): Observed[] {
  const byOrigin = new Map<string, LedgerEntry[]>();
  for (const e of ledger) {
    const o = originOf(e.url);
    if (o && targetOrigins.has(o)) byOrigin.set(o, [...(byOrigin.get(o) ?? []), e]);
  }
  const out: Observed[] = [];
  for (const [origin, entries] of byOrigin) {
    const failed = entries.filter((e) => e.status === null && e.error && !e.error.startsWith('not sent'));
    const tls = failed.filter((e) => TLS_TRUST.test(e.error!));
    if (tls.length) {
      const first = tls[0]!;
      out.push({
        kind: 'tls-untrusted',
        summary: `${origin} presented a certificate the trust store does not accept (${errorKind(first.error!)}); every HTTPS check of it is an error`,
        origin,
        requests: tls.length,
        firstSeq: first.seq,
        firstTime: first.time,
        unlock: setup?.caFile ? 'check that network.caFile holds the CA that issued the certificate' : 'add its CA with network.caFile',
        raw: [...new Set(tls.map((e) => e.error!))],
      });
    }
    const answered = entries.some((e) => e.status !== null);
    const other = failed.filter((e) => !TLS_TRUST.test(e.error!));
    if (!answered && other.length) {
      const kinds = [...new Set(other.map((e) => errorKind(e.error!)))];
      const first = other[0]!;
      out.push({
        kind: 'unreachable',
        summary: `${origin} did not answer any of ${other.length} request${other.length === 1 ? '' : 's'} (${kinds.join(', ')})`,
        origin,
        requests: other.length,
        firstSeq: first.seq,
        firstTime: first.time,
        raw: [...new Set(other.map((e) => e.error!))],
      });
    }
  }
  return out;
}

/**
 * The liveness watch's episodes as target problems: an origin that went down
 * and never came back (kind went-down: the verdict cannot be ready), and one
 * that went down and came back (was-down: the checks that needed it are
 * errors, the verdict may still be given).
 */
export function livenessProblems(g: Gathered<LivenessEvidence> | undefined): TargetProblem[] {
  if (g?.state !== 'ok') return [];
  const out: TargetProblem[] = [];
  for (const b of g.value.budgetRanOut ?? []) {
    out.push({
      kind: 'budget',
      summary: `the ${b.what} after ${b.afterRequests} requests${b.stage && !b.what.includes(b.stage) ? `, in the ${b.stage} stage` : ''}; later probes were not sent, and checks that needed them say how much they judged`,
      requests: b.afterRequests,
      firstTime: b.time,
      unlock: b.what.startsWith('request') ? 'raise network.maxRequests' : 'raise network.maxSeconds',
    });
  }
  for (const s of g.value.slowOperations ?? []) {
    out.push({ kind: 'slow-operation', summary: `${s.operation} timed out twice and was skipped for the rest of the run (${s.notSent} more requests not sent)`, requests: s.notSent + 2 });
  }
  for (const o of g.value.origins) {
    if (o.dead) {
      out.push({
        kind: 'went-down',
        summary: `the app stopped answering at request #${o.dead.seq} (${o.dead.time}) and did not come back within ${Math.round(o.dead.waitedMs / 1000)} s`,
        origin: o.origin,
        requests: 1,
        firstSeq: o.dead.seq,
        firstTime: o.dead.time,
      });
    }
    const back = o.downs.filter((d) => d.recovered);
    if (back.length) {
      const d = back[0]!;
      out.push({
        kind: 'was-down',
        summary: `${o.origin} stopped answering ${back.length} time(s) during the run (first at request #${d.seq}, ${d.error}) and came back; checks that needed it in between are errors`,
        origin: o.origin,
        requests: back.length,
        firstSeq: d.seq,
        firstTime: d.time,
      });
    }
  }
  return out;
}

function targetOrigins(ctx: RunContext): Set<string> {
  return new Set([ctx.appUrl, ctx.apiUrl].flatMap((u) => (u ? [originOf(u) ?? []].flat() : [])));
}

/** How a check's reason that only repeats a target problem points at it. */
const POINTER: Record<string, string> = {
  'tls-untrusted': 'certificate not trusted',
  unreachable: 'target unreachable',
  'api-serves-frontend': 'the API URL serves the front end',
  'html-for-json': 'HTML where JSON was expected',
};

/** Evidence keys prefix gatherer reasons ("accessProbes: …"); the coverage block speaks in words only. */
const stripKey = (reason: string): string => reason.replace(/^[a-z][A-Za-z]+: /, '');

function gapsOf(checks: readonly CheckResult[], setup: AuditSetup | undefined): CoverageGap[] {
  const gaps = new Map<string, CoverageGap>();
  for (const c of checks) {
    if (c.status !== 'not-tested' && c.status !== 'error') continue;
    const reason = stripKey(c.reason ?? 'no reason recorded');
    const key = `${c.status}\u0000${reason}`;
    const gap = gaps.get(key) ?? { status: c.status, reason, checks: [] };
    const unlock = c.unlock ?? unlockFor(reason, setup);
    if (unlock && !gap.unlock) gap.unlock = unlock;
    gap.checks.push(c.id);
    gaps.set(key, gap);
  }
  return [...gaps.values()];
}

function countStatuses(checks: readonly CheckResult[]): Record<Status, number> {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const c of checks) counts[c.status]++;
  return counts;
}

/** Families whose evidence does not come from the audited app's origins. */
const OFF_TARGET_FAMILIES: readonly string[] = ['repository', 'secrets', 'monitoring', 'mail', 'DNS'];

const untested = (c: CheckResult): boolean => c.status === 'not-tested' || c.status === 'error';

/**
 * The checks that judge who may do what, and what each one proves. With
 * roles configured, a READY needs both judged: tenant isolation passing says
 * nothing about a viewer who may delete (critic trial: TinyOps with only its
 * URL was READY although no write was ever tried as the viewer).
 */
const AUTHORIZATION: Readonly<Record<string, string>> = {
  'function-level-authorization-missing': 'role limits (which role may call what)',
  'object-level-authorization-missing': 'tenant isolation by id',
};
/** What the authorization checks that ran could not judge (not-tested or error), in words; checks left out by --only are not counted. */
const authorizationUntested = (checks: readonly CheckResult[]): string[] =>
  checks.filter((c) => c.id in AUTHORIZATION && untested(c)).map((c) => AUTHORIZATION[c.id]!);

/**
 * Whether the verdict needs a family for this app. Access control: any app
 * with roles, or any app with a URL at all (an app people reach needs to
 * decide who may do what). The edge: any app with domains.
 */
function requiredFamilies(ctx: RunContext): Set<string> {
  const need = new Set<string>();
  const setup = ctx.setup;
  if ((setup?.roles.length ?? 0) > 0 || ctx.appUrl || ctx.apiUrl) need.add(ACCESS_FAMILY);
  if ((setup?.domains.length ?? 0) > 0) for (const f of EDGE_FAMILIES) need.add(f);
  // An app that calls a model, from the first customers on (issue 16).
  if ((setup?.ai?.configured || setup?.ai?.found) && ctx.profile !== 'prototype') need.add(AI_FAMILY);
  return need;
}

export interface BuiltCoverage {
  coverage: Coverage;
  /** Checks with reasons that repeat a target problem rewritten to point at the coverage block. */
  checks: CheckResult[];
}

export function buildCoverage(input: CoverageInput): BuiltCoverage {
  const { ctx } = input;
  const origins = targetOrigins(ctx);
  const observed: Observed[] = [...problemsFromLedger(input.ledger, origins, ctx.setup), ...(input.problems ?? []).map(({ repeats, ...p }) => ({ ...p, raw: repeats ?? [] }))];
  const toTarget = input.ledger.filter((e) => {
    const o = originOf(e.url);
    return o !== undefined && origins.has(o) && !(e.status === null && e.error?.startsWith('not sent'));
  });
  const targetReached = toTarget.length === 0 ? null : toTarget.some((e) => e.status !== null);

  // Said once at the top: a check whose reason repeats a target problem points
  // there; so does every target-facing check in error when the target never answered.
  const blocking = targetReached === false ? observed.find((o) => o.kind === 'tls-untrusted' || o.kind === 'unreachable') : undefined;
  const checks = input.checks.map((c) => {
    if (!untested(c) || !c.reason) return c;
    const p = observed.find((o) => o.raw.some((r) => c.reason!.includes(r))) ?? (c.status === 'error' && !OFF_TARGET_FAMILIES.includes(c.family) ? blocking : undefined);
    return p ? { ...c, reason: `${POINTER[p.kind] ?? 'target unreachable'}: ${p.origin ?? 'the target'} (see Coverage)`, ...(p.unlock ? { unlock: p.unlock } : {}) } : c;
  });

  const required = requiredFamilies(ctx);
  const families: CoverageFamily[] = [];
  const stages = [...new Set(checks.map((c) => c.stage))].sort((a, b) => a - b);
  for (const stage of stages) {
    const inStage = checks.filter((c) => c.stage === stage);
    for (const family of [...new Set(inStage.map((c) => c.family))]) {
      const fc = inStage.filter((c) => c.family === family);
      families.push({ stage, family, counts: countStatuses(fc), required: required.has(family), gaps: gapsOf(fc, ctx.setup) });
    }
  }

  const incompleteBecause: string[] = [];
  if (targetReached === false) incompleteBecause.push('the app could not be reached');
  for (const p of observed) if (p.kind === 'went-down') incompleteBecause.push(p.summary);
  const access = checks.filter((c) => c.family === ACCESS_FAMILY);
  if (required.has(ACCESS_FAMILY) && targetReached !== false && (access.length === 0 ? !input.partial : access.every(untested))) {
    // The API URL that serves the front end is why, and the one thing to fix: the verdict line says so.
    incompleteBecause.push(observed.some((o) => o.kind === 'api-serves-frontend') ? 'access control was not tested: the API URL serves the front end' : 'access control was not tested');
  } else if (required.has(ACCESS_FAMILY) && targetReached !== false && (ctx.setup?.roles.length ?? 0) > 0 && authorizationUntested(checks).length > 0) {
    // With roles configured, token and cookie checks passing say nothing about who may do what.
    incompleteBecause.push(`access control was not fully tested: roles are configured, but ${authorizationUntested(checks).join(' and ')} could not be judged`);
  }
  const edge = checks.filter((c) => EDGE_FAMILIES.includes(c.family));
  if (EDGE_FAMILIES.some((f) => required.has(f)) && edge.length > 0 && edge.every(untested)) {
    incompleteBecause.push('the edge (DNS, TLS, HTTPS) was not tested');
  }

  // AI features the scan found with no ai: section to red-team them (issue 16); or a red team that judged nothing.
  const ai = ctx.setup?.ai;
  if (required.has(AI_FAMILY) && ai?.found && !ai.configured) incompleteBecause.push(`AI features found in ${ai.found} were not tested`);
  const aiChecks = checks.filter((c) => c.family === AI_FAMILY);
  if (required.has(AI_FAMILY) && ai?.configured && targetReached !== false && aiChecks.length > 0 && aiChecks.every(untested)) {
    incompleteBecause.push('the AI assistant was not tested');
  }

  const targetProblems: TargetProblem[] = observed.map(({ raw: _raw, ...p }) => p);
  return { coverage: { targetReached, incompleteBecause, targetProblems, families, ...(ctx.operations ? { operations: ctx.operations } : {}) }, checks };
}
