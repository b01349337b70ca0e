// The AI red team (stage 6, issue 16): deterministic prompt-injection cases
// against every configured assistant endpoint, as the configured roles, with
// the access probes' harvest of each tenant's real identifiers. Runs inside
// the access probes, after their object probes and before their rate-limit
// bursts (which may lock this machine's logins out), so every role is still
// signed in. Never throws: a crash is an error value.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { allowedRoles } from '../../../config/policy.js';
import type { LaunchConfig } from '../../../config/schema.js';
import type { RoleCaller } from '../../../probe/role-caller.js';
import type { Sessions } from '../../../probe/sessions.js';
import { SecretEngine } from '../../../secrets/engine.js';
import type { Redactor } from '../../../secrets/redactor.js';
import type { AiProbeSet } from '../../ai-types.js';
import type { Gathered } from '../../types.js';
import type { TargetModel } from '../../../target/model.js';
import { roleTenant } from '../../../target/roles.js';
import { failed, notTested, ok } from '../../types.js';
import { endpointFrom, type AiEndpoint } from './caller.js';
import { burstCase, largePromptCase } from './consumption.js';
import { RedTeam, type RoleInfo } from './context.js';
import { ReplyMasker } from './mask.js';
import { Objects } from './objects.js';
import { PromptOverlap } from './overlap.js';
import { promptCases } from './prompt-cases.js';
import { NO_RECORDS, type TenantRecords } from './records.js';
import { otherTenantRecords, otherUserConversation, secrets } from './sensitive.js';
import { agencyCases, indirectCases } from './write-cases.js';

/** Words in a row shared with the system prompt that are masked in stored replies (judging needs ai.overlapWords). */
const MASK_WORDS = 5;

export interface AiGatherInput {
  config: LaunchConfig;
  /** Folder the config's relative paths start from. */
  baseDir: string;
  caller: RoleCaller;
  sessions: Sessions;
  apiUrl: string | undefined;
  /** The target model (operations with who may call them); write cases need it. */
  target: Gathered<TargetModel>;
  redactor: Redactor;
  /** Each tenant's objects, harvested by the access probes. */
  records?: TenantRecords;
  /** Fingerprint → where the repository scan or an env file holds that secret. */
  knownSecrets?: ReadonlyMap<string, string>;
}

/** The evidence of an app with no AI features found and no ai: section: every AI check is not applicable. */
export function absentAi(): AiProbeSet {
  return {
    endpoints: [],
    cases: [],
    settings: { samples: 0, overlapWords: 0, burst: 0, allowWrites: false, systemPrompt: { canary: false } },
    cleanup: [],
    notes: ['no AI SDK import, model API key or AI-looking operation was found, and the config has no ai: section'],
  };
}

export async function gatherAi(input: AiGatherInput): Promise<Gathered<AiProbeSet>> {
  try {
    return await run(input);
  } catch (err) {
    return failed(`AI red team crashed: ${(err as Error).message}`);
  }
}

async function run(input: AiGatherInput): Promise<Gathered<AiProbeSet>> {
  const { config, caller, redactor } = input;
  const cfg = config.ai;
  if (!cfg) return notTested('no ai: section in the config, so no assistant endpoint was probed');
  if (!input.apiUrl) return failed('the target environment has no apiUrl or appUrl');
  const apiUrl = input.apiUrl;
  const ops = input.target.state === 'ok' ? input.target.value.operations : [];
  const basePath = input.target.state === 'ok' ? input.target.value.basePath : '';
  const notes: string[] = [];

  const roles: RoleInfo[] = [];
  const loginErrors: string[] = [];
  for (const name of Object.keys(config.auth.roles)) {
    const s = await input.sessions.get(name);
    if (!s.ok) loginErrors.push(s.reason);
    else roles.push({ name, tenant: roleTenant(config, name), allowedOps: ops.filter((o) => (o.allowedRoles ?? []).includes(name)).length });
  }
  if (roles.length === 0) return failed(`no role could sign in${loginErrors.length ? `: ${loginErrors.join('; ')}` : ' (auth.roles is empty)'}`);
  if (loginErrors.length) notes.push(`roles that could not sign in are left out of the red team: ${loginErrors.join('; ')}`);

  const endpoints: AiEndpoint[] = cfg.endpoints.map((e) => {
    const [method = 'POST', p = '/'] = e.operation.trim().split(/\s+/);
    const allowed = e.roles ?? allowedRoles(config.policy, { method: method.toUpperCase(), path: p }, basePath) ?? roles.map((r) => r.name);
    return endpointFrom(e, apiUrl, allowed.filter((r) => roles.some((x) => x.name === r)));
  });

  // The system prompt: its file (judged by overlap) and its canary; both masked wherever they show up.
  const systemPrompt: { canary?: string; overlap?: PromptOverlap; file?: string } = {};
  let maskOverlap: PromptOverlap | undefined;
  if (cfg.systemPromptCanary) {
    systemPrompt.canary = cfg.systemPromptCanary;
    redactor.add(cfg.systemPromptCanary);
  }
  if (cfg.systemPromptFile) {
    const file = path.resolve(input.baseDir, config.repo.path, cfg.systemPromptFile);
    const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      notes.push(`ai.systemPromptFile ${cfg.systemPromptFile} could not be read (${err.code ?? err.message}); leaks are judged by the canary only`);
      return undefined;
    });
    if (text !== undefined) {
      systemPrompt.file = cfg.systemPromptFile;
      systemPrompt.overlap = new PromptOverlap(text, cfg.overlapWords);
      // Masking reaches further than judging: a shorter run of the prompt's words is still its text.
      maskOverlap = new PromptOverlap(text, Math.min(MASK_WORDS, cfg.overlapWords));
      // Each line, and the parts of a line around the canary (masked first, so the rest must match on its own).
      const pieces = text.split(/\r?\n/).flatMap((l) => (cfg.systemPromptCanary ? l.split(cfg.systemPromptCanary) : [l]));
      for (const piece of pieces) if (piece.trim().length >= 20) redactor.add(piece.trim());
    }
  }

  const engine = new SecretEngine();
  const knownSecrets = input.knownSecrets ?? new Map<string, string>();
  const tenants = new Map(roles.map((r) => [r.name, r.tenant]));
  const writes = caller.canWrite(apiUrl);
  const objects = new Objects({ caller, apiUrl, ops, tenants });
  const masker: ReplyMasker = new ReplyMasker({
    // The red team is made next; the masker is only called once it runs.
    canaries: (): readonly string[] => rt.allCanaries(),
    systemPromptCanary: systemPrompt.canary,
    overlap: maskOverlap,
    engine,
    knownSecrets,
    onSecret: (s) => redactor.add(s),
  });
  const origins = [apiUrl, ...Object.values(config.environments).flatMap((e) => [e.appUrl, e.apiUrl])].filter((u): u is string => Boolean(u)).map((u) => new URL(u).origin);
  const burst = cfg.rateLimitBurst ?? config.auth.flows.rateLimitBurst;
  const rt: RedTeam = new RedTeam(cfg, caller, redactor, masker, roles, ops, objects, input.records ?? NO_RECORDS, writes, [...new Set(origins)], knownSecrets, systemPrompt, burst);

  const attackers = new Map<string, string>();
  for (const ep of endpoints) {
    const attacker = rt.leastPrivileged(ep.roles);
    if (!attacker) {
      notes.push(`${ep.name}: no signed-in role may use it (ai.endpoints[].roles or the policy), so it was not probed`);
      continue;
    }
    attackers.set(ep.name, attacker);
    await promptCases(rt, ep, attacker);
    await otherTenantRecords(rt, ep, attacker);
    await otherUserConversation(rt, ep, attacker);
    await secrets(rt, ep, attacker, engine);
    await agencyCases(rt, ep);
    await indirectCases(rt, ep);
    await largePromptCase(rt, ep, attacker);
  }
  try {
    await objects.cleanUp();
  } finally {
    if (objects.kept.length) notes.push(`objects the AI red team created that the API cannot delete (remove them by hand): ${objects.kept.join(', ')}`);
  }
  // Bursts last: a limit they meet may hold for the rest of the window.
  for (const ep of endpoints) {
    const attacker = attackers.get(ep.name);
    if (attacker) await burstCase(rt, ep, attacker);
  }
  if (!writes) notes.push('the AI red team ran its prompt-only cases; agency, indirect injection and consumption need allowWrites: true');

  return ok({
    endpoints: endpoints.map((e) => ({ name: e.name, operation: `${e.method} ${e.path}`, reply: e.reply.format + (e.reply.path ? `:${e.reply.path}` : ''), roles: e.roles })),
    cases: rt.cases,
    settings: { samples: cfg.samples, overlapWords: cfg.overlapWords, burst, allowWrites: writes, systemPrompt: { ...(systemPrompt.file ? { file: systemPrompt.file } : {}), canary: Boolean(systemPrompt.canary) } },
    cleanup: objects.cleanup,
    notes: [...notes, ...rt.notes],
  });
}
