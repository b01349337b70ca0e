// Identifiers by meaning, not by name (issue 11): which property of an item
// fills a path parameter ({slug} ← slug, {username} ← username, {id} ← id or
// uuid, {articleId} ← id), where the items are inside an answer (a bare
// list, {"articles": […]}, {"article": {…}}, {"data": …}), who a signed-in
// user is (from the login and "me" answers, and the JWT's claims), and which
// property of an item names its owner (author.username, user, userId,
// createdBy) judged by whose identity it carries.
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isKey = (v: unknown): v is string | number => (typeof v === 'string' && v.length > 0) || (typeof v === 'number' && Number.isFinite(v));

/** Lower-case, no separators: book_title, bookTitle and Book-Title compare equal. */
export const normKey = (k: string): string => k.toLowerCase().replace(/[^a-z0-9]/g, '');

const GENERIC_IDS = ['id', '_id', 'uuid', 'ID', 'Id', 'key', 'pk'];

/** A property at a dotted path (author.username). */
export function valueAt(item: unknown, path: string): unknown {
  let cur: unknown = item;
  for (const part of path.split('.').filter(Boolean)) cur = isObj(cur) ? cur[part] : undefined;
  return cur;
}

/** The property of `item` that fills the parameter `param`, or undefined. */
export function keyProperty(item: Obj, param: string, idProperty?: string): string | undefined {
  if (idProperty) return isKey(valueAt(item, idProperty)) ? idProperty : undefined;
  const want = normKey(param);
  const keys = Object.keys(item);
  const exact = keys.find((k) => normKey(k) === want && isKey(item[k]));
  if (exact) return exact;
  // {articleId}, {article_id}, {id}, {uuid}: the item's own id.
  if (/(^|[a-z0-9_-])(id|uuid|pk|key)$/i.test(param) || want === 'id') {
    const generic = GENERIC_IDS.find((k) => isKey(item[k]));
    if (generic) return generic;
  }
  // {slug} of an item that has no slug but a key-like name: nothing, rather than a guess.
  return undefined;
}

export function keyOf(item: Obj, param: string, idProperty?: string): string | undefined {
  const p = keyProperty(item, param, idProperty);
  const v = p ? valueAt(item, p) : undefined;
  return isKey(v) ? String(v) : undefined;
}

const LIST_KEYS = ['items', 'data', 'results', 'records', 'rows', 'entries', 'list', 'content', 'nodes'];

/**
 * The items of a list or single-object answer: a bare list; the one list of
 * objects in a wrapper ({"articles": […], "articlesCount": 2}); a one-key
 * wrapper ({"article": {…}}, {"data": {…}}) peeled; an object that carries
 * the parameter's property (or an id) is one item.
 */
export function itemsIn(json: unknown, param = 'id', idProperty?: string): Obj[] {
  let cur: unknown = json;
  for (let depth = 0; depth < 5; depth++) {
    if (Array.isArray(cur)) return cur.filter(isObj);
    if (!isObj(cur)) return [];
    if (keyOf(cur, param, idProperty) !== undefined) return [cur];
    const lists = Object.entries(cur).filter(([, v]) => Array.isArray(v) && (v.length === 0 || v.some(isObj)));
    if (lists.length > 0) {
      const named = lists.find(([k]) => LIST_KEYS.includes(k.toLowerCase()));
      cur = (named ?? lists[0])![1];
      continue;
    }
    const objs = Object.entries(cur).filter(([, v]) => isObj(v));
    const data = cur.data;
    if (isObj(data)) cur = data;
    else if (objs.length === 1 && Object.keys(cur).length <= 2) cur = objs[0]![1];
    else return keyOf(cur, 'id') !== undefined ? [cur] : [];
  }
  return [];
}

/** The single object an answer is about (a created item, a "me" answer), peeled of one-key wrappers and {"data": …}. */
export function subjectOf(json: unknown): Obj | undefined {
  let cur: unknown = json;
  for (let depth = 0; depth < 4 && isObj(cur); depth++) {
    const keys = Object.keys(cur);
    if (isObj(cur.data) && keys.length <= 3) cur = cur.data;
    else if (keys.length === 1 && isObj(cur[keys[0]!])) cur = cur[keys[0]!];
    else break;
  }
  return isObj(cur) ? cur : undefined;
}

/** Properties that say who a user is; their values identify the role in other objects (author.username, userId). */
const IDENTITY = /^(id|_id|uuid|user_?id|account_?id|sub|username|user_?name|login|handle|email|e_?mail|name|display_?name|nickname)$/i;

/**
 * Who a signed-in user is: identity-like properties of the user object in a
 * login or "me" answer ({"user": {...}}, {"data": {...}}, or bare), and of a
 * JWT's payload (sub, username, email). Values of two characters or less
 * (and booleans) are left out: they would match by accident.
 */
export function identityOf(json: unknown, token?: string): Map<string, string> {
  const out = new Map<string, string>();
  const take = (o: Obj | undefined) => {
    if (!o) return;
    for (const [k, v] of Object.entries(o)) {
      if (IDENTITY.test(k) && isKey(v) && String(v).length > 2 && !/^(true|false|null)$/i.test(String(v))) out.set(k, String(v));
    }
  };
  const subject = subjectOf(json);
  take(subject);
  if (subject && isObj(subject.user)) take(subject.user);
  if (token) take(jwtPayload(token));
  return out;
}

/** The payload of a JWT (unverified: only read to learn the caller's own identity). */
export function jwtPayload(token: string): Obj | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8'));
    return isObj(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Names an owner property usually has; a candidate with one of them wins ties. */
export const OWNER_NAME = /(owner|author|user|creator|created_?by|poster|seller|member|account|profile|uploader)/i;

/** Every scalar property of an item, two levels deep: author.username, user, userId. */
export function scalarPaths(item: Obj, prefix = '', depth = 0): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(item)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (isKey(v)) out.push([path, String(v)]);
    else if (isObj(v) && depth < 1) out.push(...scalarPaths(v, path, depth + 1));
  }
  return out;
}

/**
 * The owner property of a collection, learned from items whose owner is
 * known: `own` pairs an item with the role that created it (strong
 * evidence), `seen` items with every role's identity values. A path counts
 * when its value is the creating role's identity; without created items,
 * a path whose value is some role's identity in several items and whose
 * name says owner/author/user wins. Undefined when nothing fits.
 */
export function learnOwnerPath(
  own: { item: Obj; role: string }[],
  seen: Obj[],
  identities: ReadonlyMap<string, ReadonlySet<string>>,
  exclude: readonly string[] = [],
): string | undefined {
  const score = new Map<string, number>();
  const bump = (p: string, n: number) => score.set(p, (score.get(p) ?? 0) + n);
  for (const { item, role } of own) {
    const mine = identities.get(role);
    if (!mine) continue;
    for (const [p, v] of scalarPaths(item)) if (mine.has(v)) bump(p, 10);
    // Another role's identity at the same path would mean the property is not the creator's.
    for (const [other, ids] of identities) {
      if (other === role) continue;
      for (const [p, v] of scalarPaths(item)) if (ids.has(v) && !mine.has(v)) bump(p, -20);
    }
  }
  const anyone = new Set([...identities.values()].flatMap((s) => [...s]));
  for (const item of seen) for (const [p, v] of scalarPaths(item)) if (anyone.has(v)) bump(p, OWNER_NAME.test(p) ? 2 : 1);
  const ranked = [...score.entries()]
    .filter(([p, n]) => n >= 2 && !exclude.includes(p))
    .sort((a, b) => b[1] - a[1] || Number(OWNER_NAME.test(b[0])) - Number(OWNER_NAME.test(a[0])));
  return ranked[0]?.[0];
}
