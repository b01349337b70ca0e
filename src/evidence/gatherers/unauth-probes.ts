// For every protected read operation: one call by a role that is allowed (the
// baseline, proving the operation answers and giving the request real ids),
// then the same call with no credentials. Only a baseline that succeeded makes
// the anonymous answer meaningful: an API that answers 404 to everyone is not
// leaking anything. An anonymous success is repeated once before it counts,
// and only when it is the same kind of answer (not an error object or the
// login page served with 200).
import type { ProbeClient } from '../../probe/client.js';
import type { Sessions } from '../../probe/sessions.js';
import { isProtected } from './openapi.js';
import { sameKindOfAnswer } from './access/compare.js';
import type { ApiOperation, ApiSpec, Gathered, UnauthProbe, UnauthProbeSet } from '../types.js';
import { failed, notTested, ok } from '../types.js';

const is2xx = (s: number | undefined) => s !== undefined && s >= 200 && s < 300;

export async function gatherUnauthProbes(
  client: ProbeClient,
  sessions: Sessions,
  apiUrl: string | undefined,
  spec: Gathered<Pick<ApiSpec, 'operations'>>,
): Promise<Gathered<UnauthProbeSet>> {
  if (spec.state !== 'ok') return spec.state === 'error' ? failed(spec.reason) : notTested(spec.reason);
  if (!apiUrl) return failed('the target environment has no apiUrl or appUrl');

  const result: UnauthProbeSet = { probes: [], skipped: [], loginErrors: {} };
  const roles = sessions.roles();
  for (const role of roles) {
    const s = await sessions.get(role);
    if (!s.ok) result.loginErrors[role] = s.reason;
  }
  const ids = new IdHarvest();
  const targets = spec.value.operations.filter(isProtected);

  // Collections first, so their items' ids are known before the item routes.
  const ordered = [...targets].sort((a, b) => paramCount(a) - paramCount(b));
  for (const op of ordered) {
    const name = `${op.method} ${op.path}`;
    if (op.method !== 'GET') {
      result.skipped.push({ operation: name, reason: 'only read operations are called without credentials here' });
      continue;
    }
    const allowed = (op.allowedRoles ?? []).filter((r) => roles.includes(r) && !result.loginErrors[r]);
    const role = allowed[0];
    // Issue 12: no roles at all (a first audit with only an app URL): the anonymous answer alone, recorded without a
    // baseline, so the report can say what answered before any login is configured. Never judged as a leak.
    if (roles.length === 0 && !op.path.includes('{')) {
      const anonymous = await client.send({ method: 'GET', url: sessions.url(op.path), role: 'anonymous', purpose: `no credentials on ${name} (no roles configured)`, headers: { accept: 'application/json' } });
      result.probes.push({ operation: { method: op.method, path: op.path, operationId: op.operationId }, expectationFrom: op.expectationFrom, anonymous });
      continue;
    }
    if (!role) {
      result.skipped.push({ operation: name, reason: 'no allowed role could sign in to make a baseline call' });
      continue;
    }
    const path = ids.fill(op.path, role);
    if (!path) {
      result.skipped.push({ operation: name, reason: 'no id for its path parameters was found in list responses' });
      continue;
    }
    const url = sessions.url(path);
    const session = await sessions.get(role);
    if (!session.ok) continue;
    const raw = await client.sendRaw({
      method: 'GET',
      url,
      role,
      purpose: `baseline for ${name}`,
      credentials: session.session.headers,
      baselineRead: true,
      headers: { accept: 'application/json' },
    });
    if (is2xx(raw.exchange.response?.status)) ids.harvest(op.path, role, raw.body);

    const anonymous = await client.send({ method: 'GET', url, role: 'anonymous', purpose: `no credentials on ${name}`, headers: { accept: 'application/json' } });
    const probe: UnauthProbe = {
      operation: { method: op.method, path: op.path, operationId: op.operationId },
      expectationFrom: op.expectationFrom,
      baseline: { ...raw.exchange, role },
      anonymous,
    };
    // Only an answer of the same kind is worth confirming: a 200 carrying {"error": …} or the login page is a refusal.
    if (is2xx(raw.exchange.response?.status) && sameKindOfAnswer(raw.exchange, anonymous).same) {
      probe.confirmation = await client.send({ method: 'GET', url, role: 'anonymous', purpose: `confirm no credentials on ${name}`, headers: { accept: 'application/json' } });
    }
    result.probes.push(probe);
  }
  if (roles.length > 0 && Object.keys(result.loginErrors).length === roles.length && result.probes.length === 0) {
    return failed(`no role could sign in: ${Object.values(result.loginErrors).join('; ')}`);
  }
  return ok(result);
}

function paramCount(op: ApiOperation): number {
  return (op.path.match(/\{/g) ?? []).length;
}

/** Ids seen in a role's own list responses, keyed by the collection path. */
class IdHarvest {
  private readonly byCollection = new Map<string, string[]>();

  harvest(path: string, role: string, body: string): void {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return;
    }
    const items = Array.isArray(json) ? json : findArray(json);
    const found = items
      .map((it) => (typeof it === 'object' && it !== null ? (it as Record<string, unknown>).id : undefined))
      .filter((id): id is string | number => typeof id === 'string' || typeof id === 'number')
      .map(String);
    if (found.length) this.byCollection.set(`${role} ${path.replace(/\/+$/, '')}`, found);
  }

  /** Fills each {param} with an id from the collection just before it; undefined when one is unknown. */
  fill(template: string, role: string): string | undefined {
    let out = template;
    for (;;) {
      const m = /\{[^}]+\}/.exec(out);
      if (!m) return out;
      const collection = template.slice(0, template.indexOf(m[0])).replace(/\/+$/, '');
      const id = this.byCollection.get(`${role} ${collection}`)?.[0];
      if (id === undefined) return undefined;
      out = out.replace(m[0], encodeURIComponent(id));
    }
  }
}

function findArray(json: unknown): unknown[] {
  if (typeof json !== 'object' || json === null) return [];
  for (const v of Object.values(json as Record<string, unknown>)) if (Array.isArray(v)) return v;
  return [];
}
