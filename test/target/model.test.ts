// The target model's pure parts: one URL join for every request, base paths
// from OpenAPI 3 servers and Swagger 2 basePath, the merge of builders'
// operations and the collections the probes index ids by.
import { describe, expect, it } from 'vitest';
import { INLINE, parseConfigText } from '../../src/config/load.js';
import { parseSpec } from '../../src/evidence/gatherers/openapi.js';
import { ok } from '../../src/evidence/types.js';
import { fromOpenApi } from '../../src/target/from-openapi.js';
import { buildTarget, collectionsOf } from '../../src/target/model.js';
import type { ApiOperation } from '../../src/evidence/types.js';
import { IdStore, collectionOf, fillTemplate, keyWith, parentKey } from '../../src/evidence/gatherers/access/ids.js';
import { apiRoot, apiUrlFor, basePathOfServer, withoutBase } from '../../src/target/url.js';

describe('apiUrlFor: one join for sessions, probes and flows', () => {
  it.each([
    ['http://h:1', '', '/api/x', 'http://h:1/api/x'],
    ['http://h:1/', '/api', '/articles', 'http://h:1/api/articles'],
    ['http://h:1', '/api', '/api/articles', 'http://h:1/api/articles'],
    ['http://h:1/api', '/api', '/articles', 'http://h:1/api/articles'],
    ['http://h:1/api', '/api', '/api/articles', 'http://h:1/api/articles'],
    ['http://h:1/api', '', '/users/login', 'http://h:1/api/users/login'],
    ['http://h:1/svc', '/api/v1', '/things?x=1', 'http://h:1/svc/api/v1/things?x=1'],
    ['http://h:1', '/api', 'http://h:1/login', 'http://h:1/login'],
  ])('%s + base %s + %s → %s', (api, base, path, want) => {
    expect(apiUrlFor(api, base, path)).toBe(want);
  });

  it('knows the root and strips the base from a documented path', () => {
    expect(apiRoot('http://h/api', '/api')).toBe('/api');
    expect(apiRoot('http://h/', '/')).toBe('');
    expect(withoutBase('/api/articles/{slug}', '/api')).toBe('/articles/{slug}');
    expect(withoutBase('/apix/articles', '/api')).toBe('/apix/articles');
  });

  it('reads a base path from a server URL, absolute, relative or templated', () => {
    expect(basePathOfServer('https://api.realworld.io/api')).toBe('/api');
    expect(basePathOfServer('/api/v1/')).toBe('/api/v1');
    expect(basePathOfServer('/')).toBe('');
    expect(basePathOfServer('{scheme}://{host}/{base}', { scheme: 'https', host: 'x.test', base: 'v2' })).toBe('/v2');
    expect(basePathOfServer('http://localhost:5000')).toBe('');
  });
});

const CONFIG = parseConfigText(
  `project: { name: M }
environments: { test: { apiUrl: "http://127.0.0.1:9" } }
api:
  collections:
    "/articles/{slug}": { owner: author.username }
auth:
  roles: { alice: { tenant: null }, bob: {} }
policy:
  - { operation: GET /articles, allow: [anonymous] }
  - { operation: "GET /api/articles/{slug}", allow: [alice, bob] }
`,
  INLINE,
).config;

const OAS3 = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'Conduit', version: '1' },
  servers: [{ url: 'https://conduit.example/api' }],
  security: [{ Token: [] }],
  paths: {
    '/articles': {
      get: { security: [], responses: {} },
      post: {
        requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { article: { type: 'object' } } }, example: { article: { title: 'How to train your dragon' } } } } },
        responses: {},
      },
    },
    '/articles/{slug}': { get: { responses: {} }, delete: { responses: {} } },
    '/articles/{slug}/favorite': { post: { responses: {} } },
    '/user': { get: { responses: {} }, put: { responses: {} } },
  },
});

describe('the model from an OpenAPI document', () => {
  it('takes the base path from servers and puts it on every operation', () => {
    const spec = parseSpec(OAS3, 'conduit.json', CONFIG.policy, ['alice', 'bob']);
    expect(spec.basePath).toBe('/api');
    expect(spec.operations.map((o) => `${o.method} ${o.path}`)).toContain('GET /api/articles/{slug}');
    expect(spec.operations.find((o) => o.path === '/api/articles' && o.method === 'POST')?.requestExample).toEqual({ article: { title: 'How to train your dragon' } });
  });

  it('reads Swagger 2 basePath and form bodies', () => {
    const sw = JSON.stringify({
      swagger: '2.0',
      info: { title: 's', version: '1' },
      basePath: '/v2/',
      paths: { '/pets': { post: { consumes: ['application/x-www-form-urlencoded'], parameters: [{ name: 'name', in: 'formData', type: 'string', required: true }], responses: {} } } },
    });
    const spec = parseSpec(sw, 's.json', [], []);
    expect(spec.basePath).toBe('/v2');
    const op = spec.operations[0]!;
    expect([op.path, op.hasJsonBody, op.requestContentType]).toEqual(['/v2/pets', false, 'application/x-www-form-urlencoded']);
    expect(op.requestSchema).toEqual({ type: 'object', properties: { name: { type: 'string' } }, required: ['name'] });
  });

  it('judges every operation by the policy with or without the base path; anonymous adds the signed-in roles', () => {
    const model = buildTarget(CONFIG, [fromOpenApi(ok(parseSpec(OAS3, 'conduit.json', [], [])))]);
    expect(model.state).toBe('ok');
    if (model.state !== 'ok') return;
    const op = (m: string, p: string) => model.value.operations.find((o) => o.method === m && o.path === p)!;
    expect(op('GET', '/api/articles').allowedRoles).toEqual(['anonymous', 'alice', 'bob']);
    expect(op('GET', '/api/articles/{slug}')).toMatchObject({ allowedRoles: ['alice', 'bob'], expectationFrom: 'policy' });
    expect(op('DELETE', '/api/articles/{slug}')).toMatchObject({ allowedRoles: ['alice', 'bob'], expectationFrom: 'spec' });
  });

  it('lists collections by their item parameter, with the config’s owner hint', () => {
    const model = buildTarget(CONFIG, [fromOpenApi(ok(parseSpec(OAS3, 'conduit.json', [], [])))]);
    if (model.state !== 'ok') throw new Error('model');
    expect(model.value.collections).toEqual([
      { path: '/api/articles', item: '/api/articles/{slug}', param: 'slug', ownerProperty: 'author.username' },
      { path: '/api/user', param: 'id' },
    ]);
  });

  it('merges builders: the first describes an operation, later ones add what it lacked', () => {
    const a = { source: 'openapi a', basePath: '/api', operations: [{ method: 'GET', path: '/api/x', publicInSpec: false, hasJsonBody: false, expectationFrom: 'spec' as const }] };
    const b = { source: 'har b', operations: [{ method: 'GET', path: '/api/x/', publicInSpec: true, hasJsonBody: false, expectationFrom: 'spec' as const, requestExample: { q: 1 } }, { method: 'POST', path: '/api/y', publicInSpec: false, hasJsonBody: true, expectationFrom: 'spec' as const }] };
    const model = buildTarget(CONFIG, [ok(a), ok(b)]);
    if (model.state !== 'ok') throw new Error('model');
    expect(model.value.sources).toEqual(['openapi a', 'har b']);
    expect(model.value.operations.map((o) => `${o.method} ${o.path} ${o.publicInSpec}`)).toEqual(['GET /api/x false', 'POST /api/y false']);
    expect(model.value.operations[0]!.requestExample).toEqual({ q: 1 });
  });

  it('says why there is no model', () => {
    expect(buildTarget(CONFIG, [{ state: 'not-tested', reason: 'no api.openapi document configured' }])).toEqual({ state: 'not-tested', reason: 'no api.openapi document configured' });
    expect(buildTarget(CONFIG, [fromOpenApi({ state: 'error', reason: 'cannot read x.json' })])).toEqual({ state: 'error', reason: 'OpenAPI: cannot read x.json' });
  });
});

describe('api.basePath', () => {
  it('rebases every operation once when this deployment serves the API elsewhere than the document says', () => {
    const cfg = parseConfigText(`project: { name: M }\nenvironments: { test: { apiUrl: "http://127.0.0.1:9" } }\napi: { basePath: "" }\npolicy:\n  - { operation: GET /articles, allow: [anonymous] }\n`, INLINE).config;
    const model = buildTarget(cfg, [fromOpenApi(ok(parseSpec(OAS3, 'conduit.json', [], [])))]);
    if (model.state !== 'ok') throw new Error('model');
    expect(model.value.basePath).toBe('');
    expect(model.value.operations.map((o) => `${o.method} ${o.path}`)).toContain('GET /articles/{slug}');
    expect(model.value.operations.find((o) => o.path === '/articles' && o.method === 'GET')?.expectationFrom).toBe('policy');
    expect(model.value.me?.path).toBe('/user');
  });
});

describe('nested routes: parents filled first', () => {
  const ops = ['GET /articles', 'POST /articles', 'GET /articles/{slug}', 'GET /articles/{slug}/comments', 'POST /articles/{slug}/comments', 'DELETE /articles/{slug}/comments/{id}', 'POST /articles/{slug}/favorite'].map((s) => {
    const [method, path] = s.split(' ') as [string, string];
    return { method, path, hasJsonBody: false, publicInSpec: false, expectationFrom: 'spec' } as unknown as ApiOperation;
  });

  it('indexes a collection by every parameter: /articles by {slug}, the nested /articles/{slug}/comments by {id}', () => {
    expect(collectionsOf(ops, '', {}).filter((c) => c.item)).toEqual([
      { path: '/articles', item: '/articles/{slug}', param: 'slug' },
      { path: '/articles/{slug}/comments', item: '/articles/{slug}/comments/{id}', param: 'id' },
    ]);
  });

  it('takes the collection of the last parameter and fills a nested id part by part', () => {
    expect(collectionOf('/articles/{slug}/comments/{id}')).toBe('/articles/{slug}/comments');
    expect(collectionOf('/articles/{slug}/comments')).toBe('/articles');
    expect(collectionOf('/articles/{slug}/favorite')).toBe('/articles');
    const id = keyWith('how to/train', '7');
    expect(fillTemplate('/articles/{slug}/comments/{id}', id)).toBe('/articles/how%20to%2Ftrain/comments/7');
    expect(fillTemplate('/articles/{slug}/comments', parentKey(id))).toBe('/articles/how%20to%2Ftrain/comments');
    expect(fillTemplate('/articles/{slug}', 'a')).toBe('/articles/a');
    expect(fillTemplate('/articles/{slug}/comments/{id}', '7')).toBeUndefined();
    expect(parentKey('7')).toBe('');
  });

  it('files a nested list under its parent, so its ids fill the item route whole', () => {
    const store = new IdStore(collectionsOf(ops, '', {}));
    const items = store.harvest('/articles/{slug}/comments', 'neo', 'neo', { comments: [{ id: 3, body: 'hi', author: { username: 'neo' } }] }, 'dragons');
    expect(items.map((i) => fillTemplate('/articles/{slug}/comments/{id}', i.id))).toEqual(['/articles/dragons/comments/3']);
  });
});
