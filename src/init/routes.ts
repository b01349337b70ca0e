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
  /** Where the session comes back, as the handler itself says (cookie:sid, json:token); absent when it does not say. */
  tokenFrom?: string;
  /** Why tokenFrom: "the handler sets cookie sid (server.js:26)". */
  tokenWhy?: string;
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

const MAX_HANDLER = 4000;

/**
 * The text of the one route declared at `start`, and nothing after it: in
 * JavaScript the call's balanced parentheses (router.post('/login', (req, res) => {…})),
 * in Python the decorated function up to the next line back at its indent,
 * elsewhere the rest of the line. Reading a fixed window instead took the
 * body fields of the next route down as the login's (critic #4).
 */
export function handlerText(file: string, text: string, start: number): string {
  if (/\.py$/i.test(file)) {
    const lines = text.slice(start, start + MAX_HANDLER).split('\n');
    const first = lines[0]!;
    // A route line in urls.py (path('login/', views.login)) is not a function: only that line.
    if (!/^\s*(@|(async\s+)?(def|class)\s)/.test(first)) return first;
    const out = [first];
    const lineStart = text.lastIndexOf('\n', start) + 1;
    let defIndent: number | undefined = /^\s*(async\s+)?(def|class)\s/.test(first) ? start - lineStart : undefined;
    for (const line of lines.slice(1)) {
      const indent = /^\s*/.exec(line)![0].length;
      if (defIndent === undefined) {
        out.push(line);
        if (/^\s*(async\s+)?(def|class)\s/.test(line)) defIndent = indent;
        continue;
      }
      if (line.trim() && indent <= defIndent) break;
      out.push(line);
    }
    return out.join('\n');
  }
  if (!/\.(m?[jt]sx?|cjs)$/i.test(file)) return text.slice(start, text.indexOf('\n', start) >= 0 ? text.indexOf('\n', start) : undefined);
  // A decorator (NestJS @Post('login')): the method under it, signature and body, is the handler.
  return balanced(text, start, text[start] === '@' ? text.indexOf('{', text.indexOf(')', start)) : text.indexOf('(', start));
}

/** text from `start` to the bracket that closes the one at `open`, skipping strings and comments. */
function balanced(text: string, start: number, open: number): string {
  if (open < 0) return '';
  let depth = 0;
  const end = Math.min(text.length, open + MAX_HANDLER);
  for (let i = open; i < end; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      // Skip the string (template literals with ${…} are read as plain text: their braces are balanced anyway).
      for (i++; i < end && text[i] !== c; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? end : nl;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? end : close + 1;
      continue;
    }
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return text.slice(start, end);
}

/** The global API prefix the code mounts its routes under, if there is exactly one. */
function prefixes(sources: readonly { file: string; text: string }[]): { prefix: string; includes: Map<string, string> } {
  const found = new Set<string>();
  const includes = new Map<string, string>();
  for (const { file, text: raw } of sources) {
    // A commented-out mount (//app.use("/api-docs", …)) mounts nothing.
    const text = withoutComments(file, raw);
    for (const m of text.matchAll(/setGlobalPrefix\(\s*['"`]\/?([\w/-]+)['"`]/g)) found.add(`/${m[1]!.replace(/\/+$/, '')}`);
    // /api and /v1 mount a router; /api-docs (Swagger UI) and /api.json are not a prefix of the routes.
    for (const m of text.matchAll(/\.use\(\s*['"`](\/(?:api|v\d+)(?:\/[\w-]+)*)\/?['"`]\s*,([^)\n]*)/g)) {
      if (!/swagger|redoc|docs/i.test(m[2]!)) found.add(m[1]!.replace(/\/+$/, ''));
    }
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
        // Only the login handler's own text: a window of the file took the next route's body fields (critic #4).
        const handler: Handler = def
          ? { file: def.c.file, text: def.c.text, start: def.i, body: handlerText(def.c.file, def.c.text, def.i) }
          : jsHandler(file, text, m.index, code);
        const after = handler.body;
        const wrapper = /req(?:uest)?\.body\.(\w+)|@Body\(\s*['"](\w+)['"]\s*\)|request\.data\.get\(\s*['"](\w+)['"]/.exec(after)?.slice(1).find(Boolean);
        const usernameField = /\bemail\b/i.test(after) ? 'email' : /\busername\b/i.test(after) ? 'username' : undefined;
        candidates.push({
          method,
          path,
          at: `${file}:${lineOf(text, m.index)}`,
          ...(wrapper && !/^(email|password|username|login)$/i.test(wrapper) ? { wrapper } : {}),
          ...(usernameField ? { usernameField } : {}),
          ...sessionIn(handler, code),
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
  // express-jsdoc-swagger: { apiDocsPath: '/v1/api-docs' } serves the JSON there (swaggerUIPath is the page).
  { re: /\bapiDocsPath\s*:\s*['"`](\/[^'"`\s]+)['"`]/g, path: (m) => m[1]! },
  // Express and friends: a route that returns the document (app.get('/openapi.json', …)).
  { re: /\.get\(\s*['"`](\/[\w/-]*(?:openapi|swagger)[\w.-]*\.json)['"`]/gi, path: (m) => m[1]! },
];

/** The OpenAPI document's URL path as the code serves it, if it says so. */
export function servedDocumentIn(sources: readonly { file: string; text: string }[]): ServedDocument | undefined {
  for (const { file, text: raw } of sources.filter((s) => CODE.test(s.file) && !SKIP.test(s.file))) {
    const text = withoutComments(file, raw);
    for (const s of SERVED) {
      for (const m of text.matchAll(s.re)) return { path: s.path(m), at: `${file}:${lineOf(text, m.index)}` };
    }
  }
  return undefined;
}

/** A login page the app serves (HTML a person signs in on), as the code declares it. */
export interface SourceLoginPage {
  path: string;
  at: string;
}

const PAGE_PATH = /(^|\/)(log_?in|sign_?in|signin)\/?$/i;

const PAGE_ROUTES: { re: RegExp; path: number; test?: (after: string) => boolean }[] = [
  // Express, Fastify, Koa, Hono: app.get('/signin', …) that renders or sends a page, not JSON.
  { re: /\.get\(\s*(['"`])(\/[^'"`\s]*)\1/g, path: 2, test: (after) => !/\.json\(/.test(after) || /\.(render|sendFile)\(|text\/html|type\(\s*['"]html/.test(after) },
  // Flask: @app.route('/login') takes GET unless it lists methods without GET.
  { re: /@\w+\.route\(\s*(['"])(\/[^'"\s]*)\1([^)]*)\)/g, path: 2, test: (after) => !/methods\s*=/.test(after.split('\n')[0]!) || /methods\s*=\s*\[[^\]]*GET/i.test(after.split('\n')[0]!) },
  { re: /@\w+\.get\(\s*(['"])(\/[^'"\s]*)\1/g, path: 2 },
  // Rails: get 'login', to: 'sessions#new'; Laravel: Route::get('/login', …)
  { re: /^\s*get\s+(['"])(\/?[^'"\s]*)\1/gm, path: 2 },
  { re: /Route::get\(\s*(['"])(\/?[^'"\s]*)\1/g, path: 2 },
  // Front-end routers served by the app: { path: '/login', component … }, <Route path="/login" …>
  { re: /\bpath\s*[:=]\s*\{?\s*(['"`])(\/[^'"`\s]*)\1/g, path: 2 },
];

/** File-system routes: Next.js pages/login.tsx, app/login/page.tsx, SvelteKit/Nuxt alike. */
const PAGE_FILE = /(?:^|\/)(?:pages|app|routes)\/(?:\([\w-]+\)\/)*((?:log_?in|sign_?in|signin))(?:\/(?:page|\+page|index))?\.(?:[jt]sx?|vue|svelte)$/i;

/**
 * The login page the code declares: a GET route (or a page file) whose path
 * is /login, /signin or alike and not under the API. Undefined when the app
 * signs in only through an API (POST /api/login), which has no page to
 * watch: the smoke check and the monitor then leave the login page out.
 */
export function findLoginPage(sources: readonly { file: string; text: string }[], files: readonly string[] = []): SourceLoginPage | undefined {
  const code = sources.filter((s) => CODE.test(s.file) && !SKIP.test(s.file));
  for (const { file, text } of code) {
    for (const p of PAGE_ROUTES) {
      for (const m of text.matchAll(p.re)) {
        const path = plain(m[p.path]!);
        if (!PAGE_PATH.test(path) || /^\/api(\/|$)/i.test(path)) continue;
        if (p.test && !p.test(handlerText(file, text, m.index))) continue;
        return { path, at: `${file}:${lineOf(text, m.index)}` };
      }
    }
  }
  for (const f of files) {
    if (SKIP.test(f) || /(^|\/)api\//i.test(f)) continue;
    const m = PAGE_FILE.exec(f);
    if (m) return { path: `/${m[1]!.toLowerCase()}`, at: f };
  }
  return undefined;
}

/** The text with comments blanked (same length, so offsets and line numbers hold). */
function withoutComments(file: string, text: string): string {
  const blank = (m: string) => m.replace(/[^\n]/g, ' ');
  if (/\.(py|rb)$/i.test(file)) return text.replace(/^[ \t]*#[^\n]*/gm, blank);
  // Line comments only at a line's start or after whitespace, so URLs in strings (https://…) stay.
  return text.replace(/\/\*[\s\S]*?\*\//g, blank).replace(/(^|[ \t])\/\/[^\n]*/gm, blank);
}

/**
 * The JavaScript handler of the route at `start`: its inline function, or the
 * named one it passes (router.post('/login', auth.login) → function login /
 * login = async (req, res) => … / login(req, res) { … }) found in the code.
 */
function jsHandler(file: string, text: string, start: number, code: readonly { file: string; text: string }[]): Handler {
  const body = handlerText(file, text, start);
  const route = { file, text, start, body };
  if (!/\.(m?[jt]sx?|cjs)$/i.test(file) || /=>|function\b|\{/.test(body.replace(/^[^,]*,/, ''))) return route;
  const name = /([A-Za-z_$][\w$]*)\s*\)\s*;?\s*$/.exec(body)?.[1];
  if (!name) return route;
  const def = new RegExp(`(?:function\\s+${name}\\s*\\(|\\b${name}\\s*[:=]\\s*(?:async\\s*)?(?:function\\b|\\([^)]*\\)\\s*=>|\\w+\\s*=>)|^\\s*(?:async\\s+)?${name}\\s*\\([^)]*\\)\\s*\\{)`, 'm');
  for (const c of code) {
    const m = def.exec(c.text);
    // The function's body: the first brace after its signature.
    if (m) return { file: c.file, text: c.text, start: m.index, body: balanced(c.text, m.index, c.text.indexOf('{', m.index + m[0].length - 1)) };
  }
  return route;
}

/** A route's handler: its text, and where it sits (for file:line in what init writes). */
interface Handler {
  file: string;
  /** The whole file the handler is in, and the handler's offset in it. */
  text: string;
  start: number;
  body: string;
}

const TOKEN_KEY = /\b(token|accessToken|access_token|authToken|auth_token|jwt|idToken|id_token)\b\s*[:,}]/;

/**
 * How the login handler hands the session back, read from its own text:
 * setting a cookie or touching the server-side session means a cookie
 * session; a token key in what it returns means json:KEY (json:user.token when
 * nested one level). Nothing when the handler does not say (e.g. it returns
 * `user.toAuthJSON()`): the framework's habit decides then.
 */
function sessionIn(h: Handler, code: readonly { file: string; text: string }[]): Pick<SourceLogin, 'tokenFrom' | 'tokenWhy'> {
  const handler = h.body;
  const at = (m: RegExpExecArray) => `${h.file}:${lineOf(h.text, h.start + m.index)}`;
  const cookie = /(?:\.cookie|cookies\.set|set_cookie|setCookie)\(\s*['"`]([\w.-]+)['"`]/.exec(handler) ?? /set-cookie['"`]\s*,\s*[`'"]([\w.-]+)=/i.exec(handler);
  if (cookie) return { tokenFrom: `cookie:${cookie[1]!}`, tokenWhy: `the handler sets cookie ${cookie[1]!} (${at(cookie)})` };
  const session = /\b(req|request)\.session\b|\bsession\[|\breq\.logIn?\(|\b(?:auth_)?login\(\s*request\s*,|\bAuth::(?:login|attempt)\(/.exec(handler);
  if (session) {
    const name = sessionCookieName(code);
    return { tokenFrom: `cookie:${name.name}`, tokenWhy: `the handler signs in through the server-side session (${at(session)}); the cookie is ${name.name} (${name.why})` };
  }
  const nested = /(\w+)\s*:\s*\{[^{}]*?\b(token|accessToken|access_token|jwt)\b\s*[:,}]/.exec(handler);
  if (nested && nested[1] !== 'headers') return { tokenFrom: `json:${nested[1]!}.${nested[2]!}`, tokenWhy: `the handler returns ${nested[1]!}.${nested[2]!} (${at(nested)})` };
  const key = /\.(?:json|send)\(\s*\{[^]*$/.test(handler) || /\breturn\s*\{|jsonify\(|Response\(\s*\{/.test(handler) ? TOKEN_KEY.exec(handler) : null;
  if (key) return { tokenFrom: `json:${key[1]!}`, tokenWhy: `the handler returns ${key[1]!} (${at(key)})` };
  return {};
}

/** The session cookie's name: set in the code (session({ name: 'sid' }), SESSION_COOKIE_NAME), else the framework's default. */
function sessionCookieName(code: readonly { file: string; text: string }[]): { name: string; why: string } {
  for (const { file, text } of code) {
    const m =
      /session\(\s*\{[^]{0,800}?\bname\s*:\s*['"`]([\w.-]+)['"`]/.exec(text) ??
      /SESSION_COOKIE_NAME\s*=\s*['"]([\w.-]+)['"]/.exec(text) ??
      /session_store\s+:cookie_store,\s*key:\s*['"]([\w.-]+)['"]/.exec(text);
    if (m) return { name: m[1]!, why: `named at ${file}:${lineOf(text, m.index)}` };
  }
  if (code.some((c) => /\.py$/.test(c.file) && /django/i.test(c.text))) return { name: 'sessionid', why: "Django's default" };
  if (code.some((c) => /\.py$/.test(c.file))) return { name: 'session', why: "Flask's default" };
  if (code.some((c) => /\.php$/.test(c.file))) return { name: 'laravel_session', why: "Laravel's default" };
  return { name: 'connect.sid', why: "express-session's default" };
}
