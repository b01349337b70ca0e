// `launchready init` on small repositories written here: the login route read
// from the code in the styles of Express, NestJS, Django and Flask, and the
// draft `init --har` makes from recordings.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInit } from '../../src/cli/commands/init.js';
import { findLoginPage, findLoginRoute, servedDocumentIn } from '../../src/init/routes.js';
import { har, token } from '../helpers/har.js';

describe('the login route as the code declares it', () => {
  it('Express: a router mounted under /api, the body wrapper and the Token scheme', () => {
    const found = findLoginRoute([
      { file: 'src/routes.ts', text: "export default Router().use('/api', api);" },
      { file: 'src/auth/controller.ts', text: "router.post('/users/login', async (req, res) => {\n  const user = await login(req.body.user);\n  // email and password\n});" },
      { file: 'src/auth/middleware.ts', text: "const t = req.headers.authorization && req.headers.authorization.split(' ')[0] === 'Token';" },
      { file: 'test/auth.spec.ts', text: "router.post('/auth/login', () => {})" },
    ]);
    expect(found).toEqual({ method: 'POST', path: '/api/users/login', at: 'src/auth/controller.ts:1', wrapper: 'user', usernameField: 'email', scheme: 'Token' });
  });

  it('NestJS: a decorator under the global prefix', () => {
    const found = findLoginRoute([
      { file: 'src/main.ts', text: "app.setGlobalPrefix('api');" },
      { file: 'src/auth/auth.controller.ts', text: "@Controller()\nexport class AuthController {\n  @Post('auth/login')\n  login(@Body() dto: LoginDto) { return this.s.login(dto.username); }\n  @Post('auth/logout') out() {}\n}" },
    ]);
    expect(found).toMatchObject({ method: 'POST', path: '/api/auth/login', at: 'src/auth/auth.controller.ts:3', usernameField: 'username' });
  });

  it('Django: the include that mounts the urls module, and the view it names', () => {
    const found = findLoginRoute([
      { file: 'proj/urls.py', text: "urlpatterns = [\n    url(r'^api/', include('proj.accounts.urls')),\n]" },
      { file: 'proj/accounts/urls.py', text: "urlpatterns = [\n    url(r'^users/?$', RegisterView.as_view()),\n    url(r'^users/login/?$', LoginView.as_view()),\n]" },
      { file: 'proj/accounts/views.py', text: "class LoginView(APIView):\n    def post(self, request):\n        user = request.data.get('user', {})\n        # email\n" },
    ]);
    expect(found).toEqual({ method: 'POST', path: '/api/users/login', at: 'proj/accounts/urls.py:3', wrapper: 'user', usernameField: 'email' });
  });

  it('Flask: only a route that takes POST', () => {
    expect(findLoginRoute([{ file: 'app.py', text: "@app.route('/login')\ndef page(): pass\n" }])).toBeUndefined();
    expect(findLoginRoute([{ file: 'app.py', text: "@app.route('/login', methods=['GET', 'POST'])\ndef login(): username = request.form['username']\n" }])).toMatchObject({ path: '/login', usernameField: 'username' });
  });
});

describe('the login read from the login handler alone (critic #4)', () => {
  // The shape of a cookie-session app: the login sets cookie sid; a route further down reads req.body.title.
  const cookieApp = [
    "app.get('/signin', (req, res) => res.type('html').send('<form method=\"post\" action=\"/session\"></form>'));",
    "app.post('/session', (req, res) => {",
    '  const u = users.find((x) => x.email === req.body?.email && x.password === req.body?.password);',
    "  if (!u) return res.status(401).json({ error: 'invalid' });",
    "  res.cookie('sid', newSid(u), { httpOnly: true }).json({ ok: true, user: { id: u.id } });",
    '});',
    "app.get('/api/docs', auth, (req, res) => res.json([]));",
    "app.patch('/api/docs/:id', auth, (req, res) => { if (req.body.title) d.title = String(req.body.title); res.json(d); });",
    "const check = (req) => req.get('authorization') === 'Bearer ' + key;",
  ].join('\n');

  it('a cookie session: cookie:sid, no body wrapper taken from a later route', () => {
    expect(findLoginRoute([{ file: 'server.js', text: cookieApp }])).toEqual({
      method: 'POST',
      path: '/session',
      at: 'server.js:2',
      usernameField: 'email',
      tokenFrom: 'cookie:sid',
      tokenWhy: 'the handler sets cookie sid (server.js:5)',
      scheme: 'Bearer',
    });
  });

  it('a token in the JSON answer: json:token; nested under user: json:user.token', () => {
    const flat = findLoginRoute([{ file: 'server.js', text: "app.post('/api/login', (req, res) => {\n  const token = mint(req.body.email);\n  res.json({ token });\n});\napp.post('/api/items', (req, res) => res.json({ wrapper: req.body.item }));" }]);
    expect(flat).toMatchObject({ path: '/api/login', tokenFrom: 'json:token' });
    expect(flat?.wrapper).toBeUndefined();
    expect(findLoginRoute([{ file: 'a.js', text: "router.post('/login', async (req, res) => { res.json({ user: { email: u.email, token: t } }); });" }])?.tokenFrom).toBe('json:user.token');
  });

  it('a named handler with a server-side session: the cookie name set in session({ name })', () => {
    const found = findLoginRoute([
      { file: 'app.js', text: "app.use(session({ secret: s, name: 'app.sid', resave: false }));\nrouter.post('/auth/login', auth.login);" },
      { file: 'auth.js', text: "exports.logout = (req, res) => { req.session.destroy(); };\nexports.login = async (req, res) => {\n  req.session.userId = (await check(req.body.username)).id;\n  res.redirect('/');\n};" },
    ]);
    expect(found).toMatchObject({ path: '/auth/login', usernameField: 'username', tokenFrom: 'cookie:app.sid' });
    // The handler lives in auth.js: the reason points there, and at the session's name in app.js.
    expect(found?.tokenWhy).toBe('the handler signs in through the server-side session (auth.js:3); the cookie is app.sid (named at app.js:1)');
  });

  it('a Swagger UI mount (/api-docs) and a commented-out use() are no prefix; the served document is found', () => {
    const sources = [
      { file: 'src/server.js', text: "//app.use(\"/api\", legacy);\napp.use('/api-docs', swaggerUi.serve, swaggerUi.setup(doc));\nexpressJSDocSwagger(app)({ swaggerUIPath: '/api-docs', apiDocsPath: '/v1/api-docs' });" },
      { file: 'src/routes/user.js', text: "app.post('/v1/user/login', (req, res) => { res.status(200).json(user); });" },
    ];
    expect(findLoginRoute(sources)?.path).toBe('/v1/user/login');
    expect(servedDocumentIn(sources)).toEqual({ path: '/v1/api-docs', at: 'src/server.js:3' });
  });
});

describe('the login page the code declares', () => {
  it('a GET route that sends a page; not an API login, not a JSON route', () => {
    expect(findLoginPage([{ file: 'server.js', text: "app.get('/', home);\napp.get('/signin', (req, res) => res.type('html').send('<form></form>'));" }])).toEqual({ path: '/signin', at: 'server.js:2' });
    expect(findLoginPage([{ file: 'server.js', text: "app.post('/api/login', (req, res) => res.json({ token }));\napp.get('/api/login', (req, res) => res.json({ ok: 1 }));" }])).toBeUndefined();
    expect(findLoginPage([{ file: 'server.js', text: "app.get('/login', (req, res) => res.json({ hint: 'POST here' }));" }])).toBeUndefined();
  });

  it('file-system routes (Next.js) and front-end routers', () => {
    expect(findLoginPage([], ['app/(auth)/login/page.tsx', 'app/api/login/route.ts'])).toEqual({ path: '/login', at: 'app/(auth)/login/page.tsx' });
    expect(findLoginPage([{ file: 'src/router.ts', text: "const routes = [{ path: '/sign-in', component: SignIn }, { path: '/signin', component: SignIn }];" }])?.path).toBe('/signin');
  });
});

describe('the OpenAPI document the code serves', () => {
  it('reads NestJS, FastAPI, drf-spectacular and plain routes', () => {
    expect(servedDocumentIn([{ file: 'src/main.ts', text: "const d = SwaggerModule.createDocument(app, o);\nSwaggerModule.setup('/docs', app, d);" }])).toEqual({ path: '/docs-json', at: 'src/main.ts:2' });
    expect(servedDocumentIn([{ file: 'main.py', text: "app = FastAPI(openapi_url='/api/openapi.json')" }])?.path).toBe('/api/openapi.json');
    expect(servedDocumentIn([{ file: 'urls.py', text: "path('api/schema/', SpectacularAPIView.as_view(), name='schema')," }])?.path).toBe('/api/schema/');
    expect(servedDocumentIn([{ file: 'server.js', text: "app.get('/openapi.json', (req, res) => res.json(doc));" }])?.path).toBe('/openapi.json');
    expect(servedDocumentIn([{ file: 'test/server.spec.js', text: "app.get('/openapi.json', () => {})" }])).toBeUndefined();
  });
});

describe('launchready init', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lr-init-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const quiet = { write: () => true } as unknown as NodeJS.WritableStream;

  it('drafts the login the code declares, and leaves writes off for a remote app', async () => {
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'shop', dependencies: { express: '5.0.0' } }));
    await mkdir(path.join(dir, 'src'));
    await writeFile(path.join(dir, 'src', 'server.js'), "app.post('/api/session', (req, res) => { const { email, password } = req.body; });");
    await runInit({ dir, appUrl: 'https://staging.shop.example', stdout: quiet });
    const yml = await readFile(path.join(dir, 'launchready.yml'), 'utf8');
    expect(yml).toContain('# From the code: the route is declared at src/server.js:1');
    expect(yml).toContain('    path: "/api/session"');
    expect(yml).toMatch(/allowWrites: false/);
    expect(yml).not.toMatch(/allowWrites: true/);
  });

  it('names monitor.loginPath only when the code declares a login page', async () => {
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'api', dependencies: { express: '5.0.0' } }));
    await writeFile(path.join(dir, 'server.js'), "app.post('/api/login', (req, res) => { res.json({ token: mint(req.body.email) }); });");
    await runInit({ dir, appUrl: 'https://staging.api.example', stdout: quiet });
    const api = await readFile(path.join(dir, 'launchready.yml'), 'utf8');
    expect(api).not.toMatch(/^monitor:/m);
    expect(api).toContain('# No login page found in the code (sign-in is POST /api/login)');
    expect(api).toContain('    tokenFrom: "json:token"');

    await rm(path.join(dir, 'launchready.yml'));
    await writeFile(path.join(dir, 'server.js'), "app.get('/signin', (req, res) => res.render('signin'));\napp.post('/session', (req, res) => { req.session.user = check(req.body.email); res.redirect('/'); });");
    await runInit({ dir, appUrl: 'https://staging.api.example', stdout: quiet });
    const page = await readFile(path.join(dir, 'launchready.yml'), 'utf8');
    expect(page).toMatch(/^monitor:\n {2}loginPath: "\/signin"$/m);
    expect(page).toContain('    tokenFrom: "cookie:connect.sid"');
    expect(page).toMatch(/send:\n\s+as: cookie\n\s+name: "connect.sid"/);
  });

  it('--har drafts the login, the scheme, the recordings and the policy, and never a credential', async () => {
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'shop' }));
    const APP = 'http://127.0.0.1:4000';
    const rec = (user: string, calls: Parameters<typeof har>[0]) => {
      const tok = token();
      const pw = token();
      return {
        secrets: [tok, pw],
        text: har([
          { method: 'POST', url: `${APP}/login`, form: true, body: { username: user, password: pw }, status: 302, location: '/', setCookie: { shop_sess: tok } },
          ...calls.map((c) => ({ ...c, headers: { cookie: `shop_sess=${tok}` } })),
        ]),
      };
    };
    const owner = rec('olivia', [{ url: `${APP}/api/orders`, response: [{ id: 4 }] }, { method: 'DELETE', url: `${APP}/api/orders/4`, status: 204 }]);
    const viewer = rec('vic', [{ url: `${APP}/api/orders`, response: [{ id: 4 }] }, { method: 'DELETE', url: `${APP}/api/orders/5`, status: 403, response: { error: 'no' } }]);
    await writeFile(path.join(dir, 'owner.har'), owner.text);
    await writeFile(path.join(dir, 'viewer.har'), viewer.text);
    const res = await runInit({ dir, har: [path.join(dir, 'owner.har'), `viewer=${path.join(dir, 'viewer.har')}`], stdout: quiet });
    const yml = await readFile(path.join(dir, 'launchready.yml'), 'utf8');
    expect(yml).toContain('    appUrl: "http://127.0.0.1:4000"   # where the HAR recordings were made');
    expect(yml).toMatch(/This URL is on this machine.*\n\s+allowWrites: true/);
    expect(yml).toContain('    path: "/login"');
    expect(yml).toContain('    usernameField: "username"');
    expect(yml).toContain('    tokenFrom: "cookie:shop_sess"');
    expect(yml).toContain('    contentType: form');
    expect(yml).toMatch(/send:\n\s+as: cookie\n\s+name: "shop_sess"/);
    expect(yml).toContain('    - { path: "owner.har", role: owner }');
    expect(yml).toContain('  - { operation: "GET /api/orders", allow: [owner, viewer] }');
    expect(yml).toContain('  - { operation: "DELETE /api/orders/{id}", allow: [owner] }   # refused for viewer in the recordings');
    expect(res.exports.map((e) => e.name)).toEqual(['LAUNCHREADY_OWNER_USERNAME', 'LAUNCHREADY_OWNER_PASSWORD', 'LAUNCHREADY_VIEWER_USERNAME', 'LAUNCHREADY_VIEWER_PASSWORD', 'LAUNCHREADY_OUTSIDER_USERNAME', 'LAUNCHREADY_OUTSIDER_PASSWORD']);
    for (const s of [...owner.secrets, ...viewer.secrets]) expect(yml).not.toContain(s);
    expect(yml).not.toContain('olivia');
  });
});
