// The access-control and abuse probes (stages 2 and 6), in one pass over the
// API with every configured role. Order matters: reads and tenant probes
// first, then writes on throwaway objects, then account flows that touch
// sessions and passwords, and rate-limit bursts last (they may block this
// machine's logins for a while). Objects the probes create are deleted at the
// end. Never throws: a phase that crashes becomes a note and a skipped family.
import type { LaunchConfig } from '../../../config/schema.js';
import type { ProbeClient, RawResult } from '../../../probe/client.js';
import { RoleCaller } from '../../../probe/role-caller.js';
import type { IdStore } from './ids.js';
import type { Sessions } from '../../../probe/sessions.js';
import type { Redactor } from '../../../secrets/redactor.js';
import type { AccessProbeSet, AccessRole, AttackFamily } from '../../access-types.js';
import type { ApiSpec, Gathered } from '../../types.js';
import { decidingRule } from '../../../config/policy.js';
import { fromOpenApi } from '../../../target/from-openapi.js';
import { buildTarget, type TargetModel } from '../../../target/model.js';
import { isPlatformRole, roleTenant, tenantMode } from '../../../target/roles.js';
import { failed, notTested, ok } from '../../types.js';
import { invites, resetToken, sessionAfterLogout, sessionAfterPasswordChange, settleProbeAccounts, userEnumeration } from './account-flows.js';
import { AccessContext, type RoleRef } from './context.js';
import { cors } from './cors.js';
import { cleanUp, discover, probeUser } from './discovery.js';
import { markRouteAnswers } from './collection-writes.js';
import { functionLevel } from './function-level.js';
import { weakJwtKeys } from './jwt-keys.js';
import { keyCandidates, type KeyCandidate } from './key-candidates.js';
import { massAssignment } from './mass-assignment.js';
import { methodOverride, undocumentedMethods } from './methods.js';
import { objectLevel } from './object-level.js';
import { weakPasswords } from './password-rules.js';
import { rateLimits } from './rate-limits.js';
import { signupProbe } from './signup.js';
import { sessionAfterDisable, sessionCookies } from './session-flows.js';
import { ExpiredTokenProbe, malformedTokens } from './tokens.js';
import { validation } from './validation.js';

export interface AccessGatherInput {
  client: ProbeClient;
  sessions: Sessions;
  config: LaunchConfig;
  apiUrl: string | undefined;
  /** The target model every probe reads; built from `openapi` when not given. */
  target?: Gathered<TargetModel>;
  /** @deprecated pass `target`; kept for callers that only have the document. */
  openapi?: Gathered<ApiSpec>;
  redactor?: Redactor;
  /** Leave out families (tests and benchmarks that need only some). */
  only?: readonly AttackFamily[];
  /** Candidate JWT signing keys, raw and in memory only (default: common keys and the app's name; the audit adds the repository's secrets). */
  signingKeys?: () => Promise<KeyCandidate[]>;
  /**
   * Runs after the object probes and before the rate-limit bursts (which may
   * lock this machine's logins out), with every role still signed in and each
   * tenant's ids harvested: the AI red team.
   */
  beforeBursts?: (harvest: { ids: IdStore; caller: RoleCaller }) => Promise<void>;
}

export async function gatherAccess(input: AccessGatherInput): Promise<Gathered<AccessProbeSet>> {
  try {
    return await run(input);
  } catch (err) {
    return failed(`access probes crashed: ${(err as Error).message}`);
  }
}

async function run(input: AccessGatherInput): Promise<Gathered<AccessProbeSet>> {
  const { client, sessions, config, apiUrl } = input;
  const target = input.target ?? buildTarget(config, [fromOpenApi(input.openapi ?? notTested('no api.openapi document configured'))]);
  if (target.state !== 'ok') return target.state === 'error' ? failed(target.reason) : notTested(target.reason);
  const model = target.value;
  if (!apiUrl) return failed('the target environment has no apiUrl or appUrl');
  const names = Object.keys(config.auth.roles);
  if (names.length === 0) return notTested('no roles configured under auth.roles: access probes need at least one signed-in role');

  const started = Date.now();
  const roles: AccessRole[] = [];
  for (const name of names) {
    const s = await sessions.get(name);
    roles.push({ name, tenant: roleTenant(config, name), renewals: 0, ...(s.ok ? {} : { loginError: s.reason }) });
  }
  const signedIn: RoleRef[] = roles
    .filter((r) => !r.loginError)
    .map((r) => ({ name: r.name, tenant: r.tenant, ...(isPlatformRole(config, r.name) ? { platform: true } : {}) }));
  if (signedIn.length === 0) return failed(`no role could sign in: ${roles.map((r) => r.loginError).join('; ')}`);
  // The tenant most roles are in: the function-level matrix is judged there, and the others attack it. A platform admin has none.
  const tally = new Map<string, number>();
  for (const r of roles) if (!isPlatformRole(config, r.name)) tally.set(r.tenant, (tally.get(r.tenant) ?? 0) + 1);
  const homeTenant = [...tally.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];

  const flows = config.auth.flows;
  const caller = new RoleCaller(client, sessions, flows.concurrency);
  const cx = new AccessContext(caller, apiUrl, model, signedIn, config, homeTenant, input.redactor);
  const want = (f: AttackFamily) => !input.only || input.only.includes(f);
  const phase = async (families: AttackFamily[], fn: () => Promise<void>) => {
    if (!families.some(want)) return;
    try {
      await fn();
    } catch (err) {
      const reason = `probe crashed: ${(err as Error).message}`;
      cx.notes.push(`${families.join(', ')}: ${reason}`);
      for (const f of families) cx.skipFamily(f, reason);
    }
  };

  const expired = new ExpiredTokenProbe();
  await phase(['expired-token'], () => expired.open(cx));
  await discover(cx);
  await phase(['function-level'], () => probeUser(cx));
  await phase(['malformed-token'], () => malformedTokens(cx));
  await phase(['weak-jwt-key'], () => weakJwtKeys(cx, input.signingKeys ?? (() => keyCandidates(config.project.name))));
  await phase(['function-level'], async () => {
    await functionLevel(cx);
    markRouteAnswers(cx);
  });
  await phase(['object-level'], () => objectLevel(cx));
  await phase(['validation'], () => validation(cx));
  await phase(['undocumented-method'], () => undocumentedMethods(cx));
  await phase(['method-override'], () => methodOverride(cx));
  await phase(['cors'], () => cors(cx));
  await phase(['mass-assignment'], () => massAssignment(cx));
  await phase(['mass-assignment'], () => signupProbe(cx));
  await phase(['user-enumeration'], () => userEnumeration(cx));
  await phase(['reset-token-exposed', 'reset-token-reuse'], () => resetToken(cx));
  await phase(['revoked-invite', 'invite-tampering'], () => invites(cx));
  await phase(['weak-password'], () => weakPasswords(cx));
  await phase(['session-after-logout'], () => sessionAfterLogout(cx));
  await phase(['session-after-password-change'], () => sessionAfterPasswordChange(cx));
  // The disable probe's invite-accept answer carries a session cookie too: judged with the logins'.
  let accepted: RawResult | undefined;
  await phase(['session-after-disable'], async () => {
    accepted = await sessionAfterDisable(cx);
  });
  await phase(['session-cookie'], () => sessionCookies(cx, accepted));
  if (input.beforeBursts) {
    try {
      await input.beforeBursts({ ids: cx.ids, caller });
    } catch (err) {
      cx.notes.push(`the probes run before the bursts crashed: ${(err as Error).message}`);
    }
  }
  await phase(['rate-limit', 'rate-limit-bypass'], () => rateLimits(cx));
  await phase(['expired-token'], () => expired.replay(cx, started + config.network.maxSeconds * 1000 - 5_000));
  try {
    await settleProbeAccounts(cx);
    await cleanUp(cx);
  } catch (err) {
    cx.notes.push(`cleanup crashed: ${(err as Error).message}; objects marked ${'launchready-probe'} may remain`);
  }

  for (const r of roles) r.renewals = caller.renewals.get(r.name) ?? 0;
  const renewed = roles.filter((r) => r.renewals > 0);
  if (renewed.length) cx.notes.push(`sessions renewed mid-run after a 401: ${renewed.map((r) => `${r.name} ×${r.renewals}`).join(', ')}`);
  // (gatherAll already notes operations whose audience was inferred from the spec.)

  return ok({
    roles,
    rules: model.operations.map((o) => ({
      operation: `${o.method} ${o.path}`,
      allow: o.allowedRoles ?? [],
      from: o.expectationFrom,
      publicInSpec: o.publicInSpec,
      ...(policyDescription(config, o, model.basePath) ? { description: policyDescription(config, o, model.basePath) } : {}),
    })),
    trials: cx.trials,
    skipped: cx.skipped,
    settings: { allowWrites: cx.writes, concurrency: flows.concurrency, burst: flows.rateLimitBurst, ...(homeTenant ? { homeTenant } : {}), tenantBy: tenantMode(config) },
    operationSources: model.sources,
    cleanup: cx.cleanup,
    notes: cx.notes,
    ...(cx.passwordsNotRestored.length ? { passwordsNotRestored: cx.passwordsNotRestored } : {}),
  });
}

function policyDescription(config: LaunchConfig, op: { method: string; path: string; operationId?: string }, basePath: string): string | undefined {
  return decidingRule(config.policy, op, basePath)?.description;
}
