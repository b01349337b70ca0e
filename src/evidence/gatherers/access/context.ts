// Shared state of one access-probe run: who can call, what ids each tenant
// owns, the trials recorded so far and the objects to delete at the end.
import type { LaunchConfig } from '../../../config/schema.js';
import type { RoleCaller } from '../../../probe/role-caller.js';
import type { Redactor } from '../../../secrets/redactor.js';
import type { AccessProbeSet, AttackFamily, FactValue, Trial, TrialStep } from '../../access-types.js';
import type { ApiOperation, HttpExchange } from '../../types.js';
import type { TargetModel } from '../../../target/model.js';
import type { ListRead } from './missing.js';
import { tenantMode, type TenantBy } from '../../../target/roles.js';
import { apiUrlFor, withoutBase } from '../../../target/url.js';
import { IdStore } from './ids.js';
import { targetDownReason, unanswered } from '../../unanswered.js';
import { originOf } from '../../../probe/client.js';

export interface RoleRef {
  name: string;
  tenant: string;
  /** A platform admin of no tenant (tenant: null): never a victim or attacker of tenant isolation. */
  platform?: boolean;
}

export class AccessContext {
  readonly ids: IdStore;
  readonly ops: ApiOperation[];
  /** Whether a tenant of several roles owns objects, or each user alone. */
  readonly tenantBy: TenantBy;
  readonly trials: Trial[] = [];
  readonly skipped: AccessProbeSet['skipped'] = [];
  readonly notes: string[] = [];
  /** URLs (and the role that may delete them) of objects the probes created. */
  readonly created: { url: string; role: string }[] = [];
  readonly cleanup: AccessProbeSet['cleanup'] = [];
  /** Configured users whose password a probe changed and could not put back (see AccessProbeSet). */
  readonly passwordsNotRestored: NonNullable<AccessProbeSet['passwordsNotRestored']> = [];
  /** Throwaway objects of collections the API cannot create through a POST (e.g. the probe's own invited user). */
  readonly spare = new Map<string, { id: string; tenant: string }>();
  /** The lists discovery read, by operation path: so a reason says which reads were made (missing.ts). */
  readonly listReads = new Map<string, ListRead[]>();
  /** Lookups over the spec's operations, computed once per run: probes ask them per trial, and the list does not change. */
  private readonly lookups = new Map<string, unknown>();

  constructor(
    readonly caller: RoleCaller,
    readonly apiUrl: string,
    /** The target model: operations, base path, collections. */
    readonly target: TargetModel,
    /** Roles that signed in. */
    readonly roles: RoleRef[],
    readonly config: LaunchConfig,
    readonly homeTenant: string | undefined,
    /** Tokens the probes obtain (reset, invite, sessions) are registered here so they are masked. */
    readonly redactor?: Redactor,
  ) {
    this.ops = target.operations;
    this.tenantBy = tenantMode(config);
    this.ids = new IdStore(target.collections, target.basePath);
    // Ids each role really used in its recording (issue 12): known before discovery, for routes no list leads to.
    for (const s of target.seeds) {
      const r = roles.find((x) => x.name === s.role);
      if (r) this.ids.add(s.collection, { id: s.value, tenant: r.tenant, seenBy: r.name, item: s.item ?? {} });
    }
  }

  get writes(): boolean {
    return this.caller.canWrite(this.apiUrl);
  }

  /** The URL of an operation path or a configured endpoint path: apiUrlFor, the one join every request uses. */
  url(path: string): string {
    return apiUrlFor(this.apiUrl, this.target.basePath, path);
  }

  role(name: string): RoleRef | undefined {
    return this.roles.find((r) => r.name === name);
  }

  tenantOf(role: string): string | undefined {
    return this.role(role)?.tenant;
  }

  /** The operation at METHOD path; a configured path may leave out the base path. */
  op(method: string, path: string): ApiOperation | undefined {
    const want = trimSlash(path);
    return this.memo(`op ${method} ${path}`, () =>
      this.ops.find((o) => o.method === method && trimSlash(o.path) === want) ?? this.ops.find((o) => o.method === method && trimSlash(withoutBase(o.path, this.target.basePath)) === want),
    );
  }

  /** Whether an operation is the configured endpoint "METHOD /path" (written with or without the base path). */
  isEndpoint(op: { method: string; path: string }, endpoint: string | undefined): boolean {
    const m = /^\s*([A-Za-z]+)\s+(\S+)\s*$/.exec(endpoint ?? '');
    if (!m || (m[1] ?? '').toUpperCase() !== op.method.toUpperCase()) return false;
    const p = (m[2] ?? '').replace(/\/+$/, '');
    const own = op.path.replace(/\/+$/, '');
    return own === p || withoutBase(own, this.target.basePath) === p;
  }

  /** compute() once per key for the run (keys name the lookup and its arguments). */
  memo<T>(key: string, compute: () => T): T {
    if (this.lookups.has(key)) return this.lookups.get(key) as T;
    const v = compute();
    this.lookups.set(key, v);
    return v;
  }

  allowed(op: ApiOperation): RoleRef[] {
    return this.roles.filter((r) => (op.allowedRoles ?? []).includes(r.name));
  }

  record(
    family: AttackFamily,
    variant: string,
    target: string,
    attacker: string,
    steps: [string, HttpExchange | undefined][],
    facts: Record<string, FactValue>,
    victim?: string,
  ): Trial {
    const t: Trial = {
      family,
      variant,
      target,
      attacker,
      ...(victim ? { victim } : {}),
      steps: steps.filter((s): s is [string, HttpExchange] => s[1] !== undefined).map(([label, exchange]): TrialStep => ({ label, exchange })),
      facts,
    };
    // A request that met a dead target or an empty budget proves nothing: the trial is not judged.
    const lost = t.steps.map((s) => unanswered(s.exchange)).find((u) => u !== undefined && u.kind !== 'network');
    if (lost && lost.kind !== 'network') {
      t.unjudged = { kind: lost.kind, reason: lost.reason };
      // Kept only as a count: its requests (bodies of thousands of operations the budget never reached)
      // would make memory grow with the document rather than with the budget.
      if (lost.kind !== 'target-down') {
        t.steps = [];
        t.facts = {};
      }
    }
    this.trials.push(t);
    return t;
  }

  skip(family: AttackFamily, variant: string, target: string, reason: string): void {
    this.trials.push({ family, variant, target, attacker: '-', steps: [], facts: {}, skipped: reason });
  }

  /**
   * A trial not run for want of data the target should have given (an id
   * from its lists). Once the API's origin is dead for the run, the data is
   * missing because the dead target never answered the reads that harvest
   * it: the trial is lost to the target, not skipped, so its check is error
   * with where the target went away, never not-tested for a reason that
   * blames the app's data. (Skips for configuration reasons stay skips.)
   */
  skipForWantOf(family: AttackFamily, variant: string, target: string, reason: string): void {
    const dead = this.caller.client.liveness.deadMark(originOf(this.apiUrl));
    if (!dead) return this.skip(family, variant, target, reason);
    this.trials.push({ family, variant, target, attacker: '-', steps: [], facts: {}, unjudged: { kind: 'target-down', reason: targetDownReason(dead) } });
  }

  skipFamily(family: AttackFamily, reason: string): void {
    this.skipped.push({ family, reason });
  }
}

const trimSlash = (p: string) => p.replace(/\/+$/, '') || '/';

export const status = (ex: HttpExchange | undefined): number | null => ex?.response?.status ?? null;
export const ok2xx = (ex: HttpExchange | undefined): boolean => {
  const s = ex?.response?.status;
  return s !== undefined && s >= 200 && s < 300;
};

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const opName = (op: { method: string; path: string }) => `${op.method} ${op.path}`;

export const JSON_HEADERS = { 'content-type': 'application/json' };

/** "METHOD /path" from the config's flows block. */
export function parseEndpoint(s: string | undefined): { method: string; path: string } | undefined {
  const m = /^\s*([A-Za-z]+)\s+(\S+)\s*$/.exec(s ?? '');
  return m ? { method: (m[1] ?? '').toUpperCase(), path: m[2] ?? '' } : undefined;
}

export function readField(json: unknown, path: string): unknown {
  let cur: unknown = json;
  for (const part of path.split('.')) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[part] : undefined;
  return cur;
}
