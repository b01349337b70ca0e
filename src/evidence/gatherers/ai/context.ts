// Shared state of one red-team run: who may call which endpoint, the
// canaries made so far (every one registered with the redactor and the
// masker before it is sent), and the results. Each family's runner records
// through here, so every stored excerpt goes through one masker.
import type { AiConfig } from '../../../config/ai-schema.js';
import type { RoleCaller } from '../../../probe/role-caller.js';
import type { Redactor } from '../../../secrets/redactor.js';
import type { TrialStep } from '../../access-types.js';
import type { AiCaseResult, AiFamily, AiSample } from '../../ai-types.js';
import type { ApiOperation, HttpExchange } from '../../types.js';
import { canaryForms, newCanary, type Canary } from './canary.js';
import type { AiAnswer, AiEndpoint } from './caller.js';
import type { ReplyMasker } from './mask.js';
import type { Objects } from './objects.js';
import type { PromptOverlap } from './overlap.js';
import type { TenantRecords } from './records.js';
import { excerptAround } from './text.js';

export interface RoleInfo {
  name: string;
  tenant: string;
  /** Operations the policy allows it: fewer means less privileged. */
  allowedOps: number;
}

export class RedTeam {
  readonly cases: AiCaseResult[] = [];
  readonly notes: string[] = [];
  private readonly canaries: string[] = [];

  constructor(
    readonly cfg: AiConfig,
    readonly caller: RoleCaller,
    readonly redactor: Redactor,
    readonly masker: ReplyMasker,
    readonly roles: RoleInfo[],
    readonly ops: readonly ApiOperation[],
    readonly objects: Objects,
    readonly records: TenantRecords,
    readonly writes: boolean,
    readonly ownOrigins: string[],
    readonly knownSecrets: ReadonlyMap<string, string>,
    readonly systemPrompt: { canary?: string; overlap?: PromptOverlap; file?: string },
    readonly burst: number,
  ) {}

  /** Every canary form made so far (the masker reads it on each call). */
  allCanaries(): readonly string[] {
    return this.canaries;
  }

  /** A fresh canary, registered for masking before it can be sent anywhere. */
  canary(): Canary {
    const c = newCanary();
    for (const f of canaryForms(c)) {
      this.canaries.push(f);
      this.redactor.add(f);
    }
    return c;
  }

  tenantOf(role: string): string | undefined {
    return this.roles.find((r) => r.name === role)?.tenant;
  }

  /** The least privileged role of `candidates`, in the tenant most roles share when possible. */
  leastPrivileged(candidates: readonly string[]): string | undefined {
    const tally = new Map<string, number>();
    for (const r of this.roles) tally.set(r.tenant, (tally.get(r.tenant) ?? 0) + 1);
    const ranked = this.roles
      .filter((r) => candidates.includes(r.name))
      .sort((a, b) => (tally.get(b.tenant) ?? 0) - (tally.get(a.tenant) ?? 0) || a.allowedOps - b.allowedOps);
    return ranked[0]?.name;
  }

  mostPrivileged(candidates: readonly string[], tenant: string | undefined): string | undefined {
    return this.roles.filter((r) => candidates.includes(r.name) && (!tenant || r.tenant === tenant)).sort((a, b) => b.allowedOps - a.allowedOps)[0]?.name;
  }

  /** A sample from an answer and a verdict; the reply is masked and cut around where the judge looked. */
  sample(ans: AiAnswer, outcome: AiSample['outcome'], judgedBy: string, focus?: string): AiSample {
    const reply = ans.reply !== undefined ? this.excerpt(ans.reply, focus) : undefined;
    return {
      outcome: ans.reply === undefined && outcome !== 'followed' ? 'inconclusive' : outcome,
      judgedBy: ans.reply === undefined && outcome !== 'followed' ? (ans.problem ?? judgedBy) : judgedBy,
      ...(reply !== undefined ? { reply } : {}),
      status: ans.status,
      ...(ans.exchange.error ? { error: ans.exchange.error } : {}),
    };
  }

  excerpt(text: string, focus?: string): string {
    const masked = this.masker.mask(text);
    const at = focus ? Math.max(0, masked.indexOf(focus)) : 0;
    return excerptAround(masked, at, 300);
  }

  /** The exchange with request and response bodies masked (the client's copy is scrubbed only by the redactor). */
  step(label: string, ans: AiAnswer | undefined, requestNote?: string): TrialStep | undefined {
    if (!ans) return undefined;
    const ex: HttpExchange = structuredClone(ans.exchange);
    if (ex.request.body !== undefined) {
      ex.request.body = requestNote ?? excerptAround(this.masker.mask(ex.request.body), 0, 1_000);
    }
    if (ex.response) ex.response.body = excerptAround(this.masker.mask(ans.raw.slice(0, 4_000)), 0, 1_500);
    return { label, exchange: ex };
  }

  record(r: Omit<AiCaseResult, 'steps' | 'facts'> & { steps?: (TrialStep | undefined)[]; facts?: AiCaseResult['facts'] }): void {
    this.cases.push({ ...r, steps: (r.steps ?? []).filter((s): s is TrialStep => s !== undefined), facts: r.facts ?? {} });
  }

  skip(ep: AiEndpoint, id: string, family: AiFamily, title: string, reason: string, attacker = '-'): void {
    this.record({ id, family, title, endpoint: ep.name, operation: `${ep.method} ${ep.path}`, attacker, samples: [], skipped: reason });
  }
}
