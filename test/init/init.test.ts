// `launchready init` on small repositories written here: the login route read
// from the code in the styles of Express, NestJS, Django and Flask, and the
// draft `init --har` makes from recordings.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInit } from '../../src/cli/commands/init.js';
import { findLoginRoute, servedDocumentIn } from '../../src/init/routes.js';
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
