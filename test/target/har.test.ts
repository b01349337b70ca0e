import { describe, expect, it } from 'vitest';
import { credentialOf, findLogin, secretsIn, tokenSource } from '../../src/target/har/credentials.js';
import { classify } from '../../src/target/har/filter.js';
import { inferSchema } from '../../src/target/har/bodies.js';
import { HarError, readHar } from '../../src/target/har/read.js';
import { templatePaths, valueNamesIn } from '../../src/target/har/templates.js';
import { analyseTraffic } from '../../src/target/har/traffic.js';
import { fromTraffic } from '../../src/target/from-har.js';
import { har, jwtWith, token } from '../helpers/har.js';

const APP = 'https://app.example.test';
const t = (paths: string[], names = new Map<string, string>()) => templatePaths(paths.map((p) => ({ method: 'GET', path: p })), names).map((x) => x.template);

describe('path templates from recorded paths', () => {
  it('turns numbers, UUIDs, hashes, ObjectIds and prefixed ids into parameters, and keeps fixed words', () => {
    expect(t(['/api/invoices/17', '/api/invoices/export', '/api/v2/files/3f2a9c1b77', '/api/users/5f8d0d55b54764421b7156c9'])).toEqual([
      '/api/invoices/{id}',
      '/api/invoices/export',
      '/api/v2/files/{id}',
      '/api/users/{id}',
    ]);
    expect(t(['/api/things/0b6a3c1e-2a4f-4d0e-9a51-7b1c2d3e4f50/parts', '/api/customers/cus_NffrFeUfNV2Hib'])).toEqual(['/api/things/{id}/parts', '/api/customers/{id}']);
  });

  it('finds slugs by comparing requests that differ only there', () => {
    expect(t(['/articles/how-to-train-a-dragon', '/articles/second-post', '/articles/feed'])).toEqual(['/articles/{id}', '/articles/{id}', '/articles/feed']);
    // One request alone is a fixed path…
    expect(t(['/articles/how-to-train-a-dragon'])).toEqual(['/articles/how-to-train-a-dragon']);
    // …unless the app's own answers carried the value, which also names the parameter.
    const names = valueNamesIn({ articles: [{ slug: 'how-to-train-a-dragon', author: { username: 'jake' } }] });
    expect(t(['/articles/how-to-train-a-dragon', '/profiles/jake'], names)).toEqual(['/articles/{slug}', '/profiles/{username}']);
  });

  it('names nested parameters after their collection so a template never repeats a name', () => {
    const r = templatePaths([{ method: 'GET', path: '/api/projects/4/tasks/9' }]);
    expect(r[0]).toEqual({ template: '/api/projects/{projectId}/tasks/{id}', values: { projectId: '4', id: '9' } });
  });
});

describe('which recorded requests are API calls', () => {
  const origins = new Set([APP]);
  const entry = (spec: Parameters<typeof har>[0][number]) => readHar(har([spec]), 'x.har')[0]!;
  it('drops assets, pages, preflights, analytics and third parties', () => {
    expect(classify(entry({ url: `${APP}/assets/app.3f2a.js`, mime: 'application/javascript', response: 'x' }), origins)).toBe('static');
    expect(classify(entry({ url: `${APP}/invoices`, mime: 'text/html', response: '<html>', resourceType: 'document' }), origins)).toBe('page');
    expect(classify(entry({ method: 'OPTIONS', url: `${APP}/api/x` }), origins)).toBe('preflight');
    expect(classify(entry({ method: 'POST', url: `${APP}/api/event`, status: 202, response: 'ok' }), origins)).toBe('analytics');
    expect(classify(entry({ url: 'https://www.google-analytics.com/g/collect?v=2' }), origins)).toBe('analytics');
    expect(classify(entry({ url: 'https://js.stripe.com/v3/m-outer.json', response: {} }), origins)).toBe('third-party');
    expect(classify(entry({ url: `${APP}/api/events`, response: [{ id: 1 }] }), origins)).toBe('api');
    expect(classify(entry({ method: 'POST', url: `${APP}/invoices/3/delete`, status: 302, location: '/invoices' }), origins)).toBe('api');
  });

  it('says what is wrong with a file that is not a HAR', () => {
    expect(() => readHar('<html>', 'owner.har')).toThrow(HarError);
    expect(() => readHar('{"log": {}}', 'owner.har')).toThrow(/owner\.har: not a HAR file \(no log\.entries\)/);
  });
});

describe('credentials in a recording', () => {
  it('reads the login, where its token came back, and how later requests carry it', () => {
    const tok = token();
    const pw = token();
    const entries = readHar(
      har([
        { method: 'POST', url: `${APP}/api/users/login`, body: { user: { email: 'jake@example.test', password: pw } }, response: { user: { email: 'jake@example.test', token: tok } } },
        { url: `${APP}/api/user`, headers: { authorization: `Token ${tok}` }, response: { user: {} } },
      ]),
      'x.har',
    );
    const login = findLogin(entries)!;
    expect(login).toMatchObject({ path: '/api/users/login', usernameField: 'email', passwordField: 'password', username: 'jake@example.test', body: { user: { email: '{username}', password: '{password}' } } });
    const cred = credentialOf(entries[1]!);
    expect(cred).toEqual({ as: 'bearer', scheme: 'Token', value: tok });
    expect(tokenSource(login.entry, cred)).toBe('json:user.token');
  });

  it('takes the cookie the login set as the session, whatever its name', () => {
    const sid = token();
    const entries = readHar(
      har([
        { method: 'POST', url: `${APP}/login`, form: true, body: { username: 'ann', password: token() }, status: 302, location: '/', setCookie: { appstate: sid } },
        { url: `${APP}/api/items`, headers: { cookie: `theme=dark; appstate=${sid}` }, response: [] },
      ]),
      'x.har',
    );
    const login = findLogin(entries)!;
    expect(login.contentType).toBe('form');
    const cred = credentialOf(entries[1]!, new Set(['appstate']));
    expect(cred).toEqual({ as: 'cookie', name: 'appstate', value: sid });
    expect(tokenSource(login.entry, cred)).toBe('cookie:appstate');
    // The session is a secret; a preference cookie and a word under a secret-looking key are not (masking them would shred the report).
    const secrets = secretsIn([...entries, ...readHar(har([{ url: `${APP}/api/state`, headers: { cookie: 'theme=darkmode' }, response: { session: 'active' } }]), 'y.har')]);
    expect(secrets).toContain(sid);
    expect(secrets).not.toContain('darkmode');
    expect(secrets).not.toContain('active');
  });
});

describe('bodies the app accepted', () => {
  it('infers a schema with recorded examples, fresh values for unique-looking fields, and required = always present', () => {
    const s = inferSchema([
      { title: 'First', email: 'a@b.test', amount: 12, status: 'draft', tags: ['x'] },
      { title: 'Second', email: 'c@d.test', amount: 12.5, status: 'sent' },
    ]) as { properties: Record<string, Record<string, unknown>>; required: string[] };
    expect(s.required).toEqual(['title', 'email', 'amount', 'status']);
    expect(s.properties.title).toEqual({ type: 'string' });
    expect(s.properties.email).toEqual({ type: 'string', format: 'email' });
    expect(s.properties.amount).toEqual({ type: 'number', example: 12 });
    expect(s.properties.status).toEqual({ type: 'string', example: 'draft' });
    expect(s.properties.tags).toMatchObject({ type: 'array', items: { type: 'string' } });
  });
});

describe('a set of recordings, one per role', () => {
  const roles = [
    { role: 'owner', username: 'olivia@acme.test' },
    { role: 'staff', username: 'sam@acme.test' },
    { role: 'viewer', username: 'vic@acme.test' },
  ];
  const session = (user: string, password: string, tok: string, calls: Parameters<typeof har>[0]) =>
    har([
      { url: `${APP}/`, mime: 'text/html', response: '<html>', resourceType: 'document' },
      { url: `${APP}/app.js`, mime: 'application/javascript', response: '//', resourceType: 'script' },
      { method: 'POST', url: `${APP}/api/auth/login`, body: { email: user, password }, response: { token: tok } },
      ...calls.map((c) => ({ ...c, headers: { authorization: `Bearer ${tok}`, ...c.headers } })),
      { method: 'POST', url: `${APP}/api/auth/logout`, headers: { authorization: `Bearer ${tok}` }, status: 204 },
    ]);

  it('tells whose recording each is, what each role did, and keeps no credential', () => {
    const [t1, t2, t3, p1, p2, p3] = [token(), token(), jwtWith({ sub: 'vic@acme.test' }), token(), token(), token()];
    const list = { url: `${APP}/api/invoices`, response: [{ id: 7, customer: 'Initech' }, { id: 8, customer: 'Hooli' }] };
    const traffic = analyseTraffic(
      [
        { file: 'rec/a.har', text: session('olivia@acme.test', p1, t1, [list, { method: 'POST', url: `${APP}/api/invoices`, body: { customer: 'Wayne', amount: 5 }, status: 201, response: { id: 9 } }, { method: 'DELETE', url: `${APP}/api/invoices/9`, status: 204 }]) },
        { file: 'rec/b.har', text: session('sam@acme.test', p2, t2, [list, { url: `${APP}/api/invoices/7`, response: { id: 7, customer: 'Initech' } }, { method: 'DELETE', url: `${APP}/api/invoices/8`, status: 403, response: { error: 'no' } }]) },
        // The viewer's recording starts after its login: only its token says who it is.
        { file: 'rec/c.har', text: har([{ ...list, headers: { authorization: `Bearer ${t3}` } }]) },
      ],
      { origins: [APP], roles },
    );
    expect(traffic.recordings.map((r) => [r.role, r.roleFrom])).toEqual([
      ['owner', "its login is auth.roles.owner's user"],
      ['staff', "its login is auth.roles.staff's user"],
      ['viewer', "its token names auth.roles.viewer's user"],
    ]);
    const op = (k: string) => traffic.operations.find((o) => `${o.method} ${o.path}` === k)!;
    expect(traffic.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual(['DELETE /api/invoices/{id}', 'GET /api/invoices', 'GET /api/invoices/{id}', 'POST /api/invoices']);
    expect(op('GET /api/invoices').observedBy).toEqual(['owner', 'staff', 'viewer']);
    expect(op('DELETE /api/invoices/{id}')).toMatchObject({ observedBy: ['owner'], refusedFor: ['staff'] });
    expect(traffic.authFlows).toEqual(['POST /api/auth/login', 'POST /api/auth/logout']);
    expect(traffic.login).toEqual({ method: 'POST', path: '/api/auth/login', contentType: 'json', usernameField: 'email', passwordField: 'password', tokenFrom: 'json:token' });
    expect(traffic.send).toEqual({ as: 'bearer', scheme: 'Bearer' });
    // Every credential is handed over for masking…
    for (const s of [t1, t2, t3, p1, p2]) expect(traffic.secrets).toContain(s);
    // …and none is left anywhere else in the result.
    const rest = JSON.stringify({ ...traffic, secrets: [] });
    for (const s of [t1, t2, t3, p1, p2, p3]) expect(rest).not.toContain(s);

    const { contribution } = fromTraffic(traffic);
    const post = contribution.operations.find((o) => o.method === 'POST')!;
    expect(post).toMatchObject({ hasJsonBody: true, requestExample: { customer: 'Wayne', amount: 5 }, observedBy: ['owner'] });
    // Ids each role used, but not the one the owner deleted.
    expect(contribution.seeds?.map((s) => [s.role, s.value])).toEqual([['staff', '7']]);
    expect(contribution.recordedRoles).toEqual(['owner', 'staff', 'viewer']);
  });

  it('falls back to file names, then to the order of the list, and says so', () => {
    const rec = (tok: string) => har([{ url: `${APP}/api/me`, headers: { authorization: `Bearer ${tok}` }, response: { id: 1 } }]);
    const traffic = analyseTraffic(
      [
        { file: 'first.har', text: rec(token()) },
        { file: 'viewer-session.har', text: rec(token()) },
        { file: 'anon.har', text: har([{ url: `${APP}/api/status`, response: { up: true } }]) },
      ],
      { origins: [APP], roles },
    );
    expect(traffic.recordings.map((r) => r.role)).toEqual(['owner', 'viewer', 'anonymous']);
    expect(traffic.recordings[0]!.roleFrom).toMatch(/its place in the list/);
    expect(traffic.operations.find((o) => o.path === '/api/status')!.anonymousOk).toBe(true);
  });

  it('takes the API document\'s templates and lists what the document lacks', () => {
    const tok = token();
    const traffic = analyseTraffic(
      [{ file: 'owner.har', text: har([{ url: `${APP}/api/invoices/7`, headers: { authorization: `Bearer ${tok}` }, response: { id: 7 } }, { url: `${APP}/api/export`, headers: { authorization: `Bearer ${tok}` }, response: { rows: [] } }]) }],
      { origins: [APP], roles },
    );
    const doc = [{ method: 'GET', path: '/api/invoices/{invoiceId}', publicInSpec: false, hasJsonBody: false, expectationFrom: 'spec' as const }];
    const { contribution, undocumented } = fromTraffic(traffic, doc);
    expect(contribution.operations.map((o) => o.path)).toEqual(['/api/invoices/{invoiceId}', '/api/export']);
    expect(undocumented).toEqual(['GET /api/export']);
  });
});
