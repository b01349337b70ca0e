// The access-control deliverables: "auth rules in plain English" (each rule
// verified, violated or untested) and the red-team checklist (each attack
// tried: pass, fail or not tested). Derived once, here, from the check results
// and the access evidence; renderers only print them.
import type { AccessProbeSet, Trial } from '../evidence/access-types.js';
import type { Gathered } from '../evidence/types.js';
import { functionLevelVerdict } from '../checks/access/function-level-authorization-missing.js';
import type { Evidence } from '../evidence/types.js';
import { buildReleaseChecklist } from './checklist.js';
import { buildHandover } from './handover.js';
import type { AuthRuleStatement, CheckResult, Deliverables, Fix, RedTeamItem, Report } from './model.js';
import { buildSources } from './sources.js';
import type { AiProbeSet } from '../evidence/ai-types.js';
import { aiRedTeamRows } from './ai-red-team.js';

/** The attacks of the checklist, in the order a red-teamer would try them, by check id. */
export const RED_TEAM: readonly { checkId: string; attack: string }[] = [
  { checkId: 'unauthenticated-access', attack: 'Call protected operations without credentials' },
  { checkId: 'malformed-token-accepted', attack: 'Forge a token (garbage, tampered, truncated, JWT alg:none)' },
  { checkId: 'jwt-signing-key-guessable', attack: "Sign a JWT with a guessable key (common defaults, the app's name, secrets in the repository)" },
  { checkId: 'expired-session-accepted', attack: 'Replay a session after its lifetime' },
  { checkId: 'session-valid-after-logout', attack: 'Replay a session after logout' },
  { checkId: 'session-valid-after-password-change', attack: 'Replay a session after a password change' },
  { checkId: 'session-valid-after-disable', attack: "Replay a disabled user's open session" },
  { checkId: 'session-cookie-insecure', attack: 'Steal or ride the session cookie (no Secure, HttpOnly or SameSite on login and invite accept)' },
  { checkId: 'function-level-authorization-missing', attack: 'Call operations reserved for higher roles (admin routes included)' },
  { checkId: 'object-level-authorization-missing', attack: 'Read, change and delete another tenant\'s objects by id (tampered, neighbouring and body ids)' },
  { checkId: 'mass-assignment-accepted', attack: 'Set role, isAdmin, tenant, owner, amount, status or approved in a write' },
  { checkId: 'request-validation-missing', attack: 'Send malformed payloads (wrong types, missing fields, oversize, invalid JSON, wrong content type, huge body)' },
  { checkId: 'rate-limit-missing', attack: 'Burst login, password reset, signup/invite and contact' },
  { checkId: 'rate-limit-bypassable', attack: 'Bypass rate limits (X-Forwarded-For, X-Real-IP, username case, path variants)' },
  { checkId: 'user-enumeration-possible', attack: 'Tell existing accounts apart on login and reset' },
  { checkId: 'reset-token-exposed', attack: 'Read the reset token from the reset response' },
  { checkId: 'reset-token-reusable', attack: 'Use a reset token twice' },
  { checkId: 'revoked-invite-accepted', attack: 'Accept a revoked invite, and a used one a second time' },
  { checkId: 'invite-terms-changeable', attack: 'Change an invite\'s role or tenant when accepting it' },
  { checkId: 'weak-password-accepted', attack: 'Set a trivially short password (invite acceptance, password reset, password change)' },
  { checkId: 'cors-reflects-any-origin', attack: 'Read the API from another website (arbitrary and null Origin)' },
  { checkId: 'undocumented-method-answered', attack: 'Call methods the API document does not list' },
  { checkId: 'method-override-honoured', attack: 'Turn a POST or GET into a DELETE with a method-override header' },
  { checkId: 'error-response-leaks-internals', attack: 'Make errors leak stack traces, SQL, paths or banners' },
];

export function buildDeliverables(
  checks: readonly CheckResult[],
  access: Gathered<AccessProbeSet> | undefined,
  ai?: Gathered<AiProbeSet>,
): Deliverables | undefined {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const aiRows = aiRedTeamRows(ai);
  if (!RED_TEAM.some((r) => byId.has(r.checkId) && r.checkId !== 'error-response-leaks-internals') && aiRows.length === 0) return undefined;
  const set = access?.state === 'ok' ? access.value : undefined;
  const redTeam: RedTeamItem[] = RED_TEAM.filter((r) => byId.has(r.checkId)).map((r) => {
    const c = byId.get(r.checkId)!;
    const status = c.status === 'fail' || c.status === 'warn' ? 'fail' : c.status === 'pass' ? 'pass' : 'not-tested';
    const variants = set ? [...new Set(set.trials.filter((t) => !t.skipped && familyOf(r.checkId).includes(t.family)).map((t) => t.variant))] : [];
    const detail =
      status === 'fail'
        ? `${c.findings.length} finding${c.findings.length === 1 ? '' : 's'}: ${c.findings.map((f) => f.title).slice(0, 3).join('; ')}`
        : status === 'pass'
          ? [c.reason, variants.length ? `tried: ${variants.join(', ')}` : ''].filter(Boolean).join('; ')
          : (c.reason ?? c.status);
    return { attack: r.attack, checkId: r.checkId, status, detail };
  });
  return { authRules: set ? authRules(set, checks) : [], redTeam: [...redTeam, ...aiRows] };
}

function familyOf(checkId: string): string[] {
  const map: Record<string, string[]> = {
    'malformed-token-accepted': ['malformed-token'],
    'jwt-signing-key-guessable': ['weak-jwt-key'],
    'expired-session-accepted': ['expired-token'],
    'session-valid-after-logout': ['session-after-logout'],
    'session-valid-after-password-change': ['session-after-password-change'],
    'session-valid-after-disable': ['session-after-disable'],
    'session-cookie-insecure': ['session-cookie'],
    'function-level-authorization-missing': ['function-level'],
    'object-level-authorization-missing': ['object-level'],
    'mass-assignment-accepted': ['mass-assignment'],
    'request-validation-missing': ['validation'],
    'rate-limit-missing': ['rate-limit'],
    'rate-limit-bypassable': ['rate-limit-bypass'],
    'user-enumeration-possible': ['user-enumeration'],
    'reset-token-exposed': ['reset-token-exposed'],
    'reset-token-reusable': ['reset-token-reuse'],
    'revoked-invite-accepted': ['revoked-invite'],
    'invite-terms-changeable': ['invite-tampering'],
    'weak-password-accepted': ['weak-password'],
    'cors-reflects-any-origin': ['cors'],
    'undocumented-method-answered': ['undocumented-method'],
    'method-override-honoured': ['method-override'],
  };
  return map[checkId] ?? [];
}

const is2xx = (s: unknown) => typeof s === 'number' && s >= 200 && s < 300;

/** "POST /api/invoices/{id}/approve" → "approve an invoice". */
export function describeOperation(operation: string): string {
  return phrase(operation).text;
}

// Sign-in and account flows are actions, not resources: "sign in", not "create login".
// Keyed by the path's last one or two segments (no parameters), first match wins.
const FLOW_PHRASES: readonly [RegExp, string][] = [
  [/(^|\/)(password-reset|reset-password|forgot-password)\/(request|start)$/, 'ask for a password reset'],
  [/(^|\/)(password-reset|reset-password)\/(confirm|complete)$/, 'set a new password with an emailed reset token'],
  [/(^|\/)(password-reset|reset-password|forgot-password)$/, 'ask for a password reset'],
  [/(^|\/)invites?\/accept$/, 'accept an invite'],
  [/(^|\/)(login|signin|sign-in|session|sessions)$/, 'sign in'],
  [/(^|\/)(logout|signout|sign-out)$/, 'sign out'],
  [/(^|\/)(signup|sign-up|register)$/, 'sign up'],
  [/(^|\/)(health|healthz|ping|status)$/, 'check the health endpoint'],
  [/(^|\/)contact$/, 'send the contact form'],
  [/(^|\/)(assistant|chat|completions?)(\/stream)?$/, 'ask the assistant'],
  [/(^|\/)me\/password$/, 'change their own password'],
];

/** The words for an operation, and whether it touches a workspace's own data (where other workspaces must be kept out). */
function phrase(operation: string): { text: string; ownData: boolean } {
  const [method = 'GET', path = '/'] = operation.split(' ');
  const plain = path.replace(/\/+$/, '');
  if (method === 'GET') {
    if (plain === '') return { text: 'open the home page', ownData: false };
    if (/(^|\/)(login|signin|sign-in)$/.test(plain)) return { text: 'open the login page', ownData: false };
    if (/\.(js|css|json|html|map|svg|png|ico)$/.test(plain)) return { text: `load ${plain}`, ownData: false };
  }
  const flow = FLOW_PHRASES.find(([re]) => re.test(plain));
  if (flow && !/\{[^}]+\}$/.test(plain)) return { text: flow[1], ownData: false };
  const text = describeResource(method, path);
  return { text, ownData: !/their own account/.test(text) };
}

function describeResource(method: string, path: string): string {
  const segs = path.split('/').filter((s) => s && s !== 'api' && !/^v\d+$/.test(s));
  const last = segs.at(-1) ?? '';
  const isParam = (s: string) => /^\{.+\}$/.test(s);
  const nouns = segs.filter((s) => !isParam(s));
  const item = isParam(last);
  const action = !item && segs.length >= 2 && isParam(segs.at(-2) ?? '') ? last : undefined;
  const resource = (action ? segs.at(-3) : item ? segs.at(-2) : last) ?? 'resource';
  // A rule reads as a person writes it: "approve invoices", "read their own account".
  if (resource === 'me' && !action) return method === 'GET' ? 'read their own account' : method === 'DELETE' ? 'delete their own account' : 'change their own account';
  const words = resource.replace(/[-_]/g, ' ');
  const scope = nouns.includes('admin') && resource !== 'admin' ? 'admin ' : '';
  if (action) return `${action.replace(/[-_]/g, ' ')} ${scope}${words}`;
  switch (method) {
    case 'GET':
      return item ? `read ${scope}${words}` : `list ${scope}${words}`;
    case 'POST':
      return item ? `act on ${scope}${words}` : `create ${scope}${words}`;
    case 'PUT':
    case 'PATCH':
      return `change ${scope}${words}`;
    case 'DELETE':
      return `delete ${scope}${words}`;
    default:
      return `${method} ${path}`;
  }
}

/** "owner" → "owners"; names that are already plural or mass nouns stay. */
const plural = (role: string): string => (/(s|staff|personnel)$/.test(role) ? role : role.endsWith('y') ? `${role.slice(0, -1)}ies` : `${role}s`);
const listed = (names: string[]): string => (names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);

/**
 * Workspaces as the rules see them: the home workspace's roles, and for each
 * role of another workspace the home role it mirrors (the same allowed
 * operations), so "outsider" reads as "other workspaces' owners".
 */
interface Tenancy {
  homeRoles: string[];
  mirrorOf: Map<string, string | undefined>;
}

function tenancyOf(set: AccessProbeSet): Tenancy {
  const home = set.settings.homeTenant ?? set.roles[0]?.tenant;
  const homeRoles = set.roles.filter((r) => r.tenant === home).map((r) => r.name);
  const ops = (role: string) => set.rules.filter((r) => r.allow.includes(role)).map((r) => r.operation).sort().join('\n');
  const mirrorOf = new Map<string, string | undefined>();
  for (const r of set.roles.filter((x) => x.tenant !== home)) mirrorOf.set(r.name, homeRoles.find((h) => ops(h) === ops(r.name)));
  return { homeRoles, mirrorOf };
}

/** "Only the owner can approve invoices; other workspaces' owners cannot see them." */
function ruleSentence(allow: string[], operation: string, t: Tenancy): string {
  const { text: what, ownData } = phrase(operation);
  if (allow.includes('anonymous')) return `Anyone, without signing in, can ${what}`;
  const home = t.homeRoles.filter((r) => allow.includes(r));
  const others = [...t.mirrorOf.keys()].filter((r) => allow.includes(r));
  let who: string;
  if (home.length === 0 && others.length === 0) who = 'No configured role';
  else if (home.length === 0) who = `Only ${listed(others)}`;
  else if (t.homeRoles.length > 1 && home.length === t.homeRoles.length) who = 'Every signed-in user';
  else who = `Only ${home.length === 1 ? `the ${home[0]}` : listed(home.map((r, i) => (i === 0 ? `the ${r}` : r)))}`;
  const sentence = `${who} can ${what}`;
  if (home.length === 0 || others.length === 0 || !ownData) return sentence;
  // Another workspace's roles are allowed the operation, never on this workspace's objects.
  const mirrored = others.map((r) => t.mirrorOf.get(r));
  const them = mirrored.every((m) => m !== undefined) ? `other workspaces' ${listed([...new Set(mirrored as string[])].map(plural))}` : `users of other workspaces (${listed(others)})`;
  return `${sentence}; ${them} cannot see them`;
}


function authRules(set: AccessProbeSet, checks: readonly CheckResult[]): AuthRuleStatement[] {
  const tenancy = tenancyOf(set);
  const violatedFl = new Map((checks.find((c) => c.id === 'function-level-authorization-missing')?.findings ?? []).map((f) => [f.title.split(' is open to ')[0] ?? '', f.title]));
  const unauth = checks.find((c) => c.id === 'unauthenticated-access')?.findings ?? [];
  const out: AuthRuleStatement[] = [];
  for (const r of set.rules) {
    const trials = set.trials.filter((t) => t.family === 'function-level' && t.target === r.operation && !t.skipped);
    const denied = trials.filter((t) => t.variant === 'denied-role');
    const allowedOk = trials.filter((t) => t.variant === 'allowed-role' && is2xx(t.facts.status));
    const refused = denied.filter((t) => typeof t.facts.status === 'number' && !is2xx(t.facts.status));
    const anonOpen = unauth.find((f) => f.title.startsWith(`${r.operation} `));
    // A denied role that got a 2xx the check could not judge (no read-back) leaves the rule open, never "verified".
    const unconfirmed = denied.filter((t) => functionLevelVerdict(t) === 'inconclusive');
    const violation = violatedFl.get(r.operation) ?? anonOpen?.title;
    const rule = `${ruleSentence(r.allow, r.operation, tenancy)} (${r.operation}).${r.description ? ` ${r.description}.` : ''}`;
    let status: AuthRuleStatement['status'] = 'untested';
    let observed = describeSkip(set, r.operation);
    if (violation) {
      status = 'violated';
      observed = violation;
    } else if (unconfirmed.length) {
      const what = r.operation.startsWith('GET ') || r.operation.startsWith('HEAD ') ? 'no allowed role\'s baseline succeeded to compare with' : 'no read-back could show whether the change took effect';
      observed = `${rolesOf(unconfirmed)} got ${[...new Set(unconfirmed.map((t) => t.facts.status))].join(', ')}, but ${what}${refused.length ? `; ${rolesOf(refused)} refused (${[...new Set(refused.map((t) => t.facts.status))].join(', ')})` : ''}`;
    } else if (refused.length) {
      status = 'verified';
      observed = `${rolesOf(refused)} refused (${[...new Set(refused.map((t) => t.facts.status))].join(', ')})${allowedOk.length ? `; ${rolesOf(allowedOk)} allowed` : ''}`;
    } else if (allowedOk.length && denied.length === 0) {
      status = 'verified';
      observed = `${rolesOf(allowedOk)} allowed; no configured role is excluded`;
    }
    out.push({ rule: r.from === 'spec' ? `${rule} (inferred from the API document)` : r.from === 'traffic' ? `${rule} (inferred from the recordings)` : rule, status, basis: r.from, observed });
  }
  const tenants = [...new Set(set.roles.map((r) => r.tenant))];
  if (tenants.length > 1) {
    const bola = checks.find((c) => c.id === 'object-level-authorization-missing');
    out.push({
      rule: `Users of one workspace (${tenants.join(', ')}) can never read, change or delete another workspace's data.`,
      basis: 'tenancy',
      status: bola?.status === 'fail' ? 'violated' : bola?.status === 'pass' ? 'verified' : 'untested',
      observed: bola?.status === 'fail' ? bola.findings.map((f) => f.title).slice(0, 3).join('; ') : (bola?.reason ?? 'not probed'),
    });
  }
  return out;
}

function rolesOf(trials: Trial[]): string {
  const r = [...new Set(trials.map((t) => t.attacker))];
  return r.length === 1 ? r[0]! : `${r.slice(0, -1).join(', ')} and ${r.at(-1)}`;
}

function describeSkip(set: AccessProbeSet, operation: string): string {
  const t = set.trials.find((x) => x.family === 'function-level' && x.target === operation && x.skipped);
  return t?.skipped ?? 'no role the policy excludes was available to call it';
}

/** The handover document, the release checklist and the config locations of findings (issue 15). */
export function buildHandoverDocuments(input: {
  checks: readonly CheckResult[];
  fixes: readonly Fix[];
  evidence?: Partial<Evidence>;
  map: Report['map'];
  project: string;
  now: Date;
}): Pick<Report, 'handover' | 'releaseChecklist' | 'sources'> {
  const handoverEvidence = input.evidence?.handover?.state === 'ok' ? input.evidence.handover.value : undefined;
  const sources = buildSources(input.checks, handoverEvidence);
  return {
    handover: buildHandover(input),
    releaseChecklist: buildReleaseChecklist(input),
    ...(sources ? { sources } : {}),
  };
}
