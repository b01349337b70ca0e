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
import type { ApiOperation, Gathered, UnauthProbe, UnauthProbeSet } from '../types.js';
import { collectionsOf, type TargetModel } from '../../target/model.js';
import { IdStore, collectionOf, fillTemplate } from './access/ids.js';
import { failed, notTested, ok } from '../types.js';

const is2xx = (s: number | undefined) => s !== undefined && s >= 200 && s < 300;

export async function gatherUnauthProbes(
  client: ProbeClient,
  sessions: Sessions,
  apiUrl: string | undefined,
  spec: Gathered<Pick<TargetModel, 'operations'> & Partial<Pick<TargetModel, 'collections' | 'basePath'>>>,
): Promise<Gathered<UnauthProbeSet>> {
  if (spec.state !== 'ok') return spec.state === 'error' ? failed(spec.reason) : notTested(spec.reason);
  if (!apiUrl) return failed('the target environment has no apiUrl or appUrl');

  const result: UnauthProbeSet = { probes: [], skipped: [], loginErrors: {} };
  const roles = sessions.roles();
  const { operations, basePath = '' } = spec.value;
  const ids = new Harvest(client, sessions, operations, new IdStore(spec.value.collections ?? collectionsOf(operations, basePath, {}), basePath));
  for (const role of roles) {
    const s = await sessions.get(role);
    if (!s.ok) result.loginErrors[role] = s.reason;
    else ids.learn(role, s.session.tenant, s.session.token);
  }
  const targets = operations.filter(isProtected);

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
    const filled = await ids.fill(op.path, role);
    if (!filled) {
      result.skipped.push({ operation: name, reason: 'no id for its path parameters was found in list responses' });
      continue;
    }
    const url = sessions.url(filled.path);
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
    if (is2xx(raw.exchange.response?.status)) ids.file(op.path, role, session.session.tenant, raw.body, filled.key);

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

/**
 * Ids each role has seen, by meaning (an item's `slug` fills {slug}, inside
 * {"articles": […]} or {"data": …}; see the target model), filed per
 * collection; nested ids carry their parents'. A collection with no id yet
 * is read once through its own list as the role, public lists included
 * (a protected /books/{title} whose list is public), before giving up.
 */
class Harvest {
  private readonly listed = new Set<string>();

  constructor(
    private readonly client: ProbeClient,
    private readonly sessions: Sessions,
    private readonly operations: readonly ApiOperation[],
    private readonly store: IdStore,
  ) {}

  /** Who a role is (its login answer, its token, the name it signs in with), so its own objects come first. */
  learn(role: string, tenant: string, token: string | undefined): void {
    const login = this.sessions.lastLogin.get(role);
    let json: unknown;
    try {
      json = login ? JSON.parse(login.body) : undefined;
    } catch {
      json = undefined;
    }
    this.store.learnIdentity(role, tenant, json, token);
    const username = this.sessions.username(role);
    if (username) this.store.learnIdentity(role, tenant, /@/.test(username) ? { email: username } : { username });
  }

  file(template: string, role: string, tenant: string, body: string, parent: string | undefined): void {
    if (!this.store.collection(template)) return;
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return;
    }
    this.store.harvest(template, role, tenant, json, parent || undefined);
  }

  /** The template filled with an id the role has seen (its own first), and that id; undefined when one is unknown. */
  async fill(template: string, role: string): Promise<{ path: string; key: string } | undefined> {
    const collection = collectionOf(template);
    if (!collection) return { path: template, key: '' };
    let items = this.seen(collection, role);
    if (items.length === 0) {
      await this.list(collection, role);
      items = this.seen(collection, role);
    }
    const item = this.store.ownedBy(collection, role).find((i) => i.seenBy === role) ?? items[0];
    const path = item ? fillTemplate(template, item.id) : undefined;
    return item && path ? { path, key: item.id } : undefined;
  }

  private seen(collection: string, role: string) {
    return this.store.all(collection).filter((i) => i.seenBy === role);
  }

  /** Reads a collection's list as the role, once (a nested list under a parent the role has seen). */
  private async list(collection: string, role: string): Promise<void> {
    const op = this.operations.find((o) => o.method === 'GET' && o.path.replace(/\/+$/, '') === collection);
    if (!op || this.listed.has(`${role} ${collection}`)) return;
    this.listed.add(`${role} ${collection}`);
    const filled = await this.fill(op.path, role);
    const session = await this.sessions.get(role);
    if (!filled || !session.ok) return;
    const raw = await this.client.sendRaw({
      method: 'GET',
      url: this.sessions.url(filled.path),
      role,
      purpose: `harvest ids from GET ${op.path}`,
      credentials: session.session.headers,
      headers: { accept: 'application/json' },
    });
    if (is2xx(raw.exchange.response?.status)) this.file(op.path, role, session.session.tenant, raw.body, filled.key);
  }
}
