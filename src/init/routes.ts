// The login route as the source code declares it, for `launchready init`:
// a framework's usual route is often not the app's (the RealWorld backends
// sign in at POST /api/users/login with {"user": {…}} and a `Token` scheme,
// not at Express's or Django's defaults). Route declarations are read with
// regular expressions, per framework style: Express/Fastify/Koa routers,
// NestJS decorators, Django/Flask/Rails/Laravel route files. A global prefix
// (app.use('/api', …), setGlobalPrefix('api'), url(r'^api/', include(…)))
// is applied; the body wrapper (req.body.user, @Body('user'),
// request.data.get('user')) and the Authorization scheme are read too.
// Every result names the file and line it came from.

export interface SourceLogin {
  method: 'POST' | 'PUT';
  path: string;
  /** Where the route is declared: src/auth/auth.controller.ts:30. */
  at: string;
  /** The property the handler reads the credentials from ({"user": {…}}), if any. */
  wrapper?: string;
  usernameField?: string;
  /** The word before the token in Authorization, where the code compares it (Token, JWT). */
  scheme?: string;
}

const CODE = /\.(m?[jt]sx?|cjs|py|rb|php)$/i;
const SKIP = /(^|\/)(tests?|spec|__tests__|e2e|migrations|fixtures|dist|build)(\/|$)|\.(spec|test)\.[jt]sx?$/i;
const LOGIN_PATH = /(log_?in|sign_?in|signin|sessions?|auth\/token|token\/?$|obtain)/i;
const NOT_LOGIN = /(log_?out|sign_?out|refresh|verify|reset|forgot|register|signup|sign_?up)/i;

interface Pattern {
  re: RegExp;
  /** Which capture group holds the path, and (optionally) the method. */
  path: number;
  method?: number;
  /** Flask: a route takes GET unless it lists POST, and only a POST route is a login. */
  needsPostMethods?: boolean;
}

const PATTERNS: Pattern[] = [
  // Express, Fastify, Koa, Hono routers: router.post('/users/login', …)
  { re: /\.(post|put)\(\s*(['"`])(\/?[^'"`\s]*)\2/gi, path: 3, method: 1 },
  // NestJS: @Post('users/login')
  { re: /@(Post|Put)\(\s*(['"`])([^'"`\s]*)\2\s*\)/g, path: 3, method: 1 },
  // Django: path('api/token/', …), url(r'^users/login/?$', …)
  { re: /\b(?:path|re_path|url)\(\s*r?(['"])\^?([^'"\s]*)\1/g, path: 2 },
  // Flask: @app.route('/login', methods=['POST']), @bp.post('/login')
  { re: /@\w+\.route\(\s*(['"])([^'"\s]*)\1/g, path: 2, needsPostMethods: true },
  { re: /@\w+\.post\(\s*(['"])([^'"\s]*)\1/g, path: 2 },
  // Rails: post 'login', to: 'sessions#create'
  { re: /^\s*(post|put)\s+(['"])([^'"\s]*)\2/gm, path: 3, method: 1 },
  // Laravel: Route::post('/login', …)
  { re: /Route::(post|put)\(\s*(['"])([^'"\s]*)\2/g, path: 3, method: 1 },
];

/** A route pattern written as a regex (Django's ^users/login/?$) as a plain path. */
const plain = (p: string): string =>
  `/${p
    .replace(/^\^|\$$/g, '')
    .replace(/\/\?$|\?$/g, '')
    .replace(/^\/+/, '')}`.replace(/\/+$/, '') || '/';

const lineOf = (text: string, index: number): number => text.slice(0, index).split('\n').length;

/** The global API prefix the code mounts its routes under, if there is exactly one. */
function prefixes(sources: readonly { file: string; text: string }[]): { prefix: string; includes: Map<string, string> } {
  const found = new Set<string>();
  const includes = new Map<string, string>();
  for (const { text } of sources) {
    for (const m of text.matchAll(/setGlobalPrefix\(\s*['"`]\/?([\w/-]+)['"`]/g)) found.add(`/${m[1]!.replace(/\/+$/, '')}`);
    for (const m of text.matchAll(/\.use\(\s*['"`](\/(?:api|v\d+)[\w/-]*)['"`]\s*,/g)) found.add(m[1]!.replace(/\/+$/, ''));
    // Django: url(r'^api/', include('conduit.apps.authentication.urls')): the prefix of one urls module.
    for (const m of text.matchAll(/\b(?:path|re_path|url)\(\s*r?['"]\^?([\w/-]*)['"]\s*,\s*include\(\s*['"]([\w.]+)['"]/g)) {
      includes.set(m[2]!.replace(/\./g, '/'), `/${m[1]!.replace(/\/+$/, '')}`.replace(/^\/$/, ''));
    }
  }
  return { prefix: found.size === 1 ? [...found][0]! : '', includes };
}

/**
 * The login route declared in `sources` (code files, paths relative to the
 * repository). Undefined when no route with a login-like path is declared.
 */
export function findLoginRoute(sources: readonly { file: string; text: string }[]): SourceLogin | undefined {
  const code = sources.filter((s) => CODE.test(s.file) && !SKIP.test(s.file));
  const { prefix, includes } = prefixes(code);
  const candidates: (SourceLogin & { score: number })[] = [];
  for (const { file, text } of code) {
    for (const p of PATTERNS) {
      for (const m of text.matchAll(p.re)) {
        const raw = m[p.path]!;
        if (!LOGIN_PATH.test(raw) || NOT_LOGIN.test(raw)) continue;
        const method = (p.method ? m[p.method]!.toUpperCase() : 'POST') as 'POST' | 'PUT';
        let path = plain(raw);
        // Django: the include that mounts this urls module; elsewhere the single global prefix.
        const mod = file.replace(/\.py$/, '');
        const inc = [...includes.entries()].find(([k]) => mod.endsWith(k))?.[1];
        const pre = inc ?? prefix;
        if (pre && !path.startsWith(`${pre}/`)) path = `${pre}${path}`;
        // A Flask route takes GET unless it lists POST: only a POST route is a login.
        if (p.needsPostMethods && !/methods\s*=\s*\[[^\]]*POST/i.test(text.slice(m.index, m.index + 200))) continue;
        // The handler: inline after the route, or (Django, Rails) a view named in the route and defined elsewhere.
        const view = /^[^\n]*?\b(\w+)\.as_view\(|^[^\n]*?views\.(\w+)/.exec(text.slice(m.index, m.index + 300))?.slice(1).find(Boolean);
        const def = view ? code.map((c) => ({ c, i: c.text.search(new RegExp(`\\b(class|def)\\s+${view}\\b`)) })).find((x) => x.i >= 0) : undefined;
        const after = def ? def.c.text.slice(def.i, def.i + 1500) : text.slice(m.index, m.index + 1500);
        const wrapper = /req(?:uest)?\.body\.(\w+)|@Body\(\s*['"](\w+)['"]\s*\)|request\.data\.get\(\s*['"](\w+)['"]/.exec(after)?.slice(1).find(Boolean);
        const usernameField = /\bemail\b/i.test(after) ? 'email' : /\busername\b/i.test(after) ? 'username' : undefined;
        candidates.push({
          method,
          path,
          at: `${file}:${lineOf(text, m.index)}`,
          ...(wrapper && !/^(email|password|username|login)$/i.test(wrapper) ? { wrapper } : {}),
          ...(usernameField ? { usernameField } : {}),
          // users/login and auth/login beat a bare /token or /sessions.
          score: (/log_?in|sign_?in/i.test(path) ? 2 : 1) + (/auth|users?|account|session/i.test(path) ? 1 : 0),
        });
      }
    }
  }
  const best = candidates.sort((a, b) => b.score - a.score || a.at.localeCompare(b.at))[0];
  if (!best) return undefined;
  const { score: _score, ...login } = best;
  const scheme = schemeIn(code);
  return scheme ? { ...login, scheme } : login;
}

/** The Authorization scheme the code compares against ('Token', 'JWT', 'Bearer'), if one is written next to the header. */
function schemeIn(code: readonly { text: string }[]): string | undefined {
  for (const { text } of code) {
    const m =
      /(?:authorization|auth_?header|header_?prefix|keyword)[^\n]{0,100}?['"](Token|JWT|Bearer)\s?['"]/i.exec(text) ??
      /['"](Token|JWT)\s?['"][^\n]{0,80}authorization/i.exec(text);
    if (m) return m[1];
  }
  return undefined;
}

/** Where the app serves its OpenAPI document at run time, as the code says (path, and where it is said). */
export interface ServedDocument {
  path: string;
  at: string;
}

const SERVED: { re: RegExp; path: (m: RegExpMatchArray) => string }[] = [
  // NestJS: SwaggerModule.setup('docs', …) serves the JSON at /docs-json.
  { re: /SwaggerModule\.setup\(\s*['"`]\/?([\w/-]+)['"`]/g, path: (m) => `/${m[1]!.replace(/\/+$/, '')}-json` },
  // FastAPI: FastAPI(openapi_url='/api/openapi.json').
  { re: /openapi_url\s*=\s*['"](\/[^'"\s]+)['"]/g, path: (m) => m[1]! },
  // drf-spectacular: path('api/schema/', SpectacularAPIView.as_view()).
  { re: /\bpath\(\s*['"]\/?([^'"\s]*)['"]\s*,\s*SpectacularAPIView/g, path: (m) => `/${m[1]!}` },
  // Express and friends: a route that returns the document (app.get('/openapi.json', …)).
  { re: /\.get\(\s*['"`](\/[\w/-]*(?:openapi|swagger)[\w.-]*\.json)['"`]/gi, path: (m) => m[1]! },
];

/** The OpenAPI document's URL path as the code serves it, if it says so. */
export function servedDocumentIn(sources: readonly { file: string; text: string }[]): ServedDocument | undefined {
  for (const { file, text } of sources.filter((s) => CODE.test(s.file) && !SKIP.test(s.file))) {
    for (const s of SERVED) {
      for (const m of text.matchAll(s.re)) return { path: s.path(m), at: `${file}:${lineOf(text, m.index)}` };
    }
  }
  return undefined;
}
